// The language server checks a workspace's plans on one worker thread kept between batches
// (keptChecker, server/src/node/check.ts), its results sent back a few plans per message. Which
// thread checks a plan, and how its results travel, must never change them: the kept worker gives
// what checking here gives, in the jobs' order, for batches larger than a message, for two batches
// asked at once, with two configurations, and again after it has stopped.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from '../cli/helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = join(ROOT, 'dist/server.js'); // starts as a check worker when asked (lsp/main.ts)

describe('the kept checking worker (keptChecker)', () => {
  let check;
  let jobs;
  const configs = [{ rules: {} }, { rules: { 'duplicate-id': 'off', 'milestone-order': 'warning' } }];
  before(async function () {
    this.timeout(60_000);
    check = await loadTs('server/src/node/check.ts');
    const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.plan.yaml')).map((f) => join(ROOT, 'samples', f));
    // More plans than one message carries, each sample under both configurations, and one that is not YAML at all.
    jobs = [];
    for (let k = 0; k < 4; k++) for (const path of samples) jobs.push({ path, text: readFileSync(path, 'utf8'), config: k % 2, readFiles: false, want: 'findings+summary', file: `p${jobs.length}.plan.yaml`, href: `file:///p${jobs.length}` });
    jobs.push({ path: '/x/broken.plan.yaml', text: 'a: [\n  : : :\n', config: 0, readFiles: false, want: 'findings+summary', file: 'broken.plan.yaml' });
  });

  it('gives what checking here gives, in order, batch after batch and two at once', async function () {
    this.timeout(120_000);
    const here = await check.checkAll(jobs, configs, 0);
    assert.ok(here.some((r) => r.diagnostics.length > 0), 'the samples have findings to compare');
    const kept = check.keptChecker(SERVER);
    try {
      assert.deepEqual(await kept.check(jobs, configs), here);
      const [a, b] = await Promise.all([kept.check(jobs.slice(0, 11), configs), kept.check(jobs.slice(11), configs)]);
      assert.deepEqual([...a, ...b], here);
      await kept.stop();
      assert.deepEqual(await kept.check(jobs.slice(3, 6), configs), here.slice(3, 6), 'a stopped worker starts again when needed');
    } finally {
      await kept.stop();
    }
  });

  it('checks here when its worker cannot start', async function () {
    this.timeout(60_000);
    const kept = check.keptChecker(join(ROOT, 'no-such-script.js'));
    try {
      assert.deepEqual(await kept.check(jobs.slice(0, 3), configs), await check.checkAll(jobs.slice(0, 3), configs, 0));
    } finally {
      await kept.stop();
    }
  });
});
