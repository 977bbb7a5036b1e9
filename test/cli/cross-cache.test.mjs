// `qipp validate --cache` keeps the cross-plan findings of the whole set of plans (server/src/cli/cross.ts):
// a run over the same unchanged plans replays them without reading any plan's facts; any change to
// the set (a plan's content, a plan more or less) works them out again; and the stored findings are
// used only when signed with the user's own secret, like every other cache entry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheSecret, qipp, ROOT, scratch, writeFiles } from './helpers.mjs';
import { createHmac, randomBytes } from 'node:crypto';

const gen = (seed) => execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), '2', String(seed)], { encoding: 'utf8' });
/** Generated plans are all sha-north's for 2010/11 to 2013/14: one for another organisation is no duplicate. */
const otherOrganisation = (text) => text.replace(/^organisation: sha-north$/m, 'organisation: pct-0');
const crossOf = (stdout) => JSON.parse(stdout).map((f) => [f.file, f.diagnostics.filter((d) => d.rule.startsWith('cross-')).map((d) => d.rule)]);
const signCross = (secret, c) => {
  const mac = createHmac('sha256', secret);
  for (const f of ['cross', c.key, c.json]) mac.update(f).update('\0');
  return mac.digest('hex');
};

describe('qipp validate --cache: the cross-plan findings of a set of plans', function () {
  this.timeout(120_000);
  let dir;
  let cleanup;
  let env;
  const args = ['validate', '--format', 'json', '--cache', '.'];
  const run = () => qipp(args, { cwd: dir, env });
  beforeEach(() => {
    ({ dir, cleanup } = scratch());
    env = { XDG_CACHE_HOME: join(dir, 'xdg'), QIPP_CACHE_RACY_MS: '0', QIPP_WORKERS: '0' };
    writeFiles(dir, { 'a.plan.yaml': gen(1), 'b.plan.yaml': gen(2), 'c.plan.yaml': otherOrganisation(gen(3)) });
  });
  afterEach(() => cleanup());

  it('are the same when replayed, and follow a change to one plan or to the set', () => {
    const cold = run();
    assert.deepEqual(crossOf(cold.stdout), [['a.plan.yaml', []], ['b.plan.yaml', ['cross-duplicate-plan']], ['c.plan.yaml', []]]);
    const warm = run();
    assert.equal(warm.stdout, cold.stdout, 'replayed as they were');
    assert.ok(JSON.parse(readFileSync(join(dir, '.qipp-cache'), 'utf8')).cross, 'the set’s findings are kept');

    // c becomes sha-north's too: a duplicate of a, though a and b are replayed unread.
    writeFileSync(join(dir, 'c.plan.yaml'), gen(3));
    assert.deepEqual(crossOf(run().stdout), [['a.plan.yaml', []], ['b.plan.yaml', ['cross-duplicate-plan']], ['c.plan.yaml', ['cross-duplicate-plan']]]);
    // a goes: b is now the first of its kind, and c duplicates b.
    rmSync(join(dir, 'a.plan.yaml'));
    assert.deepEqual(crossOf(run().stdout), [['b.plan.yaml', []], ['c.plan.yaml', ['cross-duplicate-plan']]]);
    // The rules of a configuration count too.
    writeFileSync(join(dir, 'off.yaml'), 'rules: {cross-duplicate-plan: off}\n');
    assert.deepEqual(crossOf(qipp([...args, '--config', 'off.yaml'], { cwd: dir, env }).stdout), [['b.plan.yaml', []], ['c.plan.yaml', []]]);
  });

  it('are replayed only when signed with the user’s secret', () => {
    const cold = run();
    const cacheFile = join(dir, '.qipp-cache');
    const plant = (secret) => {
      const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
      cache.cross.json = '[]';
      cache.cross.mac = signCross(secret, cache.cross);
      writeFileSync(cacheFile, JSON.stringify(cache));
    };
    // Signed by someone else: not used, the findings are worked out again.
    plant(randomBytes(32));
    assert.equal(run().stdout, cold.stdout);
    // Signed with the user's secret (as only qipp can): replayed, which proves the replay is used.
    plant(cacheSecret(env));
    assert.deepEqual(crossOf(run().stdout), [['a.plan.yaml', []], ['b.plan.yaml', []], ['c.plan.yaml', []]]);
  });
});
