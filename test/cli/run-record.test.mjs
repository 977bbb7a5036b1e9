// `qipp validate --cache`'s run record (server/src/node/runrecord.ts, server/src/cli/replay.ts): a run
// over the same unchanged plans, configuration and arguments writes the last run's output again without
// loading the engine; any change gives exactly what a fresh run gives. To tell a replay from a fresh run,
// tests plant a marker in the recorded output (signed again with the user's secret, as only qipp can):
// it comes back only when the record is replayed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { cacheSecret, qipp, ROOT, scratch, writeFiles } from './helpers.mjs';

const gen = (seed) => execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), '2', String(seed)], { encoding: 'utf8' });
const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'];
const MARKER = 'PLANTED BY THE TEST\n';

/**
 * Adds MARKER to the recorded output and signs the record again with the user's secret. A record is
 * its signature (HMAC-SHA256 of "run", NUL and the rest), a newline, a JSON header with the output's
 * lengths in bytes and a newline, then the output.
 */
function plantMarker(recordFile, env) {
  const bytes = readFileSync(recordFile);
  const signed = bytes.subarray(65);
  const eol = signed.indexOf(10);
  const header = JSON.parse(signed.subarray(0, eol).toString('utf8'));
  const out = signed.subarray(eol + 1, eol + 1 + header.stdoutBytes);
  const err = signed.subarray(eol + 1 + header.stdoutBytes);
  header.stdoutBytes += Buffer.byteLength(MARKER);
  const planted = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), out, Buffer.from(MARKER), err]);
  const mac = createHmac('sha256', cacheSecret(env)).update('run\0').update(planted).digest('hex');
  writeFileSync(recordFile, Buffer.concat([Buffer.from(`${mac}\n`), planted]));
}

