// npm run test:e2e — the extension in a real VS Code, with @vscode/test-electron
// and mocha. VS Code's download server is out of reach here, so runTests gets
// `vscodeExecutablePath`: scripts/e2e/code-launcher.mjs, which runs the real
// workbench and extension host from the npm package code-server (on Node 24
// from npm) in Debian's chromium (shared/guide/real-vscode-testing.md).
//
// Steps: install code-server into .cache/code-server/ (once; cached after),
// package the extension (`npm run package` -> dist/qipp-plans.vsix), copy
// samples/ into a temporary workspace, and run test/e2e/suite/ inside the
// extension host with the .vsix installed. Screenshots and the code-server log
// go to test-output/e2e/.
//
// Environment: QIPP_E2E_DEV=1 loads the work tree as a development extension
// instead of the .vsix (skips packaging); QIPP_E2E_BREAK=server (or preview)
// deletes dist/server.js (or the webview's script) from the installed
// extension, to see the run fail; test/e2e/README.md lists the rest.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from '../../scripts/e2e/install-code-server.mjs';
import { ROOT, TEST_OUTPUT, chromiumPath } from '../../scripts/e2e/paths.mjs';

const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const launcher = join(ROOT, 'scripts', 'e2e', 'code-launcher.mjs');
const vsix = join(ROOT, 'dist', 'qipp-plans.vsix');

function npmRun(script) {
  const r = spawnSync('npm', ['run', '-s', script], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status ?? r.signal})`);
}

let work;
let code = 1;
try {
  // Debian chromium (the browser) and libkrb5-dev (code-server's native build): install them
  // when missing, as `npm run test:all` does, so this script also runs on its own on a fresh machine.
  if (!existsSync('/usr/include/gssapi/gssapi.h') || !['/usr/bin/chromium', process.env.QIPP_E2E_CHROMIUM].some((p) => p && existsSync(p))) {
    spawnSync('bash', [join(ROOT, 'scripts', 'system-deps.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  chromiumPath(); // fail early, with the fix, when Debian chromium is still missing
  ensureCodeServer();
  console.log(`[e2e] code-server ready (${secs()})`);

  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  const useVsix = !process.env.QIPP_E2E_DEV && Boolean(scripts.package);
  if (useVsix) {
    rmSync(vsix, { force: true });
    npmRun('package');
    if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  } else {
    npmRun('build');
  }
  console.log(`[e2e] extension ${useVsix ? 'packaged' : 'built'} (${secs()})`);

  mkdirSync(TEST_OUTPUT, { recursive: true });
  for (const f of ['editor-problems.png', 'preview.png', 'overview.png']) rmSync(join(TEST_OUTPUT, f), { force: true });
  work = mkdtempSync(join(tmpdir(), 'qipp-e2e-run-'));
  const workspace = join(work, 'samples');
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  chmodSync(launcher, 0o755); // runTests spawns it directly

  code = await runTests({
    vscodeExecutablePath: launcher,
    // VS Code runs extension tests only in a window with a development extension. With the
    // .vsix installed, that is an empty harness, so the extension under test is the packaged one.
    extensionDevelopmentPath: useVsix ? join(ROOT, 'test', 'e2e', 'harness') : ROOT,
    extensionTestsPath: join(ROOT, 'test', 'e2e', 'suite', 'index.js'),
    launchArgs: [
      workspace,
      `--user-data-dir=${join(work, 'user-data')}`,
      `--extensions-dir=${join(work, 'extensions')}`,
      ...(useVsix ? [`--qipp-vsix=${vsix}`] : []),
    ],
    extensionTestsEnv: { QIPP_E2E_WORKSPACE: workspace, QIPP_E2E_REPO: ROOT },
  });
  console.log(`[e2e] passed in ${secs()}; screenshots in ${TEST_OUTPUT}`);
} catch (e) {
  console.error(`[e2e] failed after ${secs()}: ${e instanceof Error ? e.message : e}`);
  code = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
} finally {
  if (work) rmSync(work, { recursive: true, force: true });
}
process.exit(code);
