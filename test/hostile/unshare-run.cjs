// Runs a command with networking denied: `node unshare-run.cjs CMD ARGS...`
// becomes `unshare -n CMD ARGS...` (a new, empty network namespace; root
// only), with this process's stdin and stdout passed through, so that a
// language server under test can be driven as usual. Exits with its status.
const { spawn } = require('node:child_process');

const child = spawn('unshare', ['-n', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 128 : code ?? 1));
child.on('error', (e) => {
  process.stderr.write(`unshare-run: ${e.message}\n`);
  process.exit(127);
});
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => child.kill(s));
