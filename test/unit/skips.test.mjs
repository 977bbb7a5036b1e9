// Every way a test in this repository can be skipped, and why: a skipped
// test cannot fail, so a new skip has to be listed here with its reason.
// A test whose set-up is missing (a package, root, a build) skips through
// test/support/skip.mjs, which fails in CI instead; `it.skip`, `describe.skip`
// and `xit` are never used. (scripts/test-all.mjs counts what is skipped, the
// end-to-end run's too, in its last line.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(mjs|cjs|js)$/.test(n) ? [p] : [];
  });

/** Each file that may skip a test itself, how many times, and why that is right (or why CI cannot run it). */
const ALLOWED = {
  'test/support/skip.mjs': [1, 'skipOutsideCi: skips on a developer machine without the set-up; throws when CI is set'],
  'test/hostile/inputs.test.mjs': [1, 'longOnly: the engine on a 50 MB plan and on 100,000 ids, and the server on 100,000 ids, run in CI and `npm run fuzz` and are skipped in a local `npm test` only'],
  'test/hostile/known-bugs.mjs': [1, 'a test that hits a listed known bug (KNOWN_BUGS, empty today) is pending with the bug printed, and counted as skipped'],
  'test/e2e/suite/plans.e2e.js': [1, 'the UI steps need the launcher\'s driver; the e2e runner (suite/index.js) fails in CI without it'],
  'test/e2e/suite/report-overview.e2e.js': [1, 'the click in the overview\'s webview needs the launcher\'s driver; the e2e runner (suite/index.js) fails in CI without it'],
  'test/preview/browser.test.mjs': [1, 'the webview suite skips when its outer suite had no Chromium, which chromiumOrSkip fails in CI'],
};
/** Files whose text holds test code run elsewhere (mocha specs written out for a child process). */
const NOT_SKIPS = new Set(['test/unit/test-summary.test.mjs', 'test/unit/skips.test.mjs']);

describe('skipped tests', () => {
  const files = walk(join(ROOT, 'test')).map((f) => [relative(ROOT, f).split('\\').join('/'), readFileSync(f, 'utf8')]);

  it('no test is skipped with it.skip, describe.skip, xit or xdescribe, or left without a body (pending)', () => {
    const found = files
      .filter(([f, text]) => !NOT_SKIPS.has(f) && /\b(it|describe|context|specify)\.skip\(|\bx(it|describe|context|specify)\(|\b(it|specify)\((['"`])(?:(?!\4)[^\\\n])*\4\s*\)/.test(text))
      .map(([f]) => f);
    assert.deepEqual(found, []);
  });

  it('only the listed files skip a test themselves (this.skip(), ctx.skip()), each as often as listed', () => {
    const counts = Object.fromEntries(
      files.filter(([f]) => !NOT_SKIPS.has(f)).flatMap(([f, text]) => {
        const n = (text.match(/\.skip\(\)/g) ?? []).length;
        return n ? [[f, n]] : [];
      }),
    );
    assert.deepEqual(counts, Object.fromEntries(Object.entries(ALLOWED).map(([f, [n]]) => [f, n])));
  });
});
