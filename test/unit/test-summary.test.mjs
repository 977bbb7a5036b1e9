// How `npm run test:all` counts (scripts/test-summary.cjs): a skipped test is
// counted as skipped, never as passed, in the end-to-end run's closing line
// and in the final total. The e2e runner's counting is run here on a real
// mocha run (in a child process, as the extension host runs it), without
// VS Code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SUMMARY = join(ROOT, 'scripts/test-summary.cjs');
const require = createRequire(import.meta.url);
const { e2eCounts, e2eLine, mochaCounts, totalLine, totals } = require(SUMMARY);

/** Runs `spec` (a mocha BDD file's text) as test/e2e/suite/index.js runs its suites; hands back what it printed. */
function runLikeE2e(spec) {
  const dir = mkdtempSync(join(tmpdir(), 'qipp-summary-'));
  try {
    writeFileSync(join(dir, 'sample.e2e.js'), spec);
    const mochaUrl = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('mocha')).href;
    writeFileSync(
      join(dir, 'runner.mjs'),
      `import { createRequire } from 'node:module';
const { default: Mocha } = await import(${JSON.stringify(mochaUrl)});
const { e2eLine, runMocha } = createRequire(import.meta.url)(${JSON.stringify(SUMMARY)});
const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec' });
mocha.addFile(${JSON.stringify(join(dir, 'sample.e2e.js'))});
await mocha.loadFilesAsync();
console.log(e2eLine(await runMocha(mocha)));
`,
    );
    const r = spawnSync(process.execPath, [join(dir, 'runner.mjs')], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.error, undefined);
    return r.stdout.trim().split('\n').pop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('test-all counting (scripts/test-summary.cjs)', function () {
  this.timeout(60_000);

  describe('the e2e closing line, from a real mocha run', () => {
    it('counts a test skipped with this.skip() and one without a body as skipped, not passed', () => {
      const line = runLikeE2e(`
        describe('s', () => {
          it('passes', () => {});
          it('passes too', () => {});
          it('skips itself', function () { this.skip(); });
          it('has no body');
          it('fails', () => { throw new Error('no'); });
        });`);
      assert.equal(line, 'e2e: 2 passed, 1 failed, 2 skipped');
    });

    it('counts the tests of a suite skipped in its before hook as skipped', () => {
      const line = runLikeE2e(`
        describe('s', () => {
          before(function () { this.skip(); });
          it('a', () => {});
          it('b', () => {});
        });
        it('c', () => {});`);
      assert.equal(line, 'e2e: 1 passed, 0 failed, 2 skipped');
    });

    it('does not count tests a failing hook kept from running as passed', () => {
      const line = runLikeE2e(`
        describe('s', () => {
          before(() => { throw new Error('set-up failed'); });
          it('a', () => {});
          it('b', () => {});
        });`);
      assert.equal(line, 'e2e: 0 passed, 1 failed, 0 skipped');
    });
  });

  describe('reading the reports back', () => {
    it('reads passed, failed and skipped from the e2e closing line', () => {
      assert.deepEqual(e2eCounts('[launcher] ...\ne2e: 7 passed, 1 failed, 2 skipped\n[launcher +3s] exit 1\n'), { passed: 7, failed: 1, skipped: 2 });
      assert.deepEqual(e2eCounts(e2eLine({ passed: 3, failed: 0, skipped: 4 })), { passed: 3, failed: 0, skipped: 4 });
    });

    it("reads mocha's own report of npm test", () => {
      assert.deepEqual(mochaCounts('\n  706 passing (3m)\n  13 pending\n  2 failing\n\n  1) x\n'), { passed: 706, failed: 2, skipped: 13 });
    });

    it('adds the e2e run\'s skipped tests to the skipped total, and ends "N passed, N failed, N skipped"', () => {
      const t = totals({ code: 0, out: '  10 passing (2s)\n  2 pending\n' }, { code: 0, out: '  6 passing\n  1 pending\ne2e: 6 passed, 0 failed, 1 skipped\n' });
      assert.deepEqual(t, { passed: 16, failed: 0, skipped: 3 });
      assert.equal(totalLine(t), '16 passed, 0 failed, 3 skipped');
    });

    it('reads the web e2e run\'s closing line apart from the Node one, and adds it to the totals', () => {
      const both = 'e2e: 7 passed, 1 failed, 2 skipped\ne2e-web: 9 passed, 3 failed\n';
      assert.deepEqual(e2eCounts(both), { passed: 7, failed: 1, skipped: 2 });
      assert.deepEqual(e2eCounts(both, 'e2e-web'), { passed: 9, failed: 3, skipped: 0 });
      const t = totals({ code: 0, out: '  5 passing\n' }, { code: 0, out: 'e2e: 4 passed, 0 failed, 1 skipped\n' }, { code: 0, out: 'e2e-web: 6 passed, 0 failed\n' });
      assert.equal(totalLine(t), '15 passed, 0 failed, 1 skipped');
      assert.deepEqual(totals({ code: 0, out: '  5 passing\n' }, { code: 0, out: 'e2e: 4 passed, 0 failed, 0 skipped\n' }, { code: 1, out: 'code-server did not start' }), { passed: 9, failed: 1, skipped: 0 });
    });

    it('counts a suite that stopped before reporting as a failure', () => {
      assert.deepEqual(totals({ code: 2, out: 'error TS2304: Cannot find name' }, { code: 1, out: '[e2e] failed after 3.0 s: no chromium' }), { passed: 0, failed: 2, skipped: 0 });
      assert.deepEqual(totals({ code: 0, out: '  5 passing\n' }, { code: 1, out: 'e2e: 4 passed, 1 failed, 0 skipped\n' }), { passed: 9, failed: 1, skipped: 0 });
    });
  });
});
