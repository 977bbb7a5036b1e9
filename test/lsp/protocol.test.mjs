// Protocol tests: the real server bundle over stdio, driven as an editor drives it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, Client, editsOf, uriOf } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NAV = resolve(here, 'fixtures/nav.plan.yaml');
const navText = readFileSync(NAV, 'utf8');
const navLines = navText.split('\n');
const lineOf = (re, from = 0) => navLines.findIndex((l, i) => i >= from && re.test(l));
const pos = (line, character) => ({ line, character });
const range = (l1, c1, l2, c2) => ({ start: pos(l1, c1), end: pos(l2, c2) });

describe('language server protocol', function () {
  let c;
  let n = 0;
  /** Opens the navigation plan, changed by `edit` (a function of its lines), under a fresh name. */
  const openVariant = async (edit = (ls) => ls) => {
    // As in an editor: the plan is open and well formed, then the person types.
    const uri = uriOf(resolve(here, `fixtures/variant-${++n}.plan.yaml`));
    c.open(uri, navText);
    await c.diagnosticsFor(uri, 1);
    const text = edit([...navLines]).join('\n');
    c.change(uri, 2, [{ text }]);
    await c.diagnosticsFor(uri, 2);
    return { uri, text, lines: text.split('\n') };
  };
  const complete = async (uri, line, character) => {
    const r = await c.request('textDocument/completion', { textDocument: { uri }, position: pos(line, character) });
    return r.items;
  };

  before(async () => {
    c = new Client();
    await c.initialize({ rootPath: resolve(here, 'fixtures/empty-workspace') });
  });
  after(async () => {
    await c.stop();
  });

  it('announces its features', () => {
    const caps = c.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync.change, 2);
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.selectionRangeProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.ok(caps.completionProvider.triggerCharacters.includes(':'));
  });

  it('publishes no diagnostic for a valid plan, with its version', async () => {
    const uri = uriOf(NAV);
    c.open(uri, navText, 1);
    assert.deepEqual(await c.diagnosticsFor(uri, 1), []);
  });

  it('reports an edit at once, with the rule id, its documentation and the version', async () => {
    const uri = uriOf(NAV);
    const line = lineOf(/^ {6}lead: pct-ayle/);
    c.change(uri, 2, [{ range: range(line, 12, line, 20), text: 'pct-ayel' }]);
    const d = await c.diagnosticsFor(uri, 2);
    assert.match(d[0]?.message ?? '', /^`pct-ayel` in `lead` .*Did you mean `pct-ayle`\?$/);
    assert.deepEqual(d, [
      {
        range: range(line, 12, line, 20),
        severity: 1,
        code: 'unknown-ref',
        source: 'qipp',
        message: d[0]?.message,
        codeDescription: { href: 'https://github.com/qipp-plans/qipp-plans/blob/main/docs/rules.md#unknown-ref' },
      },
    ]);
  });

  it('never publishes a result for an older version after a newer one, and ends on the latest', async () => {
    const uri = uriOf(NAV);
    const line = lineOf(/^ {6}title: Urgent care/);
    const col = navLines[line].length;
    const before = (c.diagnostics.get(uri) ?? []).length;
    for (let v = 3; v <= 12; v++) {
      const insert = v % 2 === 1;
      c.change(uri, v, [{ range: range(line, col, line, insert ? col : col + 1), text: insert ? 'x' : '' }]);
    }
    await c.diagnosticsFor(uri, 12);
    const versions = c.diagnostics.get(uri).slice(before).map((p) => p.version);
    assert.equal(versions[versions.length - 1], 12);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `published in order: ${versions}`);
    assert.ok(versions.length <= 10, `at most one result per version: ${versions}`);
  });

  it('offers organisations for `lead`, with name and side', async () => {
    const { uri } = await openVariant();
    const line = lineOf(/^ {6}lead: pct-ayle/);
    const items = await complete(uri, line, 12);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [
      ['sha-test', 'NHS Testshire · neutral'],
      ['pct-ayle', 'Aylesford PCT · commissioner'],
      ['trust-nh', 'Northshire Hospitals NHS Trust · provider'],
    ]);
    assert.deepEqual(items[1].textEdit, { range: range(line, 12, line, 20), newText: 'pct-ayle' });
  });

  it('offers the allowed values of an enum with what each means', async () => {
    const { uri } = await openVariant();
    const line = lineOf(/^ {10}status: on-track/);
    const items = await complete(uri, line, 18);
    assert.deepEqual(items.map((i) => i.label), ['not-started', 'on-track', 'at-risk', 'late', 'done']);
    assert.equal(items[4].detail, 'Milestone: finished; give `done_on` with the date.');
    assert.match(items[0].documentation.value, /Progress at the plan's `as_of` date/);
  });

  it('offers booleans', async () => {
    const at = lineOf(/^ {6}level: regional/);
    const { uri } = await openVariant((ls) => (ls.splice(at + 1, 0, '      recurrent: '), ls));
    assert.deepEqual((await complete(uri, at + 1, 17)).map((i) => [i.label, i.detail]), [
      ['true', 'the default'],
      ['false', undefined],
    ]);
  });

  it('offers national milestones with their deadlines for `delivers`', async () => {
    const { uri, lines } = await openVariant();
    const line = lines.findIndex((l) => l.includes('delivers: regional-split'));
    const items = await complete(uri, line, lines[line].indexOf('regional-split'));
    assert.equal(items.length, 13);
    assert.deepEqual([items[2].label, items[2].detail], ['regional-split', 'by 2010-12-31 · Commissioner/provider split at national and regional level']);
    assert.match(items[2].documentation.value, /complete the commissioner \/ provider split/);
    assert.deepEqual([items[4].label, items[4].detail.split(' · ')[0]], ['bridging-until', 'not before 2011-03-31']);
  });

  it('offers the keys a milestone may still have, not those present', async () => {
    const at = lineOf(/^ {10}status: on-track/);
    const { uri } = await openVariant((ls) => (ls.splice(at + 1, 0, '          '), ls));
    const items = await complete(uri, at + 1, 10);
    assert.deepEqual(items.map((i) => i.label), ['owner', 'after', 'delivers', 'done_on']);
    assert.equal(items[1].textEdit.newText, 'after: [$1]$0');
  });

  it('offers the keys an initiative may still have while the line does not parse yet', async () => {
    const at = lineOf(/^ {6}level: regional/);
    const { uri } = await openVariant((ls) => (ls.splice(at + 1, 0, '      sa'), ls));
    const items = await complete(uri, at + 1, 8);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('savings_gbp_m') && labels.includes('clinical_lead') && !labels.includes('lead') && !labels.includes('milestones'), labels.join());
    const savings = items.find((i) => i.label === 'savings_gbp_m');
    assert.equal(savings.textEdit.newText, 'savings_gbp_m: {2010/11: ${1:0}, 2011/12: ${2:0}, 2012/13: ${3:0}, 2013/14: ${4:0}}$0');
  });

  it('offers the financial years of the period for yearly money', async () => {
    const at = lineOf(/^ {6}level: regional/);
    const { uri } = await openVariant((ls) => (ls.splice(at + 1, 0, '      savings_gbp_m:', '        2011/12: 1', '        '), ls));
    const items = await complete(uri, at + 3, 8);
    assert.deepEqual(items.map((i) => i.label), ['2010/11', '2012/13', '2013/14']);
    assert.equal(items[0].detail, 'financial year, 1 April 2010 to 31 March 2011');
  });

  it('offers milestones for `after` and initiatives for `depends_on`, leaving out those already listed and the item itself', async () => {
    const { uri, lines } = await openVariant();
    // P1.1's own `after`: P1.1 after itself would be a loop.
    const after = lines.findIndex((l) => l.includes('after: [C1.1]') && l.includes('P1.1'));
    const ms = await complete(uri, after, lines[after].indexOf('C1.1]') + 4);
    assert.deepEqual(ms.map((i) => i.label), ['C1.1', 'C1.2', 'E1.1']);
    // P1's own `depends_on`.
    const dep = lines.findIndex((l) => l.includes('depends_on: [C1]'));
    const ini = await complete(uri, dep, lines[dep].indexOf('[C1]') + 1);
    assert.deepEqual(ini.map((i) => [i.label, i.detail]), [
      ['C1', 'Urgent care admissions avoidance · commissioner'],
      ['E1', 'Regional commissioner/provider split · joint'],
    ]);
    const pillars = lines.findIndex((l) => l.includes('pillars: [quality, productivity]'));
    const more = await complete(uri, pillars, lines[pillars].indexOf('productivity]') + 'productivity'.length);
    assert.deepEqual(more.map((i) => i.label), ['innovation', 'productivity', 'prevention']);
  });

  it('offers a new initiative with its side preset from the section', async () => {
    const at = lineOf(/^ {2}initiatives:/, lineOf(/^provision:/));
    const { uri } = await openVariant((ls) => (ls.splice(at + 1, 0, '    - '), ls));
    const items = await complete(uri, at + 1, 6);
    const snippet = items.find((i) => i.label === 'New initiative');
    assert.equal(snippet.detail, 'provider-side, with a first milestone');
    assert.equal(
      snippet.textEdit.newText,
      [
        'id: ${1:P2}',
        '      title: ${2:Title of the initiative}',
        '      side: ${3|provider,commissioner,joint|}',
        '      lead: ${4|sha-test,pct-ayle,trust-nh|}',
        '      clinical_lead: ${5:Name of the clinical lead}',
        '      pillars: [${6|quality,innovation,productivity,prevention|}]',
        '      level: ${7|local,team,regional,national|}',
        '      milestones:',
        '        - id: ${8:P2.1}',
        '          title: ${9:Title of the milestone}',
        '          due: ${10:2010-08-31}',
        '          status: ${11|not-started,on-track,at-risk,late,done|}$0',
      ].join('\n'),
    );
  });

  it('offers a new milestone and a new organisation', async () => {
    const ms = lineOf(/^ {10}status: not-started/);
    const orgs = lineOf(/^ {2}- \{id: trust-nh/);
    const { uri } = await openVariant((ls) => (ls.splice(ms + 1, 0, '        - '), ls.splice(orgs + 1, 0, '  '), ls));
    const m = (await complete(uri, ms + 2, 10)).find((i) => i.label === 'New milestone');
    assert.equal(m.textEdit.newText, 'id: ${1:C1.3}\n          title: ${2:Title of the milestone}\n          due: ${3:2010-08-31}\n          status: ${4|not-started,on-track,at-risk,late,done|}$0');
    const o = (await complete(uri, orgs + 1, 2)).find((i) => i.label === 'New organisation');
    assert.match(o.textEdit.newText, /^- id: \$\{1:org-1\}\n {4}name: \$\{2:Name of the organisation\}\n {4}type: \$\{3\|dh,/);
  });

  it('offers a whole plan of each kind in an empty file', async () => {
    const uri = uriOf(resolve(here, 'fixtures/empty.plan.yaml'));
    c.open(uri, '');
    const items = await complete(uri, 0, 0);
    assert.deepEqual(items.map((i) => i.label), ['New QIPP and Reform plan', 'New QIPP plan', 'New provider plan', 'New improvement plan']);
    assert.match(items[0].textEdit.newText, /^# A regional QIPP and Reform plan/);
    assert.match(items[0].textEdit.newText, /\ntitle: \$\{1:NHS Northshire QIPP and Reform plan\}\n/);
  });

  it('explains a key, an id, a national milestone and a rule on hover', async () => {
    const { uri, lines } = await openVariant((ls) => ls.map((l) => l.replace('lead: pct-ayle', 'lead: trust-nh')));
    const lead = lines.findIndex((l) => l === '      lead: trust-nh');
    const key = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(lead, 7) });
    assert.match(key.contents.value, /^\*\*`lead`\*\* \(required\)\n\nThe id of the organisation that leads/);
    assert.deepEqual(key.range, range(lead, 6, lead, 10));
    const id = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(lead, 14) });
    const [what, rule] = id.contents.value.split('\n\n---\n\n');
    assert.equal(what, '**Northshire Hospitals NHS Trust** (organisation `trust-nh`)\n\nNHS trust; provider side.');
    assert.match(rule, /^\*\*Rule `split-lead-side`\*\* \(error\): The lead organisation's side/);
    assert.match(rule, /\*Why:\* A commissioner should not lead provider-side work/);
    const del = lines.findIndex((l) => l.includes('delivers: regional-split'));
    const nat = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(del, lines[del].indexOf('regional-split') + 3) });
    assert.equal(
      nat.contents.value,
      '**National milestone `regional-split`**: Commissioner/provider split at national and regional level.\n\nDeadline: **2010-12-31**.\n\n"complete the commissioner / provider split at national and regional level by the end of the year" (2010 transition letter).',
    );
  });

  it('goes to the definition of an id', async () => {
    const uri = uriOf(resolve(here, 'fixtures/nav-copy.plan.yaml'));
    c.open(uri, navText);
    await c.diagnosticsFor(uri, 1);
    const lead = lineOf(/^ {6}lead: pct-ayle/);
    const def = await c.request('textDocument/definition', { textDocument: { uri }, position: pos(lead, 14) });
    const orgLine = lineOf(/id: pct-ayle/);
    const at = navLines[orgLine].indexOf('pct-ayle');
    assert.deepEqual(def, { uri, range: range(orgLine, at, orgLine, at + 8) });
  });

  it('finds every reference to a milestone', async () => {
    const uri = uriOf(resolve(here, 'fixtures/nav-copy.plan.yaml'));
    const defLine = lineOf(/^ {8}- id: C1\.1/);
    const refs = await c.request('textDocument/references', { textDocument: { uri }, position: pos(defLine, 15), context: { includeDeclaration: true } });
    const a1 = lineOf(/^ {10}after: \[C1\.1\]/);
    const a2 = lineOf(/P1\.1, title/);
    assert.deepEqual(refs, [
      { uri, range: range(defLine, 14, defLine, 18) },
      { uri, range: range(a1, 18, a1, 22) },
      { uri, range: range(a2, navLines[a2].indexOf('after: [C1.1]') + 8, a2, navLines[a2].indexOf('after: [C1.1]') + 12) },
    ]);
  });

  it('renames an id everywhere, and refuses a name in use or not an id', async () => {
    const uri = uriOf(resolve(here, 'fixtures/nav-copy.plan.yaml'));
    const defLine = lineOf(/^ {8}- id: C1\.1/);
    const prep = await c.request('textDocument/prepareRename', { textDocument: { uri }, position: pos(defLine, 15) });
    assert.deepEqual(prep, { range: range(defLine, 14, defLine, 18), placeholder: 'C1.1' });
    const edit = await c.request('textDocument/rename', { textDocument: { uri }, position: pos(defLine, 15), newName: 'C1.0' });
    assert.equal(edit.documentChanges[0].textDocument.version, 1);
    const renamed = applyEdits(navText, editsOf(edit, uri));
    assert.equal(renamed, navText.replaceAll('C1.1', 'C1.0'));
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(defLine, 15), newName: 'C1.2' }), /already used for a milestone/);
    await assert.rejects(c.request('textDocument/rename', { textDocument: { uri }, position: pos(defLine, 15), newName: '1st milestone' }), /cannot be used as an id/);
    const title = lineOf(/^ {10}title: Single point/);
    await assert.rejects(c.request('textDocument/prepareRename', { textDocument: { uri }, position: pos(title, 20) }), /Only the id of/);
  });

  it('outlines sections, initiatives and milestones with side and due date', async () => {
    const uri = uriOf(resolve(here, 'fixtures/nav-copy.plan.yaml'));
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['kind', 'schema_version', 'title', 'organisation', 'period', 'as_of', 'status', 'organisations', 'engagement', 'finance', 'commissioning', 'provision', 'enabling', 'risks']);
    const com = symbols.find((s) => s.name === 'commissioning');
    assert.deepEqual(
      com.children.map((i) => [i.name, i.detail, i.children.map((m) => [m.name, m.detail])]),
      [['C1 Urgent care admissions avoidance', 'commissioner', [['C1.1 Single point of access live', 'due 2010-12-31'], ['C1.2 Pathway evaluated', 'due 2011-06-30']]]],
    );
    const orgs = symbols.find((s) => s.name === 'organisations');
    assert.deepEqual(orgs.children.map((o) => o.detail), ['NHS Testshire · neutral', 'Aylesford PCT · commissioner', 'Northshire Hospitals NHS Trust · provider']);
    assert.deepEqual(com.range, range(lineOf(/^commissioning:/), 0, lineOf(/^provision:/) - 1, navLines[lineOf(/^provision:/) - 1].length));
  });

  it('folds sections, items and comment blocks, and selects outwards', async () => {
    const uri = uriOf(resolve(here, 'fixtures/nav-copy.plan.yaml'));
    const folds = await c.request('textDocument/foldingRange', { textDocument: { uri } });
    const c1 = lineOf(/^ {4}- id: C1$/);
    assert.ok(folds.some((f) => f.startLine === c1 && f.endLine === lineOf(/^provision:/) - 1), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.startLine === lineOf(/^commissioning:/) && f.endLine === lineOf(/^provision:/) - 1));
    const lead = lineOf(/^ {6}lead: pct-ayle/);
    const [sel] = await c.request('textDocument/selectionRange', { textDocument: { uri }, positions: [pos(lead, 14)] });
    assert.deepEqual(sel.range, range(lead, 12, lead, 20));
    assert.deepEqual(sel.parent.range, range(lead, 6, lead, 20));
    assert.deepEqual(sel.parent.parent.range.start, pos(c1, 6));
  });

  it('offers the quick fix for a diagnostic as a versioned edit', async () => {
    const uri = uriOf(NAV);
    const d = await c.diagnosticsFor(uri, 12);
    const unknown = d.find((x) => x.code === 'unknown-ref');
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Change to `pct-ayle` (did you mean it?)');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].edit.documentChanges, [{ textDocument: { uri, version: 12 }, edits: [{ range: unknown.range, newText: 'pct-ayle' }] }]);
  });
});

