// Small inputs, long times (issue 15): for each hostile input of
// bench/hostile-inputs.mjs, the time at size n and at 4n, measured in one
// fresh process (bench/hostile.mjs measure()): CPU time after a garbage
// collection, not time on the clock, so that other work on a shared machine
// does not count, and the least of up to three runs of each, taken in turn.
// Time that grows linearly gives a ratio near 4; quadratic time gives near
// 16. The test fails at 8. Below FLOOR_MS a time is counted as FLOOR_MS: the
// ratio of two tiny times is noise. The sizes are large enough that the
// quadratic versions these inputs once hit are well over 8, and small enough
// that the linear ones take seconds in all.
import assert from 'node:assert/strict';
import { measure } from '../../bench/hostile.mjs';
import { INPUTS } from '../../bench/hostile-inputs.mjs';

const LIMIT = 8;
const FLOOR_MS = 25;
/** The size n of each input in this test (4n is the larger run). */
const SIZES = {
  aliases: 2_000,
  'aliases-full': 2_000,
  keys: 5_000,
  'keys-yaml': 5_000,
  'long-lead': 8_000,
  'owners-65': 150,
  'owners-40': 150,
  milestones: 5_000,
  'spaces-hover': 10_000,
  'spaces-complete': 10_000,
  'spaces-elsewhere': 10_000,
  'quotes-hover': 5_000,
};
/** After this long on the clock, no further round of runs is started (a quadratic version takes minutes). */
const BUDGET_MS = 8_000;

describe('hostile inputs take time linear in their size (issue 15)', function () {
  this.timeout(900_000);

  for (const input of INPUTS) {
    const n = SIZES[input.name];
    it(`${input.name}: ${input.what.replace(/\bn\b/g, n.toLocaleString('en-GB'))}, then 4 times as many`, () => {
      // QIPP_CORE=path/to/core.js runs the test on another build (an older one, to see it fail).
      const [small, large] = measure(input.name, [n, 4 * n], { runs: 3, budgetMs: BUDGET_MS, core: process.env.QIPP_CORE }).map((ts) => Math.min(...ts));
      const ratio = Math.max(large, FLOOR_MS) / Math.max(small, FLOOR_MS);
      const line = `${input.name}: ${small.toFixed(0)} ms at ${n}, ${large.toFixed(0)} ms at ${4 * n}: ratio ${ratio.toFixed(1)}`;
      console.log(`      ${line}`);
      assert.ok(ratio < LIMIT, `time grows faster than the input: ${line} (linear is about 4, quadratic 16)`);
    });
  }

  it('has a size for every input', () => {
    assert.deepEqual(INPUTS.map((i) => i.name).filter((name) => !SIZES[name]), []);
  });
});
