// The npm package as a user gets it: `npm pack`, installed from the tarball
// into a fresh project (no network: the package has no dependencies), then
// `npx qipp` run the way the README says. Prints the tarball's size and file
// count. Needs the bundles built (npm test builds first).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The environment without the outer npm run's npm_* variables, so the inner npm reads only its own project. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

function run(cmd, args, cwd, options = {}) {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (r.error) throw r.error;
  return r;
}

/** One LSP request over Content-Length framing; resolves with the response. */
function lspInitialize(child) {
  return new Promise((done, fail) => {
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => fail(new Error('no answer to initialize within 20 s')), 20_000);
    child.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: *(\d+)/i.exec(buf.subarray(0, end).toString())[1]);
        if (buf.length < end + 4 + len) return;
        const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
        buf = buf.subarray(end + 4 + len);
        if (msg.id === 1) {
          clearTimeout(timer);
          done(msg);
        }
      }
    });
    send(child, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

function send(child, msg) {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}

describe('the npm package', function () {
  this.timeout(180_000);
  let dir;
  let packed;
  let project;

  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist/cli.js')) && existsSync(join(ROOT, 'dist/cli-engine.js')), 'build first (npm run build)');
    dir = mkdtempSync(join(tmpdir(), 'qipp-npm-'));
    // --ignore-scripts: pack what npm test has just built, without building again.
    const r = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
    assert.equal(r.status, 0, r.stderr);
    packed = JSON.parse(r.stdout)[0];
    console.log(`      tarball ${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);
    project = join(dir, 'project');
    cpSync(join(ROOT, 'samples'), join(project, 'plans'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-board', version: '1.0.0', private: true }, null, 2));
    // --offline: the tarball has no dependencies, so nothing is fetched.
    const i = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-update-notifier', join(dir, packed.filename)], project);
    assert.equal(i.status, 0, `npm install of the tarball failed:\n${i.stderr}`);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is under 1 MB and holds exactly the CLI bundles, notices, schemas, docs, README, changelog and licence', () => {
    assert.ok(packed.size < 1024 * 1024, `tarball is ${packed.size} bytes`);
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/THIRD-PARTY-NOTICES.md',
      'dist/cli-engine.js',
      'dist/cli.js',
      ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`).sort(),
      'package.json',
      ...readdirSync(join(ROOT, 'schemas')).map((f) => `schemas/${f}`).sort(),
    ]);
  });

  it('is publishable and depends on nothing: the bundles carry the libraries', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/qipp-plans/package.json'), 'utf8'));
    assert.notEqual(installed.private, true);
    assert.equal(installed.license, 'MIT');
    assert.deepEqual(installed.dependencies ?? {}, {});
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    assert.deepEqual(Object.keys(lock.packages).filter(Boolean), ['node_modules/qipp-plans'], 'installing it adds no other package');
  });

  it('npx qipp --version prints the package version', () => {
    const r = run('npx', ['--offline', 'qipp', '--version'], project);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), PKG.version);
  });

  it('npx qipp validate checks the samples: the realistic plans are clean, the one with mistakes fails', () => {
    const clean = ['northshire-reform', 'aylesford-qipp', 'vale-provider', 'aylesford-improvement'].map((n) => `plans/${n}.plan.yaml`);
    const ok = run('npx', ['--offline', 'qipp', 'validate', ...clean], project);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const bad = run('npx', ['--offline', 'qipp', 'validate', '--format', 'json', 'plans/with-mistakes.plan.yaml'], project);
    assert.equal(bad.status, 1, bad.stderr);
    const rules = new Set(JSON.parse(bad.stdout)[0].diagnostics.map((d) => d.rule));
    assert.ok(rules.size >= 20, `only ${rules.size} rules fired`);
    const folder = run('npx', ['--offline', 'qipp', 'validate', 'plans/'], project);
    assert.equal(folder.status, 1);
    assert.match(folder.stdout, /with-mistakes\.plan\.yaml/);
  });

  it('npx qipp lsp --stdio answers initialize and exits on shutdown and exit', async () => {
    const child = spawn('npx', ['--offline', 'qipp', 'lsp', '--stdio'], { cwd: project, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((done) => child.on('exit', (code) => done(code)));
    try {
      const answer = await lspInitialize(child);
      assert.ok(answer.result?.capabilities, `no capabilities: ${JSON.stringify(answer)} ${stderr}`);
      assert.ok(answer.result.capabilities.completionProvider, 'the server offers completion');
      assert.equal(answer.result.serverInfo?.version ?? PKG.version, PKG.version);
      send(child, { jsonrpc: '2.0', method: 'initialized', params: {} });
      send(child, { jsonrpc: '2.0', id: 2, method: 'shutdown' });
      send(child, { jsonrpc: '2.0', method: 'exit' });
      assert.equal(await exited, 0, stderr);
    } finally {
      child.kill();
    }
  });
});
