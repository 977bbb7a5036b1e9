// How many helper threads `qipp validate` starts (server/src/node/check.ts): one per core the
// machine's load leaves idle. Which thread checks a plan never changes its results (see
// test/cli/validate.test.mjs); this only holds the decision to its rule.
import assert from 'node:assert/strict';
import { loadTs } from '../cli/helpers.mjs';

describe('helper threads for a cold run', () => {
  let helpersFor;
  before(async function () {
    this.timeout(60_000);
    ({ helpersFor } = await loadTs('server/src/node/check.ts'));
  });

  const cases = [
    // cores, load average, helpers
    [2, 0, 1], // an idle two-core machine (CI): one helper
    [2, 1.0, 1], // the previous run of a sequence still in the average
    [2, 1.6, 0], // another busy process as well: no core to spare
    [2, 6.3, 0], // a shared machine under load
    [8, 0, 7],
    [8, 3.2, 5],
    [1, 0, 0], // one core: never a helper
    [4, Number.NaN, 3], // no load average known
    [4, -1, 3],
  ];
  for (const [cores, load, want] of cases) {
    it(`${cores} cores at load ${load}: ${want}`, () => assert.equal(helpersFor(cores, load), want));
  }
});