describe('workspace validation', function () {
  let dir;
  let c;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-ws-'));
    mkdirSync(join(dir, 'plans'));
    writeFileSync(join(dir, 'plans', 'good.plan.yaml'), navText);
    writeFileSync(join(dir, 'plans', 'bad.plan.yaml'), navText.replace('lead: pct-ayle', 'lead: nobody'));
    writeFileSync(join(dir, 'other.yaml'), 'name: not a plan\n');
    writeFileSync(join(dir, 'kind-only.yaml'), navText.replace('period: 2010/11-2013/14', 'period: 2010/11-2013/15'));
  });
  after(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks every plan file with progress, and again when one changes on disk', async () => {
    c = new Client();
    await c.initialize({ rootPath: dir });
    const end = await c.waitFor(() => c.progress.find((p) => p.value.kind === 'end'), 'the end of the progress');
    const kinds = c.progress.filter((p) => p.token === end.token).map((p) => p.value.kind);
    // Files are checked in batches on a worker thread: one report per batch, the last at 100%.
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.slice(1, -1).length >= 1 && kinds.slice(1, -1).every((k) => k === 'report'), kinds.join(', '));
    assert.equal(c.progress.filter((p) => p.token === end.token && p.value.kind === 'report').at(-1).value.percentage, 100);
    assert.equal(c.progress.find((p) => p.value.kind === 'begin').value.title, 'Checking plans');
    assert.deepEqual(c.progressTokens, [end.token]);
    const bad = await c.diagnosticsFor(uriOf(join(dir, 'plans', 'bad.plan.yaml')));
    assert.deepEqual(bad.map((d) => d.code), ['unknown-ref']);
    // The two plans are one plan copied: the later (good, by path) is told so (workspace.test.mjs tests these rules).
    const good = uriOf(join(dir, 'plans', 'good.plan.yaml'));
    assert.deepEqual((await c.waitFor(() => c.diagnostics.get(good)?.at(-1)?.diagnostics.length && c.diagnostics.get(good).at(-1).diagnostics)).map((d) => d.code), ['cross-duplicate-plan']);
    assert.deepEqual((await c.diagnosticsFor(uriOf(join(dir, 'kind-only.yaml')))).map((d) => d.code), ['fy-format']);
    assert.equal(c.diagnostics.has(uriOf(join(dir, 'other.yaml'))), false);
    await c.waitFor(() => c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the file watcher');

    // The plan is mended on disk: the editor says so and the server checks it again.
    const badUri = uriOf(join(dir, 'plans', 'bad.plan.yaml'));
    const seen = c.diagnostics.get(badUri).length;
    writeFileSync(join(dir, 'plans', 'bad.plan.yaml'), navText);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: badUri, type: 2 }] });
    await c.waitFor(() => c.diagnostics.get(badUri).length > seen, 'the second check');
    assert.deepEqual(c.diagnostics.get(badUri).at(-1).diagnostics, []);
  });

  it('merges the qipp settings over .qipprc.yaml, and reloads both when they change', async () => {
    const planPath = join(dir, 'plans', 'bad.plan.yaml');
    const uri = uriOf(planPath);
    const text = navText.replace('      clinical_lead: Dr B. Okafor\n', '');
    writeFileSync(join(dir, '.qipprc.yaml'), 'rules:\n  clinical-lead-missing: error\n');
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, '.qipprc.yaml')), type: 1 }] });
    c.open(uri, text, 1);
    const d1 = await c.diagnosticsFor(uri, 1);
    assert.deepEqual(d1.map((d) => [d.code, d.severity]), [['clinical-lead-missing', 1]]);
    c.settings = { qipp: { rules: { 'clinical-lead-missing': 'info' } } };
    c.notify('workspace/didChangeConfiguration', { settings: c.settings });
    c.change(uri, 2, [{ range: range(0, 0, 0, 0), text: '' }]);
    const d2 = await c.diagnosticsFor(uri, 2);
    assert.deepEqual(d2.map((d) => [d.code, d.severity]), [['clinical-lead-missing', 3]]);
    assert.ok(c.configurationRequests.some((r) => r.items.some((i) => i.section === 'qipp' && i.scopeUri === uri)), 'settings are pulled for the plan');
  });
});

