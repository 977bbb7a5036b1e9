// V8's code cache for the CLI's engine half (server/src/node/codecache.ts): kept in the user's
// own cache folder, private, never trusted when anyone else could have written it, and never
// changing a result. Each test runs the built CLI with its own XDG_CACHE_HOME.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qipp, ROOT, scratch } from './helpers.mjs';

const PLANS = [join(ROOT, 'samples')];
const run = (xdg, extra = {}) => qipp(['validate', '--format', 'json', ...PLANS], { env: { XDG_CACHE_HOME: xdg, QIPP_WORKERS: '0', ...extra } });
const cacheFolder = (xdg) => join(xdg, 'qipp', 'code-cache');
const cacheFiles = (xdg) => (existsSync(cacheFolder(xdg)) ? readdirSync(cacheFolder(xdg)).filter((n) => n.endsWith('.bin')) : []);

describe('the engine code cache', function () {
  this.timeout(120_000);
  let reference;
  before(() => {
    const { dir, cleanup } = scratch();
    try {
      reference = run(dir, { QIPP_CODE_CACHE: '0' });
      assert.ok([0, 1].includes(reference.code), reference.stderr);
      assert.deepEqual(cacheFiles(dir), [], 'QIPP_CODE_CACHE=0 keeps no cache');
    } finally {
      cleanup();
    }
  });

  it('is written on the first run, private to the user, and the next run gives the same results from it', () => {
    const { dir, cleanup } = scratch();
    try {
      const first = run(dir);
      assert.equal(first.stdout, reference.stdout);
      const [file] = cacheFiles(dir);
      assert.match(file ?? '', /^cli-engine-[0-9a-f]+-v\d+\.\d+\.\d+-\w+\.bin$/);
      const path = join(cacheFolder(dir), file);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(cacheFolder(dir)).mode & 0o777, 0o700);
      const written = readFileSync(path);
      const second = run(dir);
      assert.equal(second.stdout, reference.stdout);
      assert.equal(second.code, reference.code);
      assert.deepEqual(readFileSync(path), written, 'a cache V8 accepts is used as it is, not written again');
    } finally {
      cleanup();
    }
  });

  it('worker threads load the engine with the same cache, and give the same results as one thread without it', () => {
    const { dir, cleanup } = scratch();
    try {
      // Enough plans for a helper thread (node/check.ts starts one from 24 files).
      const plans = join(dir, 'plans');
      mkdirSync(plans);
      const samples = readdirSync(join(ROOT, 'samples')).filter((n) => n.endsWith('.plan.yaml'));
      for (let k = 0; k < Math.ceil(30 / samples.length); k++) for (const n of samples) copyFileSync(join(ROOT, 'samples', n), join(plans, `copy-${k}-${n}`));
      const xdg = join(dir, 'xdg');
      const each = (workers, extra = {}) => qipp(['validate', '--format', 'json', plans], { cwd: dir, env: { XDG_CACHE_HOME: xdg, QIPP_WORKERS: workers, ...extra } });
      const serial = each('0', { QIPP_CODE_CACHE: '0' });
      assert.ok([0, 1].includes(serial.code), serial.stderr);
      assert.ok(JSON.parse(serial.stdout).length >= 30);
      assert.equal(each('0').stdout, serial.stdout, 'the run that writes the cache');
      assert.equal(cacheFiles(xdg).length, 1);
      for (const workers of ['1', '2']) {
        const threaded = each(workers);
        assert.equal(threaded.stdout, serial.stdout, `QIPP_WORKERS=${workers}`);
        assert.equal(threaded.code, serial.code);
        assert.equal(threaded.stderr, serial.stderr);
      }
    } finally {
      cleanup();
    }
  });

  it('a damaged cache changes no result and is replaced', () => {
    const { dir, cleanup } = scratch();
    try {
      run(dir);
      const path = join(cacheFolder(dir), cacheFiles(dir)[0]);
      writeFileSync(path, Buffer.alloc(4096, 0x5a));
      const r = run(dir);
      assert.equal(r.stdout, reference.stdout);
      assert.notDeepEqual(readFileSync(path), Buffer.alloc(4096, 0x5a), 'V8 refused it, so a good one was written');
    } finally {
      cleanup();
    }
  });

  it('a cache others could have written is not read, and a link is not followed', () => {
    const { dir, cleanup } = scratch();
    try {
      run(dir);
      const name = cacheFiles(dir)[0];
      const path = join(cacheFolder(dir), name);
      // Writable by others: not trusted, replaced by a private one.
      writeFileSync(path, 'planted');
      chmodSync(path, 0o666);
      assert.equal(run(dir).stdout, reference.stdout);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.notEqual(readFileSync(path, 'utf8'), 'planted');
      // A link in its place: neither read through nor written through.
      const target = join(dir, 'elsewhere.bin');
      writeFileSync(target, 'someone else’s file');
      rmSync(path);
      symlinkSync(target, path);
      assert.equal(run(dir).stdout, reference.stdout);
      assert.equal(readFileSync(target, 'utf8'), 'someone else’s file');
    } finally {
      cleanup();
    }
  });
});
