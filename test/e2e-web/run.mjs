// npm run test:e2e:web — the extension in a real VS Code for the Web: the
// workbench of code-server (the npm package the e2e run already uses, VS Code
// 1.139) in headless Debian chromium, with the extension loaded from its
// `browser` entry alone (package.json without `main`, extensionKind web), so
// it can run only in the web worker extension host, and its language server
// in a web worker of its own. Driven through the UI with playwright-core:
//
//   1. opening samples/with-mistakes.plan.yaml gives squiggles, and the
//      Problems panel lists them with `qipp(<rule id>)` codes from the planted
//      mistakes; the status bar's counts equal what `qipp validate` finds in
//      the whole folder (so the plans that are not open were read through
//      vscode.workspace.fs and checked by the worker too);
//   2. completion at a `lead:` value offers the plan's organisation ids;
//   3. QIPP: Validate Workspace reports the counts `qipp validate` finds;
//      QIPP: Open Preview to the Side shows the rendered plan in a webview;
//      Export Preview as HTML writes the page; typing in the plan changes the
//      counts; QIPP: Open Overview lists every plan of the folder, one row
//      each; QIPP: New Plan… opens a starter plan;
//   4. the time from opening the plan to its first squiggle is printed.
//
// Ends with "e2e-web: N passed, N failed, 0 skipped". QIPP_E2E_WEB_BREAK=server leaves
// dist/server-web.js out of the staged extension: the run must fail.
// Needs code-server (scripts/e2e/install-code-server.mjs; QIPP_E2E_CACHE as for
// test:e2e) and chromium; nothing leaves 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureCodeServer, node24Env } from '../../scripts/e2e/install-code-server.mjs';
import { CODE_SERVER_ENTRY, NODE24, ROOT, chromiumPath } from '../../scripts/e2e/paths.mjs';
import { stageWebExtension } from './stage.mjs';

