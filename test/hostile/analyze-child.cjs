// Runs the engine on one input in a process of its own, so that a fatal error
// (V8 aborting on a stack overflow, running out of memory) fails the test that
// asked instead of killing the test runner. Prints one line of JSON: for each
// engine (full, incremental) and each of two runs in a row, the time and the
// findings; and the peak memory of the process.
//
//   node analyze-child.cjs INPUT.json [full|incremental|both] [runs]
// INPUT.json holds the text as a JSON string (lone surrogates survive JSON).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [file, which = 'both', runsArg = '2'] = process.argv.slice(2);
const { createEngine } = require(join(__dirname, '../../dist/core.js'));
const text = JSON.parse(readFileSync(file, 'utf8'));
const out = { engines: {} };
for (const mode of which === 'both' ? ['full', 'incremental'] : [which]) {
  const engine = createEngine({ rules: {} }, { incremental: mode === 'incremental' });
  const runs = [];
  for (let i = 0; i < Number(runsArg); i++) {
    const t0 = performance.now();
    const a = engine.analyze(text);
    runs.push({ ms: performance.now() - t0, findings: a.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range })) });
  }
  out.engines[mode] = runs;
}
out.maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + '\n');
