#!/usr/bin/env node
// Every test: the Debian packages some tests drive, then `npm test` (build,
// typecheck, mocha), then the real-VS-Code end-to-end run. Each suite's own
// output streams through; the last line totals them as "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';

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

const count = (out, re) => {
  const m = [...out.matchAll(re)];
  return m.length ? Number(m[m.length - 1][1]) : 0;
};

const unit = await run('npm', ['test']);
const e2e = await run('npm', ['run', '-s', 'test:e2e']);
// The extension from its browser entry in code-server's web worker extension host (test/e2e-web/run.mjs).
const e2eWeb = await run('npm', ['run', '-s', 'test:e2e:web']);

// mocha: "  706 passing", "  2 failing", "  13 pending"; the e2e suite prints mocha's report too.
let passed = count(unit.out, /^\s*(\d+) passing/gm);
let failed = count(unit.out, /^\s*(\d+) failing/gm);
const skipped = count(unit.out, /^\s*(\d+) pending/gm);
const e2ePassed = count(e2e.out, /e2e: (\d+) passed/g);
const e2eFailed = count(e2e.out, /e2e: \d+ passed, (\d+) failed/g);
passed += e2ePassed + count(e2eWeb.out, /e2e-web: (\d+) passed/g);
failed += e2eFailed + count(e2eWeb.out, /e2e-web: \d+ passed, (\d+) failed/g);
// A suite that stopped before reporting (a build or typecheck error, a harness failure) counts as a failure.
if (unit.code !== 0 && failed === 0) failed = 1;
if (e2e.code !== 0 && e2eFailed === 0) failed += 1;
if (e2eWeb.code !== 0 && count(e2eWeb.out, /e2e-web: \d+ passed, (\d+) failed/g) === 0) failed += 1;
console.log(`\nunit and protocol tests: exit ${unit.code}; end-to-end: exit ${e2e.code}; web end-to-end: exit ${e2eWeb.code}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(unit.code !== 0 || e2e.code !== 0 || e2eWeb.code !== 0 ? 1 : 0);
