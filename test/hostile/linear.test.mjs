// Small inputs, long times (issue 15): for each hostile input of
// bench/hostile-inputs.mjs, the time at size n and at 4n in the same process
// (the least of up to three runs of each, taken in turn, so that a busy
// machine slows both alike). Time that grows linearly gives a ratio near 4;
// quadratic time gives near 16. The test fails at 8. The sizes are large
// enough that the quadratic versions these inputs once hit are well over 8,
// and small enough that the linear ones take a few seconds in all.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { INPUTS, prepare } from '../../bench/hostile-inputs.mjs';
import { loadCore } from '../fuzz/support.mjs';

const LIMIT = 8;
/** The size n of each input in this test (4n is the larger run). */
const SIZES = {
  aliases: 1_000,
  'aliases-full': 1_000,
  keys: 5_000,
  'keys-yaml': 5_000,
  'long-lead': 3_000,
  'owners-65': 150,
  'owners-40': 150,
  milestones: 5_000,
  'spaces-hover': 10_000,
  'spaces-complete': 10_000,
  'spaces-elsewhere': 10_000,
  'quotes-hover': 5_000,
};
/** After this long in all, no further round of runs is started (a quadratic version takes minutes). */
const BUDGET_MS = 8_000;

function timeOnce(core, input, text) {
  prepare(core, input, text);
  const t0 = performance.now();
  input.work(core, text);
  return performance.now() - t0;
}

/** The least time of each size over up to three rounds, and their ratio. */
function growth(core, input, n) {
  const small = input.make(n);
  const large = input.make(4 * n);
  timeOnce(core, input, small); // warm up
  const best = { small: Infinity, large: Infinity };
  const start = performance.now();
  for (let round = 0; round < 3 && (round === 0 || performance.now() - start < BUDGET_MS); round++) {
    best.small = Math.min(best.small, timeOnce(core, input, small));
    best.large = Math.min(best.large, timeOnce(core, input, large));
  }
  return { ...best, ratio: best.large / best.small };
}

describe('hostile inputs take time linear in their size (issue 15)', function () {
  this.timeout(600_000);
  let core;
  before(() => {
    // QIPP_CORE=path/to/core.js runs the test on another build (an older one, to see it fail).
    core = process.env.QIPP_CORE ? createRequire(import.meta.url)(process.env.QIPP_CORE) : loadCore();
    core.warmUp();
  });

  for (const input of INPUTS) {
    const n = SIZES[input.name];
    it(`${input.name}: ${input.what.replace(/\bn\b/, n.toLocaleString('en-GB'))}, then 4 times as many`, () => {
      const g = growth(core, input, n);
      const line = `${input.name}: ${g.small.toFixed(0)} ms at ${n}, ${g.large.toFixed(0)} ms at ${4 * n}: ratio ${g.ratio.toFixed(1)}`;
      console.log(`      ${line}`);
      assert.ok(g.ratio < LIMIT, `time grows faster than the input: ${line} (linear is about 4, quadratic 16)`);
    });
  }
});
