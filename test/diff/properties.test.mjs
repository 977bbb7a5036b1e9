// Properties of diffPlans over the samples and generated plans with random
// edits (fast-check, fixed seed): a plan compared with itself has no changes;
// diff(A, B) and diff(B, A) mirror each other; and the money changes the diff
// reports, applied to A's totals, give B's totals.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { ROOT } from '../cli/helpers.mjs';
import { asSet, mirror } from './helpers.mjs';

const require = createRequire(import.meta.url);
const core = require(join(ROOT, 'dist/core.js'));
const engine = core.createEngine({ rules: core.defaultRules() });
const SEED = 20261201;

const samples = readdirSync(join(ROOT, 'samples'))
  .filter((n) => n.endsWith('.plan.yaml'))
  .map((n) => ({ name: `samples/${n}`, text: readFileSync(join(ROOT, 'samples', n), 'utf8') }));
const generated = [1, 2, 3].map((seed) => ({ name: `generated, seed ${seed}`, text: spawnSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), '30', String(seed)], { encoding: 'utf8' }).stdout }));

const shiftDate = (iso, days) => new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * 86_400_000).toISOString().slice(0, 10);
const STATUSES = ['not-started', 'on-track', 'at-risk', 'late', 'done'];

/** Line edits a planning lead makes, each keeping the YAML well formed: [pattern, replacement from a random number]. */
const EDITS = [
  [/(\bdue: )(\d{4}-\d{2}-\d{2})/, (r) => (_, k, d) => `${k}${shiftDate(d, (r % 801) - 400)}`],
  [/^(as_of: )(\d{4}-\d{2}-\d{2})/, (r) => (_, k, d) => `${k}${shiftDate(d, (r % 401) - 200)}`],
  [/(\d{4}\/\d{2}: )(\d+(?:\.\d+)?)/, (r) => (_, k) => `${k}${(r % 100) / 10}`],
  [/(amount_gbp_m: )(\d+(?:\.\d+)?)/, (r) => (_, k) => `${k}${(r % 50) / 10}`],
  [/(\bstatus: )(not-started|on-track|at-risk|late|done)\b/, (r) => (_, k) => `${k}${STATUSES[r % 5]}`],
  [/(\b(?:likelihood|impact): )[1-5]\b/, (r) => (_, k) => `${k}${(r % 5) + 1}`],
  [/(\brag: )(red|amber|green)\b/, (r) => (_, k) => `${k}${['red', 'amber', 'green'][r % 3]}`],
  [/(\brecurrent: )(true|false)\b/, (r) => (_, k) => `${k}${r % 2 === 0}`],
  // A whole one-line milestone, organisation or risk taken out.
  [/^\s+- \{id: .*\}\s*$/, () => () => null],
];

/** Applies edits [kind, line pick, random] to a text: each to the pick-th line its pattern matches. */
function edit(text, edits) {
  const lines = text.split('\n');
  for (const [kind, pick, r] of edits) {
    const [pattern, make] = EDITS[kind];
    const at = lines.map((l, i) => (pattern.test(l) ? i : -1)).filter((i) => i >= 0);
    if (at.length === 0) continue;
    const i = at[pick % at.length];
    const replaced = lines[i].replace(pattern, make(r));
    if (replaced === 'null') lines.splice(i, 1);
    else lines[i] = replaced;
  }
  return lines.join('\n');
}

const anEdit = fc.tuple(fc.nat(EDITS.length - 1), fc.nat(10_000), fc.nat(10_000));
const edits = fc.array(anEdit, { minLength: 1, maxLength: 6 });

/** A's totals with the diff's money changes applied, and B's totals, on the same years. */
function applied(diff, kind) {
  const targetKey = core.KINDS[kind].targetKey;
  const years = new Map(diff.money.old.years.map((y) => [y.year, { ...y }]));
  const year = (y) => years.get(y) ?? years.set(y, { year: y, target: null, recurrent: 0, oneOff: 0, gap: null }).get(y);
  const funds = { ...diff.money.old.funds };
  for (const c of diff.changes) {
    if (c.type === 'savings') {
      year(c.year).recurrent += c.new.recurrent - c.old.recurrent;
      year(c.year).oneOff += c.new.oneOff - c.old.oneOff;
    } else if (c.type === 'finance' && c.key === targetKey) year(c.year).target = c.new;
    else if (c.type === 'fund') funds[c.list] += (c.new ?? 0) - (c.old ?? 0);
  }
  return { years, funds };
}

function assertMoneyAdds(diff, kind) {
  const got = applied(diff, kind);
  const want = new Map(diff.money.new.years.map((y) => [y.year, y]));
  const zero = { target: null, recurrent: 0, oneOff: 0 };
  for (const y of new Set([...got.years.keys(), ...want.keys()])) {
    const g = got.years.get(y) ?? zero;
    const w = want.get(y) ?? zero;
    assert.ok(Math.abs(g.recurrent - w.recurrent) < 1e-6 && Math.abs(g.oneOff - w.oneOff) < 1e-6, `${y}: savings ${g.recurrent}/${g.oneOff} after the changes, ${w.recurrent}/${w.oneOff} in B`);
    assert.equal(g.target, w.target, `${y}: target`);
    if (w.target !== null) assert.ok(Math.abs(g.target - g.recurrent - w.gap) < 1e-6, `${y}: gap`);
  }
  for (const list of Object.keys(got.funds)) assert.ok(Math.abs(got.funds[list] - diff.money.new.funds[list]) < 1e-6, `${list}: ${got.funds[list]} against ${diff.money.new.funds[list]}`);
}

describe('diffPlans: properties over samples and generated plans with random edits', function () {
  this.timeout(300_000);
  for (const base of [...samples, ...generated]) {
    it(`${base.name}: itself, mirror, money`, () => {
      const A = engine.analyze(base.text);
      assert.ok(A.plan, 'the base is a plan');
      assert.deepEqual(core.diffPlans(A, A).changes, []);
      fc.assert(
        fc.property(edits, (e) => {
          const B = engine.analyze(edit(base.text, e));
          if (!B.plan) return;
          assert.deepEqual(core.diffPlans(B, B).changes, [], 'B against itself');
          const ab = core.diffPlans(A, B);
          const ba = core.diffPlans(B, A);
          assert.deepEqual(asSet(ba.changes), asSet(ab.changes.map(mirror)), 'diff(B, A) mirrors diff(A, B)');
          assertMoneyAdds(ab, A.plan.kind);
          assertMoneyAdds(ba, A.plan.kind);
        }),
        { seed: SEED, numRuns: 25 },
      );
    });
  }

  it('the edits do change plans: most random edits give some change', () => {
    const A = engine.analyze(generated[0].text);
    const runs = fc.sample(edits, { seed: SEED, numRuns: 40 });
    const changed = runs.filter((e) => core.diffPlans(A, engine.analyze(edit(generated[0].text, e))).changes.length > 0).length;
    assert.ok(changed >= 30, `only ${changed} of 40 edited plans differ`);
  });
});
