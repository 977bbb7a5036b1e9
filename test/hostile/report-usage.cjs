// Preloaded into a CLI run (node -r report-usage.cjs dist/cli.js ...): writes
// the process's peak memory and CPU time to the file named by
// QIPP_USAGE_FILE when it exits, so that a test can report them.
const { writeFileSync } = require('node:fs');
const target = process.env.QIPP_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssMb: u.maxRSS / 1024, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
