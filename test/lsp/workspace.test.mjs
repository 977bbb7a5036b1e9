// The workspace analysis: cross-plan rules over the plans of a workspace
// folder (as `qipp validate` over that folder finds them), following edits,
// deletions and rule settings, and the overview built from the same store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, Client, uriOf } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = resolve(here, 'fixtures/cross');
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info' };
const asCli = (list) => list.map((d) => ({ rule: d.code, severity: SEVERITY[d.severity], message: d.message, range: d.range }));
const rulesOf = (list) => list.map((d) => d.code).sort();

/** `qipp validate --format json .` run in the folder: its findings by file name. */
function cliFindings(folder) {
  let out;
  try {
    out = execFileSync(process.execPath, [CLI, 'validate', '--format', 'json', '.'], { cwd: folder, encoding: 'utf8' });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return new Map(JSON.parse(out).map((r) => [r.file, r.diagnostics]));
}

/** A client on a copy of the fixture folder, listening for overviewChanged. */
async function start(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'qipp-ws-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const c = new Client({ settings });
  c.overviews = [];
  c.conn.onNotification('qipp/overviewChanged', (p) => {
    c.overviews.push(p);
    c.check();
  });
  await c.initialize({ rootPath: dir });
  // The pass started at start-up may supersede the one asked for: ask until one finishes.
  for (let r = await c.request('qipp/validateWorkspace'); r.cancelled; r = await c.request('qipp/validateWorkspace'));
  return { c, dir, uri: (name) => uriOf(join(dir, name)), latest: (name) => c.diagnostics.get(uriOf(join(dir, name)))?.at(-1)?.diagnostics };
}

const planRows = (html) => {
  const table = /<table class="report-table" data-table="plans">([\s\S]*?)<\/table>/.exec(html);
  assert.ok(table, 'the overview has a table of plans');
  return (table[1].match(/<tr class="report-row/g) ?? []).length;
};

describe('workspace analysis: cross-plan rules and the overview', function () {
  let w;
  afterEach(async () => {
    await w?.c.stop();
    if (w) rmSync(w.dir, { recursive: true, force: true });
    w = undefined;
  });

  it('reports the cross-plan findings in the later plan, as qipp validate over the folder does', async () => {
    w = await start();
    const cli = cliFindings(w.dir);
    assert.deepEqual(rulesOf(w.latest('b-refresh.plan.yaml')), ['cross-duplicate-plan', 'cross-org-conflict']);
    for (const name of ['a-first.plan.yaml', 'b-refresh.plan.yaml', 'c-other.plan.yaml']) {
      assert.deepEqual(asCli(w.latest(name)), cli.get(name), name);
    }
  });

  it('clears the later plan’s finding when the earlier plan is edited in the editor, and tells the overview', async () => {
    w = await start();
    const first = await w.c.request('qipp/renderOverview', { mode: 'export' });
    assert.equal(first.partial, false);
    assert.equal(first.plans, 3);
    assert.equal(planRows(first.html), 3);
    const a = w.uri('a-first.plan.yaml');
    const text = readFileSync(join(w.dir, 'a-first.plan.yaml'), 'utf8');
    const opened = w.c.overviews.length;
    w.c.open(a, text, 1);
    await w.c.diagnosticsFor(a, 1);
    await w.c.waitFor(() => w.c.overviews.length > opened, 'overviewChanged after the plan opened');
    const line = text.split('\n').findIndex((l) => l.includes('Southbay Commissioning Consortium'));
    const col = text.split('\n')[line].indexOf('Southbay Commissioning Consortium');
    const before = w.c.overviews.length;
    w.c.change(a, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 'Southbay Commissioning Consortium'.length } }, text: 'Southbay GP Consortium' }]);
    const b = await w.c.waitFor(() => {
      const list = w.latest('b-refresh.plan.yaml');
      return list && !list.some((d) => d.code === 'cross-org-conflict') && list;
    }, 'the conflict in b cleared');
    assert.deepEqual(rulesOf(b), ['cross-duplicate-plan']);
    // A notice sent for an earlier change may still be on its way: wait for one newer than the first page.
    const note = await w.c.waitFor(() => w.c.overviews.slice(before).find((n) => n.generation > first.generation), 'overviewChanged after the edit');
    const page = await w.c.request('qipp/renderOverview', { mode: 'export' });
    assert.ok(page.generation >= note.generation, 'the page is at least as new as the notice');
    assert.ok(!page.html.includes('cross-org-conflict'), 'the overview no longer lists the conflict');
    assert.ok(page.html.includes('cross-duplicate-plan'));
  });

  it('clears a deleted plan and the findings it caused, and the overview loses its row', async () => {
    w = await start();
    await w.c.request('qipp/renderOverview', { mode: 'export' });
    const before = w.c.overviews.length;
    unlinkSync(join(w.dir, 'a-first.plan.yaml'));
    w.c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: w.uri('a-first.plan.yaml'), type: 3 }] });
    await w.c.waitFor(() => w.latest('a-first.plan.yaml')?.length === 0 && w.latest('b-refresh.plan.yaml')?.length === 0, 'a cleared, and b with it');
    await w.c.waitFor(() => w.c.overviews.length > before, 'overviewChanged');
    const page = await w.c.request('qipp/renderOverview', { mode: 'export' });
    assert.equal(page.plans, 2);
    assert.equal(planRows(page.html), 2);
  });

  it('gives no finding for a cross-plan rule set to off', async () => {
    w = await start({ qipp: { rules: { 'cross-duplicate-plan': 'off' } } });
    assert.deepEqual(rulesOf(w.latest('b-refresh.plan.yaml')), ['cross-org-conflict']);
  });

  it('renders the overview for a webview: the nonce’d script, and links to each plan’s lines', async () => {
    w = await start();
    const page = await w.c.request('qipp/renderOverview', { mode: 'webview', nonce: 'abcdefgh12345678', cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/overview.js', styleUri: 'vscode-resource:/preview.css' });
    assert.match(page.html, /script-src &#39;nonce-abcdefgh12345678&#39;/);
    assert.match(page.html, /<script nonce="abcdefgh12345678" src="vscode-resource:\/overview.js" defer><\/script>/);
    assert.ok(page.html.includes(`href="${w.uri('b-refresh.plan.yaml')}#L6"`), 'the duplicate plan links to its line');
    assert.equal(planRows(page.html), 3);
  });

  it('runs no cross-plan rule over open plans outside every workspace folder', async () => {
    const c = new Client();
    try {
      await c.initialize({});
      for (const name of ['a-first.plan.yaml', 'b-refresh.plan.yaml']) c.open(uriOf(join(FIXTURE, name)), readFileSync(join(FIXTURE, name), 'utf8'));
      await c.diagnosticsFor(uriOf(join(FIXTURE, 'a-first.plan.yaml')), 1);
      assert.deepEqual(await c.diagnosticsFor(uriOf(join(FIXTURE, 'b-refresh.plan.yaml')), 1), []);
    } finally {
      await c.stop();
    }
  });
});
