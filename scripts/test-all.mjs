#!/usr/bin/env node
// Every test: the Debian packages some tests drive, then `npm test` (build,
// typecheck, mocha), then the real-VS-Code end-to-end runs (the Node extension,
// then the web one in code-server's browser workbench). Each suite's own
// output streams through; the last line totals them as "N passed, N failed,
// N skipped" (scripts/test-summary.cjs counts).
import { spawn, spawnSync } from 'node:child_process';
import { totalLine, totals } from './test-summary.cjs';

const deps = spawnSync('bash', ['scripts/system-deps.sh'], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);

/** Run a command, echo its output, and hand back what it printed. */
function run(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

const unit = await run('npm', ['test']);
const e2e = await run('npm', ['run', '-s', 'test:e2e']);
// The extension from its browser entry in code-server's web worker extension host (test/e2e-web/run.mjs).
const e2eWeb = await run('npm', ['run', '-s', 'test:e2e:web']);

const total = totals(unit, e2e, e2eWeb);
console.log(`\nunit and protocol tests: exit ${unit.code}; end-to-end: exit ${e2e.code}; web end-to-end: exit ${e2eWeb.code}`);
console.log(totalLine(total));
process.exit(unit.code !== 0 || e2e.code !== 0 || e2eWeb.code !== 0 ? 1 : 0);
