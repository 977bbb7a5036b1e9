// Every quick fix, applied as an editor applies it: the rule no longer fires,
// no new diagnostic appears, and every line outside the edit is unchanged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS, PLAN_KINDS } from '../../dist/core.js';
import { applyEdits, CLI, Client, editsOf, uriOf } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const nav = readFileSync(resolve(here, 'fixtures/nav.plan.yaml'), 'utf8');

/** Removes a top-level section (its key line and everything indented under it). */
function withoutSection(text, key) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${key}:`));
  assert.ok(start >= 0, `no ${key} section`);
  let end = start + 1;
  while (end < lines.length && (lines[end].startsWith(' ') || lines[end] === '')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

const diagKey = (d) => `${d.code}|${d.severity}|${d.message}`;

describe('quick fixes', function () {
  let c;
  let n = 0;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-fix-'));
    c = new Client();
    await c.initialize({ rootPath: resolve(here, 'fixtures/empty-workspace') });
  });
  after(async () => {
    await c.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Opens `text`, finds the diagnostic of `rule` (the `nth`), asks for its fixes,
   * applies the preferred one (or the one titled `title`) and checks the result.
   */
  async function checkFix(text, rule, { title, nth = 0, expectText } = {}) {
    const uri = uriOf(join(dir, `case-${++n}.plan.yaml`));
    c.open(uri, text, 1);
    const before = await c.diagnosticsFor(uri, 1);
    const target = before.filter((d) => d.code === rule)[nth];
    assert.ok(target, `${rule} fires before the fix: ${JSON.stringify(before.map((d) => d.code))}`);
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
    const action = title ? actions.find((a) => a.title === title) : actions.find((a) => a.isPreferred);
    assert.ok(action, `a fix for ${rule}: ${JSON.stringify(actions.map((a) => a.title))}`);
    const edits = editsOf(action.edit, uri);
    assert.equal(action.edit.documentChanges[0].textDocument.version, 1);
    const fixed = applyEdits(text, edits);
    if (expectText) assert.equal(fixed, expectText);
    c.change(uri, 2, [{ text: fixed }]);
    const after = await c.diagnosticsFor(uri, 2);

    // The rule no longer fires where it did (other findings of the same rule may remain).
    assert.equal(after.filter((d) => d.code === rule).length, before.filter((d) => d.code === rule).length - 1, `${rule} is fixed: ${JSON.stringify(after)}`);
    // No new diagnostic: everything after the fix was there before (as rule, severity and message).
    const was = before.map(diagKey);
    for (const d of after) {
      const k = diagKey(d);
      const i = was.indexOf(k);
      assert.ok(i >= 0, `new diagnostic after the fix: ${k}`);
      was.splice(i, 1);
    }
    // Every line outside the edit is unchanged.
    const a = text.split('\n');
    const b = fixed.split('\n');
    const first = Math.min(...edits.map((e) => e.range.start.line));
    const last = Math.max(...edits.map((e) => e.range.end.line));
    assert.deepEqual(b.slice(0, first), a.slice(0, first), 'lines before the edit');
    const tail = a.length - 1 - last;
    assert.deepEqual(b.slice(b.length - tail), a.slice(a.length - tail), 'lines after the edit');
    return { fixed, edits, action };
  }

  describe('required-section: a skeleton that passes the schema', function () {
    const sections = Object.fromEntries(PLAN_KINDS.map((k) => [k, KINDS[k].requiredSections]));
    for (const [kind, keys] of Object.entries(sections)) {
      for (const key of keys) {
        it(`${kind}: adds \`${key}\``, async () => {
          const file = join(dir, `${kind}.plan.yaml`);
          execFileSync(process.execPath, [CLI, 'init', '--kind', kind, '--force', file]);
          const { action } = await checkFix(withoutSection(readFileSync(file, 'utf8'), key), 'required-section');
          assert.equal(action.title, `Add the \`${key}\` section`);
        });
      }
    }
    it('fills in a section that is present but empty', async () => {
      const text = nav.replace(/^provision:\n(?: .*\n)+/m, 'provision:\n');
      await checkFix(text, 'required-section');
    });
    it('adds finance with a target that matches the savings', async () => {
      const { fixed } = await checkFix(withoutSection(nav, 'finance'), 'required-section');
      assert.match(fixed, /\nfinance:\n {2}efficiency_target_gbp_m: \{2010\/11: 1, 2011\/12: 2, 2012\/13: 2, 2013\/14: 2\}\n$/);
    });
  });

  it('fy-format: a malformed financial year key', async () => {
    const text = nav.replace('savings_gbp_m: {2010/11: 0.5, 2011/12: 1.0', 'savings_gbp_m: {2010/11: 0.5, 2011/13: 1.0');
    const { edits } = await checkFix(text, 'fy-format');
    assert.deepEqual(edits.map((e) => e.newText), ['2011/12']);
  });

  it('fy-format: a financial year written with a hyphen, and a malformed period', async () => {
    const text = nav.replace('{2010/11: 1.0, 2011/12: 2.0,', '{2010-11: 1.0, 2011/12: 2.0,');
    const { edits } = await checkFix(text, 'fy-format');
    assert.deepEqual(edits.map((e) => e.newText), ['2010/11']);
    const period = await checkFix(nav.replace('period: 2010/11-2013/14', 'period: 2010/11-2013/15'), 'fy-format');
    assert.deepEqual(period.edits.map((e) => e.newText), ['2010/11-2013/14']);
  });

  it('unknown-ref: the nearest existing id', async () => {
    const { edits } = await checkFix(nav.replace('after: [C1.1]\n', 'after: [C1.l]\n'), 'unknown-ref');
    assert.deepEqual(edits.map((e) => e.newText), ['C1.1']);
    const del = await checkFix(nav.replace('delivers: regional-split', 'delivers: regional-splt'), 'unknown-ref');
    assert.deepEqual(del.edits.map((e) => e.newText), ['regional-split']);
  });

  it('schema: an invalid enum value becomes the closest allowed one', async () => {
    const { edits, action } = await checkFix(nav.replace('level: regional', 'level: regionl'), 'schema');
    assert.equal(action.title, 'Change to `regional` (the closest allowed value)');
    assert.deepEqual(edits.map((e) => e.newText), ['regional']);
  });

  it('clinical-lead-missing: adds a clinical_lead to fill in, in block and flow style', async () => {
    const { fixed } = await checkFix(nav.replace('      clinical_lead: Dr B. Okafor\n', ''), 'clinical-lead-missing', {
      expectText: nav.replace('      clinical_lead: Dr B. Okafor\n', '      clinical_lead: Name of the clinical lead\n'),
    });
    assert.ok(fixed);
    const flow = [
      'kind: qipp-reform-plan', 'schema_version: 1', 'title: Flow', 'organisation: sha-test', 'period: 2010/11-2013/14', 'status: draft',
      'organisations:', '  - {id: sha-test, name: NHS Testshire, type: sha}', '  - {id: pct-ayle, name: Aylesford PCT, type: pct}',
      'engagement: {staff: a, partners: b, public: c}', 'finance:', '  efficiency_target_gbp_m: {2010/11: 0, 2011/12: 0, 2012/13: 0, 2013/14: 0}',
      'commissioning:', '  aims: [An aim]', '  initiatives:',
      '    - {id: C1, title: T, side: commissioner, lead: pct-ayle, pillars: [quality], level: local, milestones: [{id: C1.1, title: M, due: 2010-12-31}]}',
      'provision:', '  aims: [An aim]', '  initiatives:', '    - {id: P1, title: T, side: joint, lead: sha-test, pillars: [quality], level: local, milestones: [{id: P1.1, title: M, due: 2010-12-31}]}',
      'enabling:', '  aims: [An aim]', '  initiatives:', '    - {id: E1, title: T, side: joint, lead: sha-test, pillars: [quality], level: local, milestones: [{id: E1.1, title: M, due: 2010-12-31}]}', '',
    ].join('\n');
    const r = await checkFix(flow, 'clinical-lead-missing');
    assert.match(r.fixed, /due: 2010-12-31\}\], clinical_lead: Name of the clinical lead\}\n/);
  });

  it('quality-impact-missing: adds a quality_impact stub', async () => {
    const text = nav.replace('      quality_impact: {assessed_on: 2010-07-15, summary: Shorter waits.}\n', '');
    const { edits } = await checkFix(text, 'quality-impact-missing');
    assert.deepEqual(edits.map((e) => e.newText), ['\n      quality_impact: {assessed_on: 2010-08-31, summary: What the saving means for the quality of care}']);
  });

  it('split-section-side: swaps `side` to match the section', async () => {
    const text = nav.replace('      side: commissioner\n      lead: pct-ayle', '      side: provider\n      lead: pct-ayle');
    const { edits, action } = await checkFix(text, 'split-section-side');
    assert.equal(action.title, 'Make it commissioner-side, as its section is');
    assert.deepEqual(edits.map((e) => e.newText), ['commissioner']);
  });

  it('split-section-side: prefers joint when the lead is on the other side', async () => {
    const text = nav.replace('      side: commissioner\n      lead: pct-ayle', '      side: provider\n      lead: trust-nh');
    const { action } = await checkFix(text, 'split-section-side');
    assert.equal(action.title, 'Make it joint');
  });
});
