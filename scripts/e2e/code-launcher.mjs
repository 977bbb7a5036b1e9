#!/usr/bin/env node
// The "VS Code executable" that test/e2e/runTest.mjs gives @vscode/test-electron's
// runTests({ vscodeExecutablePath }). VS Code's desktop build cannot be downloaded
// on these machines, so this script runs the real VS Code workbench and Node
// extension host from the npm package code-server (see
// shared/guide/real-vscode-testing.md) and drives it with Debian's chromium
// through playwright-core:
//
//   1. installs the packaged extension (--qipp-vsix=FILE) into a fresh extensions
//      folder with code-server's --install-extension, and loads each
//      --extensionDevelopmentPath as a development extension (with a .vsix,
//      runTest.mjs passes an empty harness there: VS Code runs extension tests
//      only in a window that has one; without, the work tree itself);
//   2. starts code-server on 127.0.0.1 (a free port, --auth none, fresh user-data
//      and extensions folders, its own CODE_SERVER_CONFIG, a dead loopback
//      extension gallery) in its own process group;
//   3. opens the workbench in headless chromium on the folder given as the
//      positional argument, with the payload that makes VS Code run
//      --extensionTestsPath inside the extension host;
//   4. serves a small "UI driver" on 127.0.0.1 (its URL is QIPP_E2E_DRIVER_URL in
//      the extension host's environment) through which the tests ask for things
//      only a browser can do: wait for a selector in the workbench or in the
//      preview's webview, press keys, take a screenshot (test/e2e/suite/driver.js);
//   5. takes the exit code from window.codeAutomationExit(code), which VS Code
//      calls when the tests end, stops everything it started and exits with it.
//
// Arguments: those runTests passes (--extensionTestsPath=, --extensionDevelopmentPath=,
// --user-data-dir=, --extensions-dir=, a folder; the desktop-only ones are ignored)
// and --qipp-vsix=FILE. Environment:
//   QIPP_E2E_TIMEOUT_MS   whole-run limit (default 300000); past it: exit 124
//   QIPP_E2E_OUTPUT       screenshots and logs (default test-output/e2e)
//   QIPP_E2E_BREAK=server|preview  deletes dist/server.js (or client/media/preview.js)
//                         from the installed extension, to see the tests fail
//   QIPP_E2E_KEEP=1       keep the temporary run folder
// Nothing leaves the machine: chromium resolves no host name but 127.0.0.1, a
// Playwright route aborts every request not to 127.0.0.1, and code-server's
// gallery points at a closed loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { node24Env } from './install-code-server.mjs';
import { CODE_SERVER_ENTRY, NODE24, TEST_OUTPUT, chromiumPath } from './paths.mjs';

