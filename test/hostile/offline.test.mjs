// Offline: nothing in the product makes a network request. Two ways:
// 1. always: the CLI (validate, preview, init, lsp) and the server run with
//    every network API of Node replaced by a stub that records the attempt
//    (no-network.cjs); the record must stay empty;
// 2. as root: the same commands run with networking denied by the kernel
//    (`unshare -n`, an empty network namespace) and must pass as they do
//    online. Without unshare or root this part is skipped with a message,
//    except on CI (CI set), where it fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, uriOf } from '../lsp/client.mjs';
import { skipOutsideCi } from '../support/skip.mjs';
import { CLI, ROOT, SERVER, SHARED } from '../fuzz/support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const GUARD = join(HERE, 'no-network.cjs');
const UNSHARE = join(HERE, 'unshare-run.cjs');
const SAMPLES = join(ROOT, 'samples');
const MISTAKES = join(SAMPLES, 'with-mistakes.plan.yaml');

function canUnshare() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'not running as root on Linux';
  const r = spawnSync('unshare', ['-n', 'true']);
  if (r.error) return `unshare is not available (${r.error.code}); install util-linux`;
  if (r.status !== 0) return `unshare -n fails here: ${String(r.stderr).trim()}`;
  return undefined;
}

/** The commands a person runs; each with the exit code it must give. */
function cliRuns(dir) {
  return [
    { args: ['validate', '--format', 'json', SAMPLES], code: 1, check: (out) => assert.ok(JSON.parse(out).length >= 5) },
    { args: ['validate', '--format', 'sarif', join(SHARED, 'conformance/cases/qipp')], code: 1, check: (out) => assert.equal(JSON.parse(out).version, '2.1.0') },
    { args: ['validate', '--cache', '--cache-location', join(dir, 'cache'), join(SAMPLES, 'northshire-reform.plan.yaml')], code: 0 },
    { args: ['preview', MISTAKES, '-o', join(dir, 'preview.html')], code: 0, check: () => assert.match(readFileSync(join(dir, 'preview.html'), 'utf8'), /Content-Security-Policy/) },
    { args: ['diff', join(ROOT, 'test/diff/cases/reform-every-change/old.plan.yaml'), join(ROOT, 'test/diff/cases/reform-every-change/new.plan.yaml'), '--format', 'html', '-o', join(dir, 'diff.html')], code: 0, check: () => assert.match(readFileSync(join(dir, 'diff.html'), 'utf8'), /Content-Security-Policy/) },
    { args: ['init', '--kind', 'qipp-plan', '--force', join(dir, 'new.plan.yaml')], code: 0, check: () => assert.ok(existsSync(join(dir, 'new.plan.yaml'))) },
    { args: ['--version'], code: 0 },
  ];
}

/** Drives a server as an editor would: open, edit, hover, complete, fix, rename, symbols. */
async function driveServer(client, dir) {
  await client.initialize({ rootPath: dir });
  const text = readFileSync(MISTAKES, 'utf8');
  const uri = uriOf(join(dir, 'with-mistakes.plan.yaml'));
  client.open(uri, text, 1);
  const d1 = await client.diagnosticsFor(uri, 1);
  assert.ok(d1.length > 5, 'the plan with mistakes gets its diagnostics');
  client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited offline\n' }]);
  const d2 = await client.diagnosticsFor(uri, 2);
  assert.equal(d2.length, d1.length);
  const at = { line: 10, character: 3 };
  await client.request('textDocument/hover', { textDocument: { uri }, position: at });
  await client.request('textDocument/completion', { textDocument: { uri }, position: at });
  await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  await client.request('textDocument/codeAction', { textDocument: { uri }, range: d2[0].range, context: { diagnostics: d2 } });
  await client.stop();
}

describe('offline: nothing in the product uses the network', function () {
  this.timeout(120_000);
  let dir;
  let netLog;
  before(() => {
    for (const f of [CLI, SERVER]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), 'qipp-offline-'));
    netLog = join(dir, 'network-attempts.log');
    writeFileSync(netLog, '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const attempts = () => readFileSync(netLog, 'utf8').trim();

  describe('with every network API of Node stubbed out and recorded', () => {
    it('the stub itself catches an attempt (a self-test)', () => {
      const probe = join(dir, 'probe.log');
      const r = spawnSync(process.execPath, ['-r', GUARD, '-e', "require('node:https').get('https://example.org/')"], { env: { ...process.env, QIPP_NET_LOG: probe }, encoding: 'utf8' });
      assert.notEqual(r.status, 0);
      assert.match(readFileSync(probe, 'utf8'), /https\.get https:\/\/example\.org\//);
    });

    it('the CLI: validate (json, sarif, cache), preview, init, version', () => {
      for (const run of cliRuns(dir)) {
        const r = spawnSync(process.execPath, ['-r', GUARD, CLI, ...run.args], { encoding: 'utf8', env: { ...process.env, QIPP_NET_LOG: netLog }, maxBuffer: 1 << 26 });
        assert.equal(r.status, run.code, `qipp ${run.args.join(' ')}: ${r.stderr}`);
        run.check?.(r.stdout);
      }
      assert.equal(attempts(), '');
    });

    it('the language server (dist/server.js, and `qipp lsp --stdio`)', async () => {
      for (const args of [['-r', GUARD, SERVER, '--stdio'], ['-r', GUARD, CLI, 'lsp', '--stdio']]) {
        const saved = process.env.QIPP_NET_LOG;
        process.env.QIPP_NET_LOG = netLog; // the client starts the server with this process's environment
        try {
          await driveServer(new Client({ args }), mkdtempSync(join(dir, 'ws-')));
        } finally {
          if (saved === undefined) delete process.env.QIPP_NET_LOG;
          else process.env.QIPP_NET_LOG = saved;
        }
      }
      assert.equal(attempts(), '');
    });
  });

  describe('with networking denied by the kernel (unshare -n)', () => {
    before(function () {
      const why = canUnshare();
      if (why) skipOutsideCi(this, `the offline test with networking denied needs root and unshare, and ${why}`);
    });

    it('inside, there is no network at all (a control)', () => {
      const r = spawnSync('unshare', ['-n', process.execPath, '-e', "const i=require('os').networkInterfaces();console.log(JSON.stringify(Object.keys(i).filter(k=>i[k].some(a=>!a.internal))))"], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), []);
    });

    it('the CLI passes as it does online', () => {
      for (const run of cliRuns(dir)) {
        const r = spawnSync('unshare', ['-n', process.execPath, CLI, ...run.args], { encoding: 'utf8', maxBuffer: 1 << 26 });
        assert.equal(r.status, run.code, `qipp ${run.args.join(' ')}: ${r.stderr}`);
        run.check?.(r.stdout);
      }
    });

    it('the language server answers as it does online', async () => {
      await driveServer(new Client({ args: [UNSHARE, process.execPath, SERVER, '--stdio'] }), mkdtempSync(join(dir, 'ws-')));
    });
  });
});