const OUTPUT = join(ROOT, 'test-output', 'e2e-web');
const TIMEOUT_MS = Number(process.env.QIPP_E2E_TIMEOUT_MS || 300_000);
const STEP_MS = 60_000;
const started = Date.now();
const log = (m) => console.log(`[e2e-web +${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

const results = [];
let codeServer;
let browser;
let run;
let browserPage;

async function stop() {
  await browser?.close().catch(() => {});
  if (codeServer?.pid) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-codeServer.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (run && !process.env.QIPP_E2E_KEEP) rmSync(run, { recursive: true, force: true });
}

function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e-web: ${passed} passed, ${failed} failed, 0 skipped`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

async function check(name, fn) {
  const t0 = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}${note ? ` (${note})` : ''} [${Date.now() - t0} ms]`);
  } catch (e) {
    results.push({ name, ok: false });
    const shot = join(OUTPUT, `failed-${results.length}.png`);
    await browserPage?.screenshot({ path: shot }).catch(() => {});
    console.log(`      screenshot: ${shot}`);
    console.log(`  ✘ ${name}\n      ${String(e?.message ?? e).split('\n').slice(0, 6).join('\n      ')}`);
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** What `qipp validate` finds in a folder: the counts the status bar must show, and with-mistakes' rule ids. */
function cliFindings(folder) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'validate', '--format', 'json', folder], { encoding: 'utf8' });
  const files = JSON.parse(r.stdout);
  // The cross-plan rules included: the server in the worker runs them over the workspace folder, as qipp validate over it.
  const all = files.flatMap((f) => f.diagnostics);
  const mistakes = files.find((f) => f.file.endsWith('with-mistakes.plan.yaml')).diagnostics;
  if (!files.some((f) => f.file.endsWith('copy.plan.yaml') && f.diagnostics.length)) throw new Error('the unopened copy has no findings');
  return { plans: files.length, errors: all.filter((d) => d.severity === 'error').length, warnings: all.filter((d) => d.severity === 'warning').length, rules: new Set(mistakes.map((d) => d.rule)) };
}

const timer = setTimeout(async () => {
  console.log(`[e2e-web] timed out after ${TIMEOUT_MS} ms`);
  results.push({ name: 'the run finishes in time', ok: false });
  await stop();
  process.exit(finish());
}, TIMEOUT_MS);
timer.unref();

try {
  chromiumPath();
  ensureCodeServer({ log });
  for (const f of ['dist/client-web.js', 'dist/server-web.js', 'dist/cli.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  }
  mkdirSync(OUTPUT, { recursive: true });
  run = mkdtempSync(join(tmpdir(), 'qipp-e2e-web-'));
  const ext = join(run, 'extension');
  const omit = process.env.QIPP_E2E_WEB_BREAK === 'server' ? ['dist/server-web.js'] : [];
  if (process.env.QIPP_E2E_WEB_BREAK && !omit.length) throw new Error('QIPP_E2E_WEB_BREAK must be "server"');
  if (omit.length) log(`QIPP_E2E_WEB_BREAK=server: ${omit.join(', ')} left out of the staged extension; the run must fail`);
  const pkg = stageWebExtension(ext, { omit });
  const workspace = join(run, 'workspace');
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  // A copy of the plan with mistakes in a subfolder, never opened: its problems count only if the worker found and read it through the extension.
  mkdirSync(join(workspace, 'unopened'));
  cpSync(join(ROOT, 'samples', 'with-mistakes.plan.yaml'), join(workspace, 'unopened', 'copy.plan.yaml'));
  const expected = cliFindings(workspace);

  const userData = join(run, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }),
  );
  const dead = 'http://127.0.0.1:9';
  const env = {
    ...node24Env(),
    CODE_SERVER_CONFIG: join(run, 'code-server.yaml'),
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: `${dead}/gallery`, itemUrl: `${dead}/item`, resourceUrlTemplate: `${dead}/{publisher}/{name}/{version}/{path}`, controlUrl: '', nlsBaseUrl: '' }),
    XDG_CONFIG_HOME: join(run, 'xdg', 'config'),
    XDG_DATA_HOME: join(run, 'xdg', 'data'),
    XDG_CACHE_HOME: join(run, 'xdg', 'cache'),
  };
  writeFileSync(env.CODE_SERVER_CONFIG, 'auth: none\ncert: false\n');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const csArgs = [CODE_SERVER_ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userData, '--extensions-dir', join(run, 'extensions')];
  csArgs.push('--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver');
  codeServer = spawn(NODE24, csArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const csLog = createWriteStream(join(OUTPUT, 'code-server.log'));
  codeServer.stdout.pipe(csLog, { end: false });
  codeServer.stderr.pipe(csLog, { end: false });
  await new Promise((res, rej) => {
    let seen = '';
    codeServer.stdout.on('data', (d) => {
      seen += d;
      if (seen.includes('HTTP server listening on')) res();
    });
    codeServer.once('exit', (c) => rej(new Error(`code-server exited (${c}); see ${join(OUTPUT, 'code-server.log')}`)));
  });
  log(`code-server ${origin}`);

  browser = await chromium.launchPersistentContext(join(run, 'chromium-profile'), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  const aborted = new Set();
  await browser.route('**/*', (route) => {
    const url = route.request().url();
    let local = true;
    try {
      const u = new URL(url);
      local = !/^(https?|wss?):$/.test(u.protocol) || u.hostname === '127.0.0.1';
    } catch {
      /* data: and the like */
    }
    if (local) return route.continue();
    aborted.add(url);
    return route.abort('blockedbyclient');
  });
  const fetched = [];
  browser.on('request', (r) => {
    if (/dist%2F(client|server)-web\.js|dist\/(client|server)-web\.js/.test(r.url())) fetched.push(r.url());
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  browserPage = page;
  const consoleLog = createWriteStream(join(OUTPUT, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[page error] ${e.stack ?? e.message}\n`));

  // The extension folder as a development extension: the workbench loads it from the remote, and with no `main` it can only
  // run in the browser's web worker extension host.
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ext}`]];
  await page.goto(`${origin}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) })}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: STEP_MS });
  log(`workbench loaded; ${pkg.name} staged with browser=${pkg.browser}, main=${pkg.main ?? 'none'}`);

  /** Types into the quick input (Ctrl+P files, `>` commands, `:` lines) and takes the first row that has `row` in it. */
  const quickOpen = async (text, row, { thenAnother = false } = {}) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: STEP_MS });
    await page.keyboard.press('Enter');
    if (!thenAnother) await input.waitFor({ state: 'hidden', timeout: STEP_MS });
  };

  let openedAt;
  await check('opening a plan gives squiggles from the server in the web worker', async () => {
    // Wait for the plan language to be known (the extension's contribution), then open the plan.
    await quickOpen('with-mistakes.plan.yaml', 'with-mistakes.plan.yaml');
    openedAt = Date.now();
    await page.locator('.tab', { hasText: 'with-mistakes.plan.yaml' }).first().waitFor({ timeout: STEP_MS });
    await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'attached', timeout: STEP_MS });
    const ms = Date.now() - openedAt;
    writeFileSync(join(OUTPUT, 'first-diagnostics-ms.txt'), `${ms}\n`);
    return `open → first squiggle ${ms} ms, with the worker's start`;
  });

  await check('the extension was loaded from its browser entry (dist/client-web.js)', async () => {
    const client = fetched.filter((u) => /client-web/.test(u));
    if (!client.length) throw new Error(`dist/client-web.js was never fetched by the browser (fetched: ${fetched.join(', ') || 'nothing'})`);
    return `fetched ${client.length}× by the browser`;
  });

  await check('the Problems panel lists the planted mistakes with qipp(rule id) codes', async () => {
    await quickOpen('>Problems: Focus on Problems View', 'Focus on Problems View');
    // The panel's rows, as text: `<message>qipp<rule id>[Ln 12, Col 9]` (the brackets around the code are drawn by CSS).
    const rowTexts = () => page.evaluate(() => [...document.querySelectorAll('[role="treeitem"], .monaco-list-row')].map((e) => e.textContent ?? ''));
    const ROW = /qipp\(?([a-z0-9-]+)\)?\s*\[Ln \d+/;
    let texts = [];
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline && !texts.some((t) => ROW.test(t))) {
      await page.waitForTimeout(250);
      texts = await rowTexts();
    }
    const seen = texts.filter((t) => /Ln \d+/.test(t)).slice(0, 3);
    const codes = [...new Set(texts.flatMap((t) => [...t.matchAll(new RegExp(ROW.source, 'g'))].map((m) => m[1])))];
    const unknown = codes.filter((c) => !expected.rules.has(c));
    if (codes.length < 3) throw new Error(`fewer than three rule ids in the panel's rows (rows with a line: ${seen.join(' | ') || 'none'})`);
    if (unknown.length) throw new Error(`rule ids the CLI does not report for this plan: ${unknown.join(', ')}`);
    await page.screenshot({ path: join(OUTPUT, 'problems.png') });
    return `${codes.length} rule ids visible: ${codes.slice(0, 6).join(', ')}…`;
  });

  await check(`the status bar counts every plan in the folder, the unopened copy too, as qipp validate does (${expected.errors} errors, ${expected.warnings} warnings)`, async () => {
    const item = page.locator('[id="status.problems"]');
    const want = new RegExp(`\\b${expected.errors}\\b[^0-9]+\\b${expected.warnings}\\b`);
    let last = '';
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline) {
      last = ((await item.first().getAttribute('aria-label').catch(() => '')) || (await item.first().innerText().catch(() => ''))).trim();
      if (want.test(last.replace(/\s+/g, ' '))) return last.replace(/\s+/g, ' ');
      await page.waitForTimeout(250);
    }
    throw new Error(`status bar shows "${last}"`);
  });

  await check(`QIPP: Validate Workspace asks the server in the worker, and says what qipp validate says (${expected.plans} plans, ${expected.errors} errors, ${expected.warnings} warnings)`, async () => {
    await quickOpen('>QIPP: Validate Workspace', 'Validate Workspace');
    const plural = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
    const want = `Checked ${plural(expected.plans, 'plan')}: ${plural(expected.errors, 'error')}, ${plural(expected.warnings, 'warning')}.`;
    // The summary is a notification. The headless workbench shows no toasts, so it is read in the notification centre.
    await quickOpen('>Notifications: Show Notifications', 'Show Notifications');
    const texts = () => page.evaluate(() => [...document.querySelectorAll('.notification-list-item-message')].map((e) => (e.textContent ?? '').trim()));
    const SAID = /^(Checked|Validation stopped|No plans|Open a folder)/;
    let said;
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline && !(said = (await texts()).find((t) => SAID.test(t)))) await page.waitForTimeout(250);
    await page.screenshot({ path: join(OUTPUT, 'validate.png') });
    if (!said) throw new Error(`no summary among the notifications (${(await texts()).join(' | ') || 'none'})`);
    if (said !== want) throw new Error(`the notification says "${said}", not "${want}"`);
    await quickOpen('>Notifications: Hide Notifications', 'Hide Notifications');
    return said;
  });

  await check('completion at a lead: value offers the organisation ids of the plan', async () => {
    const text = readFileSync(join(workspace, 'with-mistakes.plan.yaml'), 'utf8');
    const orgIds = [...text.matchAll(/\{id: ([\w-]+), name: [^,]+, type:/g)].map((m) => m[1]);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^\s+lead: pct-kirk\s*$/.test(l));
    const col = lines[line].indexOf('lead: ') + 'lead: '.length;
    await quickOpen(`:${line + 1}:${col + 1}`, `${line + 1}`);
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await rows.first().waitFor({ timeout: STEP_MS });
    const labels = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
    const offered = orgIds.filter((id) => labels.some((l) => l.startsWith(id)));
    await page.screenshot({ path: join(OUTPUT, 'completion.png') });
    await page.keyboard.press('Escape');
    if (!offered.length) throw new Error(`none of ${orgIds.join(', ')} among ${labels.join(', ')}`);
    return `${offered.length} of ${orgIds.length} ids in the visible rows: ${offered.join(', ')}`;
  });

  await check('QIPP: Open Preview to the Side shows the rendered plan', async () => {
    await quickOpen('>QIPP: Open Preview to the Side', 'Open Preview to the Side');
    const body = page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame().locator('body');
    await body.getByText('NHS Westmoor QIPP and Reform plan', { exact: false }).first().waitFor({ state: 'visible', timeout: STEP_MS });
    const count = await body.locator('svg').count();
    await page.screenshot({ path: join(OUTPUT, 'preview.png') });
    return `the plan's title and ${count} chart(s) in the webview`;
  });

  await check('QIPP: Export Preview as HTML writes the page through the editor', async () => {
    const target = join(workspace, 'with-mistakes.html');
    await quickOpen('>QIPP: Export Preview as HTML', 'Export Preview as HTML', { thenAnother: true });
    // VS Code for the Web's own save dialog: a quick input holding the proposed path.
    const input = page.locator('.quick-input-widget input');
    await page.waitForFunction(() => /with-mistakes\.html$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''), null, { timeout: STEP_MS });
    await input.press('Enter');
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline && !existsSync(target)) await page.waitForTimeout(100);
    const html = readFileSync(target, 'utf8');
    if (!html.includes('NHS Westmoor QIPP and Reform plan') || /<script/i.test(html)) throw new Error('the exported page is not the plan, or has a script');
    return `${(html.length / 1024).toFixed(0)} KiB written to the workspace`;
  });

  await check(`QIPP: Open Overview lists the ${expected.plans} plans of the folder, one row each`, async () => {
    await quickOpen('>QIPP: Open Overview', 'Open Overview');
    const body = page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame().locator('body');
    // The count in the page's header says the server's pass over the folder is in; then the rows are counted.
    await body.getByText(`${expected.plans} plans`, { exact: false }).first().waitFor({ state: 'visible', timeout: STEP_MS });
    const rows = await body.locator('table[data-table="plans"] tbody tr').count();
    // The export button is put in by the overview's script: there, the script ran under the page's CSP.
    await body.locator('[data-command="export"]').first().waitFor({ state: 'visible', timeout: STEP_MS });
    await page.screenshot({ path: join(OUTPUT, 'overview.png') });
    if (rows !== expected.plans) throw new Error(`${rows} rows in the overview's Plans table, not ${expected.plans}`);
    return `${rows} rows in the webview, its script running`;
  });

  await check('diagnostics follow typing: mending `status: drafted` takes one error away', async () => {
    const item = page.locator('[id="status.problems"]').first();
    const label = async () => ((await item.getAttribute('aria-label').catch(() => '')) || '').replace(/\s+/g, ' ');
    const errorsNow = async () => Number(/Errors: (\d+)/.exec(await label())?.[1] ?? NaN);
    const before = await errorsNow();
    await page.locator('.tab', { hasText: 'with-mistakes.plan.yaml' }).first().click();
    await quickOpen(':12:16', '12');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    const deadline = Date.now() + STEP_MS;
    while (Date.now() < deadline && (await errorsNow()) !== before - 1) await page.waitForTimeout(100);
    const after = await errorsNow();
    if (after !== before - 1) throw new Error(`errors went from ${before} to ${after}`);
    return `errors ${before} → ${after}`;
  });

  await check('QIPP: New Plan… opens a starter plan in the plan language', async () => {
    await quickOpen('>QIPP: New Plan', 'New Plan', { thenAnother: true });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'QIPP and Reform plan' }).first().waitFor({ timeout: STEP_MS });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'Untitled' }).first().waitFor({ timeout: STEP_MS });
    await page.locator('.monaco-editor .view-lines', { hasText: 'kind: qipp-reform-plan' }).first().waitFor({ timeout: STEP_MS });
    await page.locator('.statusbar-item', { hasText: 'QIPP plan' }).first().waitFor({ timeout: STEP_MS });
    return 'an untitled qipp-reform-plan';
  });

  log(aborted.size ? `requests not to 127.0.0.1, aborted: ${[...aborted].join(', ')}` : 'no request was made outside 127.0.0.1');
} catch (e) {
  console.log(`[e2e-web] could not run: ${e?.stack ?? e}`);
  results.push({ name: 'the run starts', ok: false });
}
await stop();
process.exit(finish());
