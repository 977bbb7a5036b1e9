// The web language server (dist/server-web.js) in a Web Worker in headless
// Chromium, spoken to over postMessage as VS Code for the Web's language
// client does: initialize, open a sample, diagnostics with rule ids (and how
// long they took), then completion, hover, the outline, rename and a quick
// fix, an edit, an untitled plan, the preview and Validate Workspace (qipp's
// own requests), a configuration change, and an untrusted workspace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, editsOf } from '../lsp/client.mjs';
import { chromiumOrSkip, ROOT } from '../preview/helpers.mjs';
import { WorkerClient } from './worker-client.mjs';

const SAMPLE = join(ROOT, 'samples', 'with-mistakes.plan.yaml');
const TEXT = readFileSync(SAMPLE, 'utf8');
const LINES = TEXT.split('\n');
const lineOf = (re) => LINES.findIndex((l) => re.test(l));
/** The `# expect: RULE` comments of the sample: the rule each line must report. */
const EXPECTED = LINES.flatMap((l, i) => [...l.matchAll(/# expect: ([a-z0-9-]+)/g)].map((m) => ({ line: i, rule: m[1] })));

describe('web language server in a Web Worker', function () {
  this.timeout(60_000);
  let c;
  let uri;

  before(async function () {
    if (!chromiumOrSkip(this)) return;
    c = new WorkerClient({ root: join(ROOT, 'samples') });
    await c.start();
    uri = c.uriOf(SAMPLE);
  });
  after(async () => c?.stop());

  it('initializes with the same capabilities as the Node server', async () => {
    const r = await c.initialize();
    assert.equal(r.serverInfo.name, 'qipp');
    for (const cap of ['completionProvider', 'hoverProvider', 'documentSymbolProvider', 'renameProvider', 'codeActionProvider', 'definitionProvider', 'referencesProvider', 'foldingRangeProvider']) {
      assert.ok(r.capabilities[cap], cap);
    }
  });

  it('publishes diagnostics with rule ids for every planted mistake of with-mistakes.plan.yaml (time printed)', async () => {
    const sentAt = await c.open(uri, TEXT, 1);
    const ds = await c.diagnosticsFor(uri, 1);
    const arrivedAt = c.diagnostics.get(uri).find((p) => p.version === 1).at;
    console.log(`      open → first diagnostics in the worker: ${(arrivedAt - sentAt).toFixed(1)} ms (${ds.length} diagnostics)`);
    assert.ok(ds.every((d) => d.source === 'qipp' && typeof d.code === 'string'));
    const missing = EXPECTED.filter((e) => !ds.some((d) => d.code === e.rule && d.range.start.line <= e.line && d.range.end.line >= e.line - 1));
    assert.deepEqual(missing, [], 'every `# expect:` line has its rule');
  });

  it('diagnostics follow an edit', async () => {
    const line = lineOf(/^status: drafted/);
    await c.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: LINES[line].length } }, text: 'status: draft' }]);
    const ds = await c.diagnosticsFor(uri, 2);
    assert.ok(!ds.some((d) => d.code === 'schema' && d.range.start.line === line), 'the schema finding on status is gone');
    await c.change(uri, 3, [{ range: { start: { line, character: 0 }, end: { line, character: 'status: draft'.length } }, text: LINES[line] }]);
    await c.diagnosticsFor(uri, 3);
  });

  it('completion at a lead: value offers every organisation id', async () => {
    const orgIds = [...TEXT.matchAll(/\{id: ([\w-]+), name: [^,]+, type:/g)].map((m) => m[1]);
    const line = lineOf(/^\s+lead: pct-kirk\s*$/);
    const r = await c.request('textDocument/completion', { textDocument: { uri }, position: { line, character: LINES[line].indexOf('lead: ') + 6 } });
    const labels = (r.items ?? r).map((i) => i.label);
    assert.deepEqual(orgIds.filter((id) => !labels.includes(id)), []);
  });

  it('hover on a rule finding and the outline', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(/^status: drafted/), character: 1 } });
    assert.ok(h && JSON.stringify(h.contents).length > 20, 'a hover on status');
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 3 && JSON.stringify(symbols).includes('C1'), 'the outline names the initiatives');
  });

  it('rename of a milestone id edits its uses', async () => {
    const line = lineOf(/\{id: C1\.1,/);
    const edit = await c.request('textDocument/rename', { textDocument: { uri }, position: { line, character: LINES[line].indexOf('C1.1') + 1 }, newName: 'C1.9' });
    const after = applyEdits(TEXT, editsOf(edit, uri));
    assert.ok(!/\bC1\.1\b/.test(after) && /after: \[C1\.9\]/.test(after));
  });

  it('quick fix for fy-format rewrites the year', async () => {
    const ds = await c.diagnosticsFor(uri, 3);
    const d = ds.find((x) => x.code === 'fy-format');
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
    const fixed = applyEdits(TEXT, editsOf(actions[0].edit, uri));
    assert.match(fixed.split('\n')[d.range.start.line], /2011\/12: 1\.5/);
  });

  it('checks the plans that are not open, read through the editor (qipp/findFiles, qipp/readFiles)', async () => {
    const other = c.uriOf(join(ROOT, 'samples', 'northshire-reform.plan.yaml'));
    const ds = await c.diagnosticsFor(other);
    assert.deepEqual(ds, [], 'the clean sample is clean');
    assert.ok(c.fileRequests.includes(other), 'it was read through the client');
  });

  it('an untitled plan (New Plan) is checked', async () => {
    const u = 'untitled:Untitled-1';
    await c.open(u, 'kind: improvement-plan\ntitle: x\n', 1);
    const ds = await c.diagnosticsFor(u, 1);
    assert.ok(ds.some((d) => d.code === 'required-section' || d.code === 'schema'), ds.map((d) => d.code).join(','));
    await c.close(u);
  });

  it('renders the preview of an open plan, and of a text it does not have open (qipp/renderPreview)', async () => {
    const open = await c.request('qipp/renderPreview', { uri, mode: 'webview', nonce: 'abc1234567', cspSource: 'vscode-webview:', scriptUri: 's.js', styleUri: 's.css' });
    assert.equal(open.version, 3);
    assert.match(open.html, /nonce="abc1234567"/);
    assert.match(open.html, /NHS Westmoor QIPP and Reform plan/, 'the plan is drawn');
    const other = c.uriOf(join(ROOT, 'samples', 'vale-provider.plan.yaml'));
    const text = readFileSync(join(ROOT, 'samples', 'vale-provider.plan.yaml'), 'utf8');
    const exported = await c.request('qipp/renderPreview', { uri: other, text, mode: 'export' });
    assert.equal(exported.version, null);
    assert.ok(!/<script/i.test(exported.html), 'the export runs no script');
    assert.equal(await c.request('qipp/renderPreview', { uri: 'memfs:/workspace/nowhere.plan.yaml', mode: 'export' }), null, 'nothing for a plan it neither has nor is sent');
  });

  it('Validate Workspace checks the folder and answers with its counts (qipp/validateWorkspace)', async () => {
    const plans = readdirSync(join(ROOT, 'samples'), { recursive: true }).filter((n) => /\.plan\.ya?ml$/.test(String(n)));
    const r = await c.request('qipp/validateWorkspace');
    assert.equal(r.cancelled, false);
    assert.equal(r.plans, plans.length, 'every sample counted once (the open one from its own analysis)');
    const errors = (await c.diagnosticsFor(uri, 3)).filter((d) => d.severity === 1).length;
    assert.ok(r.errors >= errors && errors > 0, `errors: ${r.errors}, of which the open plan's: ${errors}`);
  });

  it('runs the cross-plan rules over the folder as qipp validate does, and renders the overview from the same plans', async () => {
    let out;
    try {
      out = execFileSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'validate', '--format', 'json', '.'], { cwd: join(ROOT, 'samples'), encoding: 'utf8' });
    } catch (e) {
      out = e.stdout;
    }
    const cli = JSON.parse(out).filter((r) => r.diagnostics.some((d) => d.rule.startsWith('cross-')));
    assert.ok(cli.length >= 2, 'the sample portfolio has cross-plan findings');
    for (const r of cli) {
      const list = c.diagnostics.get(c.uriOf(join(ROOT, 'samples', r.file))).at(-1).diagnostics;
      assert.deepEqual(list.map((d) => ({ rule: d.code, severity: ['', 'error', 'warning', 'info'][d.severity], message: d.message, range: d.range })), r.diagnostics, r.file);
    }
    const page = await c.request('qipp/renderOverview', { mode: 'export' });
    assert.equal(page.partial, false);
    assert.equal(page.plans, JSON.parse(out).length);
    const before = c.arrivals.filter((a) => a.method === 'qipp/overviewChanged').length;
    await c.change(uri, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    await c.waitFor(() => c.arrivals.filter((a) => a.method === 'qipp/overviewChanged').length > before, 'qipp/overviewChanged');
  });

  it('tells the client when the configuration changed (qipp/configurationChanged), so that previews are drawn again', async () => {
    const before = c.arrivals.filter((a) => a.method === 'qipp/configurationChanged').length;
    await c.notify('workspace/didChangeConfiguration', { settings: null });
    await c.waitFor(() => c.arrivals.filter((a) => a.method === 'qipp/configurationChanged').length > before, 'qipp/configurationChanged');
  });

  it('reports no error in the browser', () => assert.deepEqual(c.errors, []));
});

describe('web language server, untrusted workspace', function () {
  this.timeout(60_000);
  it('reads nothing but the plan: no .qipprc.yaml, no national_timeline file; severities from the qipp.rules setting', async function () {
    if (!chromiumOrSkip(this)) return;
    const folder = join(ROOT, 'test/golden/rules/national-timeline');
    const c = new WorkerClient({ root: folder, settings: { qipp: { rules: { 'national-timeline': 'info' } } } });
    try {
      await c.start();
      // No workspace folder, so that no workspace pass reads the folder's files while this looks on.
      await c.initialize({ folder: null, initializationOptions: { trusted: false } });
      const plan = join(folder, 'near-miss.plan.yaml');
      await c.open(c.uriOf(plan), readFileSync(plan, 'utf8'), 1);
      const ds = await c.diagnosticsFor(c.uriOf(plan), 1);
      assert.deepEqual(ds.filter((d) => d.code === 'national-timeline').map((d) => d.severity), [3], 'the timeline is reported as not loaded, at the severity of the setting');
      assert.deepEqual(c.fileRequests, [], 'no file was asked for (.qipprc.yaml, the timeline)');
    } finally {
      await c.stop();
    }
  });
});
