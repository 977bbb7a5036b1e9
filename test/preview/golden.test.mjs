// Golden tests of the renderer: each sample plan and each valid conformance
// case, exported as HTML, must equal its snapshot in test/golden/preview/.
// `UPDATE=1 npm test` rewrites the snapshots; review the diff before committing.
// Refused when CI is set (test/support/update-mode.mjs).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { updateMode } from '../support/update-mode.mjs';
import { PLAN_KINDS } from '../../dist/core.js';
import { analyzeFile, core, fileName, goldenPlans, ROOT } from './helpers.mjs';

const GOLDEN = join(ROOT, 'test/golden/preview');
const UPDATE = updateMode();

/** The first line where two texts differ, with a little context, for a readable failure. */
function firstDifference(actual, expected) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      const col = [...(a[i] ?? '')].findIndex((ch, j) => ch !== (e[i] ?? '')[j]);
      const from = Math.max(0, col - 60);
      return `line ${i + 1}, column ${col + 1}:\n  actual:   …${(a[i] ?? '<end>').slice(from, from + 160)}\n  expected: …${(e[i] ?? '<end>').slice(from, from + 160)}`;
    }
  }
  return 'no difference';
}

describe('preview renderer: golden HTML', () => {
  const plans = goldenPlans();

  it('covers the samples of every kind and the valid conformance cases', () => {
    const kinds = new Set(plans.filter((p) => p.name.startsWith('samples/')).map((p) => analyzeFile(p.path).kind));
    assert.deepEqual([...kinds].sort(), [...core().PLAN_KINDS].sort(), 'a kind has no sample');
    assert.ok(plans.some((p) => p.name === 'samples/with-mistakes'), 'samples/with-mistakes.plan.yaml is not covered');
    assert.equal(plans.filter((p) => p.name.startsWith('conformance/')).length, core().PLAN_KINDS.length, 'the valid conformance case of each kind is not covered');
  });

  it('inlines the one stylesheet (PREVIEW_CSS) in every exported page', () => {
    for (const plan of plans) {
      const html = core().renderPlan(analyzeFile(plan.path), { mode: 'export', fileName: fileName(plan.path) });
      assert.ok(html.includes(core().PREVIEW_CSS), `${plan.name}: the exported page does not carry the stylesheet`);
    }
  });

  for (const plan of plans) {
    it(`${plan.name} renders as its snapshot`, () => {
      // The stylesheet is the same in every page (checked above), so the snapshots hold the markup only.
      const html = core().renderPlan(analyzeFile(plan.path), { mode: 'export', fileName: fileName(plan.path) }).replace(core().PREVIEW_CSS, '/* PREVIEW_CSS */');
      const file = join(GOLDEN, `${plan.name}.html`);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, html);
        return;
      }
      assert.ok(existsSync(file), `no snapshot ${file}: run \`UPDATE=1 npm test\` and review the new file`);
      const expected = readFileSync(file, 'utf8');
      if (html !== expected) assert.fail(`${plan.name} differs from its snapshot at ${firstDifference(html, expected)}\n(run \`UPDATE=1 npm test\` if the change is intended)`);
    });
  }

  it('every finding of every golden plan is shown exactly once', () => {
    for (const plan of plans) {
      const analysis = analyzeFile(plan.path);
      const html = core().renderPlan(analysis, { mode: 'export' });
      const shown = html.match(/<li class="finding sev-/g) ?? [];
      assert.equal(shown.length, analysis.findings.length, `${plan.name}: ${shown.length} findings shown, ${analysis.findings.length} found`);
    }
  });
});