const started = Date.now();
const log = (msg) => console.log(`[launcher +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

// ---- arguments -------------------------------------------------------------
function parseArgs(argv) {
  const out = { dev: [], folder: undefined, testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, vsix: undefined };
  const valued = new Map([
    ['extensionTestsPath', (v) => (out.testsPath = v)],
    ['extensionDevelopmentPath', (v) => out.dev.push(v)],
    ['user-data-dir', (v) => (out.userDataDir = v)],
    ['extensions-dir', (v) => (out.extensionsDir = v)],
    ['qipp-vsix', (v) => (out.vsix = v)],
  ]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (!m) {
      out.folder = a;
      continue;
    }
    const set = valued.get(m[1]);
    if (!set) continue; // --no-sandbox, --disable-updates and the other desktop-only switches
    set(m[2] !== undefined ? m[2] : argv[++i]);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
if (!args.testsPath) {
  console.error('code-launcher: --extensionTestsPath is required');
  process.exit(2);
}
if (!existsSync(CODE_SERVER_ENTRY)) {
  console.error(`code-launcher: code-server is not installed (${CODE_SERVER_ENTRY}); run node scripts/e2e/install-code-server.mjs`);
  process.exit(2);
}

const timeoutMs = Number(process.env.QIPP_E2E_TIMEOUT_MS || 300_000);
const outputDir = resolve(process.env.QIPP_E2E_OUTPUT || TEST_OUTPUT);
mkdirSync(outputDir, { recursive: true });
const runDir = mkdtempSync(join(tmpdir(), 'qipp-e2e-'));
const userDataDir = resolve(args.userDataDir || join(runDir, 'user-data'));
const extensionsDir = resolve(args.extensionsDir || join(runDir, 'extensions'));
for (const d of [userDataDir, extensionsDir, join(userDataDir, 'User'), join(runDir, 'xdg')]) mkdirSync(d, { recursive: true });

// Settings that keep the workbench quiet, local and predictable.
writeFileSync(
  join(userDataDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'files.autoSave': 'off',
      'window.commandCenter': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    },
    null,
    2,
  ),
);

// ---- children, and stopping them -------------------------------------------
let codeServer;
let browserContext;
let driverServer;
let finishing = false;

function killGroup(child, signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal); // the whole group: code-server, its extension host, the language server
  } catch {
    /* already gone */
  }
}

async function stopAll() {
  await browserContext?.close().catch(() => {});
  driverServer?.close();
  if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
    const exited = new Promise((r) => codeServer.once('exit', r));
    killGroup(codeServer, 'SIGTERM');
    const timer = setTimeout(() => killGroup(codeServer, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  killGroup(codeServer, 'SIGKILL'); // anything left in the group (a language server that ignored SIGTERM)
  if (!process.env.QIPP_E2E_KEEP) rmSync(runDir, { recursive: true, force: true });
  else log(`run folder kept: ${runDir}`);
}

async function finish(code, why) {
  if (finishing) return;
  finishing = true;
  if (why) log(why);
  await stopAll();
  log(`exit ${code}`);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void finish(130, `${sig} received`));
setTimeout(() => void finish(124, `timed out after ${timeoutMs} ms`), timeoutMs).unref();

// ---- code-server -------------------------------------------------------------
const deadGallery = 'http://127.0.0.1:9'; // the discard port: nothing listens, so every gallery request fails at once
const csEnv = {
  ...node24Env(),
  CODE_SERVER_CONFIG: join(runDir, 'code-server.yaml'),
  EXTENSIONS_GALLERY: JSON.stringify({
    serviceUrl: `${deadGallery}/gallery`,
    itemUrl: `${deadGallery}/item`,
    resourceUrlTemplate: `${deadGallery}/{publisher}/{name}/{version}/{path}`,
    controlUrl: '',
    nlsBaseUrl: '',
  }),
  XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
  XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
  XDG_CACHE_HOME: join(runDir, 'xdg', 'cache'),
};
writeFileSync(csEnv.CODE_SERVER_CONFIG, 'auth: none\ncert: false\n');

function codeServerCli(extra) {
  const r = spawnSync(NODE24, [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, ...extra], {
    env: csEnv,
    encoding: 'utf8',
  });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
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

let installedExtensionDir;
if (args.vsix) {
  const vsix = resolve(args.vsix);
  if (!existsSync(vsix)) await finish(2, `the .vsix does not exist: ${vsix}`);
  const r = codeServerCli(['--install-extension', vsix, '--force']);
  if (!r.ok || !/successfully installed/i.test(r.out)) await finish(2, `installing ${vsix} failed:\n${r.out}`);
  const list = codeServerCli(['--list-extensions', '--show-versions']);
  log(`installed ${vsix}: ${list.out.split('\n').filter((l) => !/^\[/.test(l)).join(', ')}`);
  installedExtensionDir = readdirSync(extensionsDir, { withFileTypes: true }).find((d) => d.isDirectory() && !d.name.startsWith('.'))?.name;
  if (installedExtensionDir) installedExtensionDir = join(extensionsDir, installedExtensionDir);
}
// Deliberate breakage of the installed copy (never the work tree), to see the tests fail.
const BREAKS = { server: 'dist/server.js', preview: 'client/media/preview.js' };
if (process.env.QIPP_E2E_BREAK) {
  const rel = BREAKS[process.env.QIPP_E2E_BREAK];
  if (!rel) await finish(2, `QIPP_E2E_BREAK must be one of ${Object.keys(BREAKS).join(', ')}`);
  if (!installedExtensionDir) await finish(2, 'QIPP_E2E_BREAK needs --qipp-vsix (it will not delete files from the work tree)');
  const target = join(installedExtensionDir, rel);
  if (!existsSync(target)) await finish(2, `QIPP_E2E_BREAK: ${target} does not exist`);
  rmSync(target);
  log(`QIPP_E2E_BREAK=${process.env.QIPP_E2E_BREAK}: deleted ${target}; the tests must now fail`);
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const csLog = createWriteStream(join(outputDir, 'code-server.log'));
codeServer = spawn(
  NODE24,
  [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver', // without it VS Code ignores the payload
  ],
  { env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }, // detached: setsid, a process group of its own
);
codeServer.stdout.pipe(csLog, { end: false });
codeServer.stderr.pipe(csLog, { end: false });
codeServer.once('exit', (code, signal) => void finish(3, `code-server exited early (${code ?? signal}); see ${join(outputDir, 'code-server.log')}`));

await new Promise((res, rej) => {
  let seen = '';
  const onData = (d) => {
    seen += d;
    if (seen.includes('HTTP server listening on')) {
      codeServer.stdout.off('data', onData);
      res();
    }
  };
  codeServer.stdout.on('data', onData);
  codeServer.once('exit', () => rej(new Error('code-server exited before listening')));
}).catch((e) => finish(3, String(e)));
log(`code-server ${origin} (pid ${codeServer.pid})`);

// ---- the browser ----------------------------------------------------------------
const aborted = []; // requests the route below stopped: none is expected
const fromServiceWorker = new Set(); // webview resource URLs answered inside the browser
function isLocal(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!/^(https?|wss?):$/.test(u.protocol)) return true; // data:, blob: and the like stay in the browser
  return u.hostname === '127.0.0.1';
}

browserContext = await chromium.launchPersistentContext(join(runDir, 'chromium-profile'), {
  executablePath: chromiumPath(),
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  ],
});
await browserContext.route('**/*', (route) => {
  const url = route.request().url();
  if (isLocal(url)) return route.continue();
  aborted.push(url);
  return route.abort('blockedbyclient');
});
// A webview's resources have https://*.vscode-resource.vscode-cdn.net URLs that its service
// worker answers from the extension host, inside the browser; Playwright still reports them.
browserContext.on('response', (res) => {
  if (!isLocal(res.url()) && res.fromServiceWorker()) fromServiceWorker.add(res.url());
});
const page = browserContext.pages()[0] ?? (await browserContext.newPage());

let reportExit;
const exitCode = new Promise((res) => (reportExit = res));
await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));
// The browser console (the workbench's log, and the extension host's console) goes to a file;
// the tests' own report comes through the driver's `log` op, in order.
const consoleLog = createWriteStream(join(outputDir, 'browser-console.log'));
page.on('console', (msg) => consoleLog.write(`[${msg.type()}] ${msg.text()}\n`));
page.on('pageerror', (err) => {
  consoleLog.write(`[page error] ${err.stack ?? err.message}\n`);
  console.log(`[page error] ${err.message}`);
});

// ---- the UI driver the tests call ---------------------------------------------
/** The preview's content frame: the webview's outer iframe holds an inner #active-frame. */
function webviewBody() {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame().locator('body');
}
const ops = {
  async waitFor({ selector, text, timeout = 30_000 }) {
    const loc = text ? page.locator(selector).filter({ hasText: text }) : page.locator(selector);
    await loc.first().waitFor({ state: 'visible', timeout });
    return { count: await loc.count() };
  },
  async press({ keys }) {
    for (const k of [].concat(keys)) await page.keyboard.press(k);
    return {};
  },
  async click({ selector }) {
    await page.locator(selector).first().click();
    return {};
  },
  async webviewText({ text, timeout = 30_000 }) {
    const body = webviewBody();
    await body.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout });
    return { text: (await body.innerText()).slice(0, 2000) };
  },
  async webviewClick({ selector, timeout = 30_000 }) {
    await webviewBody().locator(selector).first().click({ timeout });
    return {};
  },
  async webviewCount({ selector, timeout = 30_000 }) {
    const loc = webviewBody().locator(selector);
    await loc.first().waitFor({ state: 'attached', timeout });
    return { count: await loc.count() };
  },
  async screenshot({ name }) {
    if (!/^[\w.-]+\.png$/.test(name)) throw new Error(`bad screenshot name ${name}`);
    const path = join(outputDir, name);
    await page.screenshot({ path });
    return { path };
  },
  async log({ line }) {
    console.log(line);
    return {};
  },
};
driverServer = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', async () => {
    let reply;
    try {
      const { op, ...params } = JSON.parse(body || '{}');
      if (!Object.hasOwn(ops, op)) throw new Error(`unknown driver op ${op}`);
      reply = { ok: true, ...(await ops[op](params)) };
    } catch (e) {
      reply = { ok: false, error: String(e instanceof Error ? e.message : e).replace(/\x1b\[[0-9;]*m/g, '') };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  });
});
await new Promise((r) => driverServer.listen(0, '127.0.0.1', r));
const driverUrl = `http://127.0.0.1:${driverServer.address().port}/`;

// ---- open the workbench with the test payload ------------------------------------
const remote = (p) => `vscode-remote://127.0.0.1:${port}${resolve(p)}`;
const payload = [['extensionTestsPath', remote(args.testsPath)]];
for (const d of args.dev) payload.push(['extensionDevelopmentPath', remote(d)]);
payload.push([
  'extensionEnvironment',
  JSON.stringify({
    QIPP_E2E_DRIVER_URL: driverUrl,
    QIPP_E2E_OUTPUT: outputDir,
    QIPP_E2E_MODE: args.vsix ? 'vsix' : 'development',
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('QIPP_E2E_') && k !== 'QIPP_E2E_BREAK')),
  }),
]);
const query = new URLSearchParams();
if (args.folder) query.set('folder', resolve(args.folder));
query.set('payload', JSON.stringify(payload));
log(`opening the workbench${args.folder ? ` on ${resolve(args.folder)}` : ''} (${args.vsix ? 'installed .vsix' : 'development extension'})`);
await page.goto(`${origin}/?${query}`);
await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: 60_000 });
log('workbench loaded; the tests run in the extension host');

const code = await exitCode;
log(`VS Code reported exit code ${code}`);
if (fromServiceWorker.size) log(`${fromServiceWorker.size} webview resource(s) answered by the webview's service worker, inside the browser`);
if (aborted.length) log(`requests not to 127.0.0.1, aborted: ${[...new Set(aborted)].join(', ')}`);
else log('no request was made outside 127.0.0.1');
if (code !== 0) log(`logs: ${join(outputDir, 'browser-console.log')}, ${join(outputDir, 'code-server.log')}`);
await finish(code);