describe('clients without snippets or markdown', function () {
  it('get plain text completions and hovers', async () => {
    const c = new Client();
    try {
      await c.initialize({ capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] } } } });
      const uri = uriOf(resolve(here, 'fixtures/plain.plan.yaml'));
      const at = lineOf(/^ {6}level: regional/);
      c.open(uri, navText);
      await c.diagnosticsFor(uri); // this client takes no versions
      const lines = [...navLines];
      lines.splice(at + 1, 0, '      sav');
      c.change(uri, 2, [{ text: lines.join('\n') }]);
      const r = await c.request('textDocument/completion', { textDocument: { uri }, position: pos(at + 1, 9) });
      const savings = r.items.find((i) => i.label === 'savings_gbp_m');
      assert.equal(savings.insertTextFormat, 1);
      assert.equal(savings.textEdit.newText, 'savings_gbp_m: {2010/11: 0, 2011/12: 0, 2012/13: 0, 2013/14: 0}');
      const h = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(lineOf(/^status: draft/), 9) });
      assert.equal(typeof h.contents, 'string');
      assert.match(h.contents, /^\*\*`draft`\*\*: Plan: being written\./);
    } finally {
      await c.stop();
    }
  });
});

describe('workspace trust', function () {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-trust-'));
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra', 'qipp-reform-plan.schema.json'), JSON.stringify({ properties: { title: { type: 'string', maxLength: 10 } } }));
    writeFileSync(join(dir, '.qipprc.yaml'), 'rules:\n  clinical-lead-missing: error\nschemas: [extra]\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = async (initializationOptions, settings) => {
    const c = new Client({ settings });
    try {
      await c.initialize({ initializationOptions });
      const uri = uriOf(join(dir, 'trust.plan.yaml'));
      c.open(uri, navText.replace('      clinical_lead: Dr B. Okafor\n', ''));
      return (await c.diagnosticsFor(uri, 1)).map((d) => [d.code, d.severity]);
    } finally {
      await c.stop();
    }
  };

  it('uses extra schemas from .qipprc.yaml in a trusted workspace', async () => {
    assert.deepEqual(await check(undefined), [['schema', 1], ['clinical-lead-missing', 1]]);
  });

  it('reads no .qipprc.yaml when the workspace is not trusted: neither its schemas nor its severities', async () => {
    assert.deepEqual(await check({ trusted: false }), [['clinical-lead-missing', 2]]);
  });

  it('still takes severities from the qipp.rules setting when the workspace is not trusted', async () => {
    assert.deepEqual(await check({ trusted: false }, { qipp: { rules: { 'clinical-lead-missing': 'info' } } }), [['clinical-lead-missing', 3]]);
  });
});

