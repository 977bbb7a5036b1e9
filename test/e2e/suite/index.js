// The extension test runner VS Code loads inside the extension host
// (--extensionTestsPath): runs the mocha suites in this folder (*.e2e.js) and
// reports failure by rejecting, which VS Code turns into a non-zero exit code.
// Named *.e2e.js so the unit-test mocha run (.mocharc.json: test/**/*.test.mjs)
// does not pick them up: they need the `vscode` module of a real extension host.
//
// Mocha's report is also sent, line by line and in order, to the launcher's UI
// driver, which prints it on the test run's standard output (the extension
// host's own console only reaches the browser's).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const driver = require('./driver');
const { e2eLine, runMocha } = require('../../../scripts/test-summary.cjs');

exports.run = async function run() {
  // Without the launcher's UI driver (a desktop VS Code) the UI steps skip themselves, or are
  // left out of a test; in CI the launcher always serves it, so there they must all run.
  if (process.env.CI && !driver.available) throw new Error('CI must run the UI steps of the end-to-end tests, but there is no UI driver (QIPP_E2E_DRIVER_URL is not set).');
  const { default: Mocha } = await import('mocha');
  let forwarded = Promise.resolve();
  const print = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args) => {
    // Plain text: mocha's symbols come coloured whenever CI=true makes a terminal seem to support it.
    const line = util.format(...args).replace(/\x1b\[[0-9;]*m/g, '');
    print(line);
    if (driver.available) forwarded = forwarded.then(() => driver.call('log', { line })).catch(() => {});
  };

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 90_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  const counts = await runMocha(mocha);
  // One plain closing line, in the form CI's log readers understand (scripts/test-all.mjs reads it).
  Mocha.reporters.Base.consoleLog(e2eLine(counts));
  await forwarded;
  if (counts.failed > 0) throw new Error(`${counts.failed} of ${counts.total} end-to-end tests failed.`);
};
