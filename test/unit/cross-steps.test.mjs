// crossPlanSteps: the cross-plan rules in steps (the language server runs them
// over a large folder a slice at a time) give exactly what crossPlanFindings
// gives, pausing as they go. Plans: the cross-plan golden fixtures, each folder's
// plans repeated under many keys so that there are findings of every rule and
// more plans than one step takes. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { contextFor, FIXTURES, loadCore, walk } from '../golden/support.mjs';

describe('crossPlanSteps', () => {
  let core;
  let plans;
  before(() => {
    core = loadCore();
    const engine = core.createEngine({ rules: {} });
    const folders = readdirSync(FIXTURES).filter((d) => d.startsWith('cross-')).flatMap((d) => ['fires', 'near-miss'].map((k) => join(FIXTURES, d, k)));
    const base = folders.flatMap((folder) => walk(folder).map((f) => ({ label: `${basename(join(f, '../..'))}/${basename(f)}`, facts: core.planFacts(engine.analyze(readFileSync(f, 'utf8'), contextFor(f))) })));
    // Keys out of order, so that the steps must follow the keys' order too.
    plans = Array.from({ length: 30 }, (_, r) => base.map((p, i) => ({ ...p, key: `${String(29 - r).padStart(2, '0')}/${String(i).padStart(3, '0')}` }))).flat();
    plans[5] = { ...plans[5], rules: { 'cross-duplicate-plan': 'off', 'cross-org-conflict': 'info' } };
  });

  it('gives what crossPlanFindings gives, in several steps', () => {
    const expected = core.crossPlanFindings(plans);
    const rules = new Set(expected.flat().map((f) => f.rule));
    assert.deepEqual([...rules].sort(), ['cross-dual-role', 'cross-duplicate-plan', 'cross-org-conflict'], 'the plans give findings of every cross-plan rule');
    const steps = core.crossPlanSteps(plans, 7);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses >= Math.floor(plans.length / 7) * 3, `paused ${pauses} times over ${plans.length} plans`);
    assert.deepEqual(step.value, expected);
  });

  it('gives no finding for fewer than two plans, at once', () => {
    const step = core.crossPlanSteps(plans.slice(0, 1)).next();
    assert.equal(step.done, true);
    assert.deepEqual(step.value, [[]]);
  });
});
