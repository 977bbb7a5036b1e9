// Snapshot (golden) tests with an UPDATE mode rewrite their snapshots instead
// of comparing with them, so they cannot fail: test/support/update-mode.mjs
// refuses UPDATE=1 when CI is set, and every test with such a mode goes
// through it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HELPER = join(ROOT, 'test/support/update-mode.mjs');
const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(mjs|cjs|js)$/.test(n) ? [p] : [];
  });

describe('UPDATE mode of snapshot tests', () => {
  it('is off by default, on with UPDATE=1 or UPDATE=true, and refused with a clear error when CI is set', async () => {
    const { updateMode } = await import(HELPER);
    assert.equal(updateMode({}), false);
    assert.equal(updateMode({ CI: 'true' }), false);
    assert.equal(updateMode({ UPDATE: '1' }), true);
    assert.equal(updateMode({ UPDATE: 'true' }), true);
    assert.throws(() => updateMode({ UPDATE: '1', CI: 'true' }), /UPDATE=1 is refused when CI is set: it rewrites the snapshots instead of comparing with them/);
    assert.throws(() => updateMode({ UPDATE: 'true', CI: '1' }), /refused when CI is set/);
  });

  it('every test that reads UPDATE does so through test/support/update-mode.mjs', () => {
    const direct = walk(join(ROOT, 'test'))
      .filter((f) => f !== HELPER && /\benv(\.|\[\s*['"])UPDATE/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    assert.deepEqual(direct, []);
  });

  it('the preview golden tests refuse to load with CI=true UPDATE=1', () => {
    // --dry-run loads the file without running its tests, so nothing is written even when the guard is missing.
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--dry-run', 'test/preview/golden.test.mjs'], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', UPDATE: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.notEqual(r.status, 0, `it loaded: ${r.stdout.slice(-300)}`);
    assert.match(r.stdout + r.stderr, /UPDATE=1 is refused when CI is set/);
  });
});
