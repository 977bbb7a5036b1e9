// How the test runs are counted, in one place: the end-to-end runner
// (test/e2e/suite/index.js, inside the extension host) prints its closing line
// with e2eLine, and scripts/test-all.mjs reads that line and mocha's report of
// `npm test` back with totals. CommonJS, so that the extension host can
// require it as well as test-all.mjs import it; unit-tested in
// test/unit/test-summary.test.mjs.
'use strict';

/**
 * Runs a mocha instance to the end and resolves to what it counted: the
 * tests that passed, the failures (of tests and of hooks), and the tests
 * skipped (pending: `this.skip()`, no body, or skipped by their suite's hook).
 * From mocha's own counts, not `total - failures`, which counts a skipped test,
 * or one a failing hook kept from running, as passed.
 */
function runMocha(mocha) {
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      resolve({ total: mocha.suite.total(), passed: runner.stats.passes, failed: failures, skipped: runner.stats.pending });
    });
  });
}

/** The end-to-end run's one plain closing line, in the form CI's log readers understand. */
function e2eLine(counts) {
  return `e2e: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

/** The number the last match of `re` (global, one group) found in `out`; 0 when none. */
function lastCount(out, re) {
  const m = [...out.matchAll(re)];
  return m.length ? Number(m[m.length - 1][1]) : 0;
}

/** Mocha's spec report: "  706 passing", "  2 failing", "  13 pending". */
function mochaCounts(out) {
  return {
    passed: lastCount(out, /^\s*(\d+) passing/gm),
    failed: lastCount(out, /^\s*(\d+) failing/gm),
    skipped: lastCount(out, /^\s*(\d+) pending/gm),
  };
}

/**
 * An end-to-end run's closing line: `e2e: ...` (e2eLine, the Node run) or, with
 * label `e2e-web`, the web run's (test/e2e-web/run.mjs). The e2e suite prints
 * mocha's report too, which is not read. A line without the skipped count
 * reads as none skipped.
 */
function e2eCounts(out, label = 'e2e') {
  const l = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    passed: lastCount(out, new RegExp(`(?:^|[^\\w-])${l}: (\\d+) passed`, 'g')),
    failed: lastCount(out, new RegExp(`(?:^|[^\\w-])${l}: \\d+ passed, (\\d+) failed`, 'g')),
    skipped: lastCount(out, new RegExp(`(?:^|[^\\w-])${l}: \\d+ passed, \\d+ failed, (\\d+) skipped`, 'g')),
  };
}

/**
 * The suites together, from their exit codes and output: `npm test`, the Node
 * end-to-end run and, when given, the web one (VS Code for the Web). A suite
 * that stopped before reporting (a build or typecheck error, a harness
 * failure) counts as a failure.
 */
function totals(unit, e2e, e2eWeb) {
  const u = mochaCounts(unit.out);
  let failed = u.failed;
  if (unit.code !== 0 && failed === 0) failed = 1;
  const t = { passed: u.passed, failed, skipped: u.skipped };
  for (const [run, label] of [[e2e, 'e2e'], [e2eWeb, 'e2e-web']]) {
    if (!run) continue;
    const e = e2eCounts(run.out, label);
    t.passed += e.passed;
    t.skipped += e.skipped;
    t.failed += e.failed;
    if (run.code !== 0 && e.failed === 0) t.failed += 1;
  }
  return t;
}

/** The last line of `npm run test:all`. */
function totalLine(t) {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
}

module.exports = { runMocha, e2eLine, lastCount, mochaCounts, e2eCounts, totals, totalLine };