describe('qipp validate --cache: the run record', function () {
  this.timeout(180_000);
  let dir;
  let cleanup;
  let env;
  const record = () => join(dir, '.qipp-cache.run');
  const cached = (extra = [], options = {}) => qipp(['validate', '--format', 'json', '--cache', ...extra, '.'], { cwd: dir, env, ...options });
  const fresh = (extra = []) => qipp(['validate', '--format', 'json', ...extra, '.'], { cwd: dir, env });
  /** Fills the cache and the record, and plants the marker in the record. */
  const fill = (extra = []) => {
    const first = cached(extra);
    assert.ok(existsSync(record()), `the run record is written (${first.stderr})`);
    plantMarker(record(), env);
    const again = cached(extra);
    assert.ok(again.stdout.endsWith(MARKER), 'the unchanged run is replayed from the record');
    return first;
  };
  /** After a change: the cached run gives exactly what a fresh run gives (and no marker). */
  const sameAsFresh = (extra = []) => {
    const want = fresh(extra);
    const got = cached(extra);
    assert.ok(!got.stdout.includes(MARKER), 'the record was not replayed');
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.code, want.code);
    return got;
  };

  beforeEach(() => {
    ({ dir, cleanup } = scratch());
    env = { XDG_CACHE_HOME: join(dir, 'xdg'), QIPP_CACHE_RACY_MS: '0', QIPP_WORKERS: '0' };
    writeFiles(dir, { 'plans/a.plan.yaml': gen(1), 'plans/b.plan.yaml': gen(2), 'c.plan.yaml': gen(3).replace(/^organisation: sha-north$/m, 'organisation: pct-0') });
  });
  afterEach(() => cleanup());

  it('replays every format byte for byte as a fresh run writes it', () => {
    for (const format of FORMATS) {
      const args = ['validate', '--format', format, '--cache', '--cache-location', `cache-${format}`, '.'];
      const want = qipp(['validate', '--format', format, '.'], { cwd: dir, env });
      assert.ok([0, 1].includes(want.code), want.stderr);
      const first = qipp(args, { cwd: dir, env });
      assert.ok(existsSync(join(dir, `cache-${format}.run`)), `${format}: the record is written`);
      const replayed = qipp(args, { cwd: dir, env });
      for (const r of [first, replayed]) {
        assert.equal(r.stdout, want.stdout, format);
        assert.equal(r.stderr, want.stderr, format);
        assert.equal(r.code, want.code, format);
      }
    }
  });

  it('replays standard error and the exit code of --max-warnings', () => {
    const want = fresh(['--max-warnings', '0']);
    assert.match(want.stderr, /--max-warnings/);
    fill(['--max-warnings', '0']);
    const replayed = cached(['--max-warnings', '0']);
    assert.equal(replayed.stderr, want.stderr);
    assert.equal(replayed.code, want.code);
  });

  it('is not replayed when a plan changes with the same size and modification time', () => {
    fill();
    const file = join(dir, 'plans/b.plan.yaml');
    const before = statSync(file, { bigint: true });
    // Keeps the modification time to the nanosecond (touch -r), which utimes from JavaScript cannot.
    const reference = join(dir, 'reference');
    execFileSync('touch', ['-m', '-r', file, reference]);
    const text = readFileSync(file, 'utf8');
    // The same number of bytes, one initiative's savings changed; the change time moves, the rest looks the same.
    const changed = text.replace(/(\d)(\n)/, (m, d, nl) => `${(Number(d) + 1) % 10}${nl}`);
    assert.notEqual(changed, text);
    writeFileSync(file, changed);
    execFileSync('touch', ['-m', '-r', reference, file]);
    const after = statSync(file, { bigint: true });
    assert.equal(after.size, before.size);
    assert.equal(after.mtimeNs, before.mtimeNs);
    assert.equal(after.ino, before.ino);
    sameAsFresh();
  });

  it('is replayed after a rewrite with the same content (every stat changed, the content decides)', () => {
    fill();
    for (const name of ['plans/a.plan.yaml', 'plans/b.plan.yaml', 'c.plan.yaml']) {
      const file = join(dir, name);
      const text = readFileSync(file);
      rmSync(file);
      writeFileSync(file, text);
    }
    assert.ok(cached().stdout.endsWith(MARKER), 'replayed after hashing');
    // ...and the record is written again with the files' new details, so that the next run need not read them.
    const bytes = readFileSync(record());
    const header = JSON.parse(bytes.subarray(65, bytes.indexOf(10, 65)).toString('utf8'));
    for (const [path, sig] of header.files) {
      const s = statSync(path, { bigint: true });
      assert.equal(sig, `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, path);
    }
    assert.ok(cached().stdout.endsWith(MARKER), 'still replayed');
  });

  it('is not replayed when a plan is added or removed', () => {
    fill();
    writeFileSync(join(dir, 'plans/d.plan.yaml'), gen(4));
    sameAsFresh();
    plantMarker(record(), env);
    rmSync(join(dir, 'plans/a.plan.yaml'));
    sameAsFresh();
  });

  it('is not replayed when a .qipprc.yaml is added, changed or removed', () => {
    fill();
    writeFileSync(join(dir, 'plans/.qipprc.yaml'), 'rules: {cross-duplicate-plan: off}\n');
    sameAsFresh();
    plantMarker(record(), env);
    assert.ok(cached().stdout.endsWith(MARKER), 'replayed while the configuration is unchanged');
    writeFileSync(join(dir, 'plans/.qipprc.yaml'), 'rules: {cross-duplicate-plan: warning}\n');
    sameAsFresh();
    plantMarker(record(), env);
    rmSync(join(dir, 'plans/.qipprc.yaml'));
    sameAsFresh();
  });

  it('is not replayed with other arguments', () => {
    fill();
    sameAsFresh(['--quiet']);
    fill();
    sameAsFresh(['--max-warnings', '0']);
    fill();
    const want = qipp(['validate', '--format', 'sarif', '.'], { cwd: dir, env });
    const got = qipp(['validate', '--format', 'sarif', '--cache', '.'], { cwd: dir, env });
    assert.ok(!got.stdout.includes(MARKER));
    assert.equal(got.stdout, want.stdout);
  });

  it('is not replayed when another user (another secret) wrote it', () => {
    fill();
    env = { ...env, XDG_CACHE_HOME: join(dir, 'other-xdg') };
    const got = cached();
    assert.ok(!got.stdout.includes(MARKER), 'a record signed with another secret is not used');
    assert.equal(got.stdout, fresh().stdout);
  });

  it('is ignored when damaged, cut short or changed without the secret', () => {
    fill();
    const good = readFileSync(record());
    const damaged = [Buffer.from('not a record'), good.subarray(0, good.length - 5), Buffer.concat([good, Buffer.from('x')])];
    // The output changed, the signature left as it was.
    const changed = Buffer.from(good);
    changed[changed.length - MARKER.length] ^= 1;
    for (const bytes of [...damaged, changed]) {
      writeFileSync(record(), bytes);
      sameAsFresh();
    }
  });

  it('does not load the engine', () => {
    const copy = join(dir, 'dist-copy');
    cpSync(join(ROOT, 'dist'), copy, { recursive: true });
    const cli = join(copy, 'cli.js');
    const run = () => execFileSyncResult(cli, ['validate', '--format', 'json', '--cache', '.']);
    const first = run();
    assert.ok([0, 1].includes(first.code), first.stderr);
    rmSync(join(copy, 'cli-engine.js'));
    const second = run();
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
    // And the engine is really gone: a run that needs it cannot run.
    writeFileSync(join(dir, 'plans/a.plan.yaml'), gen(5));
    assert.equal(run().code, 2, 'without dist/cli-engine.js a changed plan cannot be checked');
  });

  function execFileSyncResult(cli, args) {
    try {
      const stdout = execFileSync(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { code: 0, stdout, stderr: '' };
    } catch (e) {
      return { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  }
});