describe('transports', function () {
  it('starts from the CLI bundle with `qipp lsp --stdio`', async () => {
    const { CLI } = await import('./client.mjs');
    const c = new Client({ args: [CLI, 'lsp', '--stdio'] });
    try {
      const init = await c.initialize({});
      assert.equal(init.serverInfo.name, 'qipp');
      const uri = 'file:///tmp/cli-lsp.plan.yaml';
      c.open(uri, navText.replace('level: regional', 'level: regionl'));
      assert.deepEqual((await c.diagnosticsFor(uri, 1)).map((d) => d.code), ['schema']);
    } finally {
      await c.stop();
    }
    assert.equal(c.child.exitCode, 0);
  });

  it('speaks over node IPC as well as stdio', async () => {
    const { fork } = await import('node:child_process');
    const rpc = await import('vscode-jsonrpc/node');
    const { SERVER } = await import('./client.mjs');
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    const conn = rpc.createMessageConnection(new rpc.IPCMessageReader(child), new rpc.IPCMessageWriter(child));
    conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    conn.listen();
    const diags = new Promise((res) => conn.onNotification('textDocument/publishDiagnostics', res));
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.serverInfo.name, 'qipp');
    conn.sendNotification('initialized', {});
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/ipc.plan.yaml', languageId: 'yaml', version: 1, text: 'kind: nonsense\n' } });
    const p = await diags;
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['unknown-kind']);
    const exited = new Promise((r) => child.once('exit', r));
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
    assert.equal(await exited, 0);
    conn.dispose();
  });
});
