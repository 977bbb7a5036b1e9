#!/usr/bin/env node
// Times `qipp validate` against ajv-cli (a JSON Schema check only) on the same
// generated plans, alternating runs, and prints the medians and their ratios:
// qipp cold (no --cache) and qipp --cache over the same unchanged plans (its
// cache filled by the warm-up run), each against ajv-cli cold, wall-clock and
// CPU time (every thread, from /proc; steadier on a shared machine).
//
//   npm run bench:cli                      (builds first)
//   node bench/cli.mjs [--plans 500] [--initiatives 20] [--runs 5] [--machine-env]
//
// Both tools' children run without NODE_EXTRA_CA_CERTS by default: neither
// uses TLS, and where it is set (to a whole bundle of certificates) it costs
// every Node process the reading of them at start (~90 ms here), which would
// measure the machine rather than the tools. --machine-env runs them with the
// environment as it is.
//
// The corpus is made by bench/gen-plan.mjs (seeds 1..plans) into
// .cache/bench-corpus and reused while its parameters are unchanged. The
// machine is shared, so compare the ratio, not the absolute times.
//
// Caveat on fairness: ajv-cli reads YAML with js-yaml 3, a YAML 1.1 parser, so
// dates such as `as_of: 2010-10-01` become timestamps and it calls every plan
// invalid (the spec forbids 1.1 readers for that reason); it also ignores our
// custom formats. It is a lower bound for "parse and schema-check", while qipp
// parses YAML 1.2 keeping ranges, checks the schema and runs every domain rule.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childCpuMs, childEnvironment, CORPUS, ensureCorpus, GENERATOR } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli.js');
const AJV_CLI = join(ROOT, 'node_modules/ajv-cli/dist/index.js');

const { values } = parseArgs({
  options: {
    plans: { type: 'string', default: '500' },
    initiatives: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    'machine-env': { type: 'boolean', default: false },
  },
});
const plans = Number(values.plans);
const initiatives = Number(values.initiatives);
const runs = Number(values.runs);
if (![plans, initiatives, runs].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('--plans, --initiatives and --runs need whole numbers greater than 0');
  process.exit(2);
}
for (const [what, path] of [['the plan generator', GENERATOR], ['dist/cli.js (run npm run build)', CLI], ['ajv-cli (npm install)', AJV_CLI]]) {
  if (!existsSync(path)) {
    console.error(`missing ${what}: ${path}`);
    process.exit(2);
  }
}

const childEnv = childEnvironment(values['machine-env']);

await ensureCorpus(plans, initiatives);
const schema = schemaFile();

const qippArgs = [CLI, 'validate', '--format', 'json', CORPUS];
const cacheDir = mkdtempSync(join(tmpdir(), 'qipp-bench-cli-cache-'));
const cachedArgs = [CLI, 'validate', '--format', 'json', '--cache', '--cache-location', join(cacheDir, '.qipp-cache'), CORPUS];
const ajvArgs = [AJV_CLI, 'validate', '-s', schema, '-d', `${CORPUS}/*.plan.yaml`, '--spec=draft7', '-c', 'ajv-formats', '--strict=false'];


/** Runs one tool once; returns milliseconds, wall and CPU. Exit 0 or 1 is a result; anything else is a failure. */
function timeRun(name, args) {
  const c0 = childCpuMs();
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const c1 = childCpuMs();
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${name} failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').slice(0, 2000)}`);
    process.exit(1);
  }
  return { ms, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0, stdout: r.stdout, stderr: r.stderr };
}

// One warm-up run each (disk cache, JIT of node itself, qipp's code cache), not counted; it also gives
// the facts printed below, and fills the --cache run's cache.
const warmQipp = timeRun('qipp', qippArgs);
const warmAjv = timeRun('ajv-cli', ajvArgs);
const warmCached = timeRun('qipp --cache', cachedArgs);
const qippResults = JSON.parse(warmQipp.stdout);
const findings = qippResults.reduce((n, r) => n + r.diagnostics.length, 0);
const ajvInvalid = (warmAjv.stdout + warmAjv.stderr).match(/ invalid$/gm)?.length ?? 0;
if (warmCached.stdout !== warmQipp.stdout) {
  console.error('qipp --cache gave other results than qipp without it');
  process.exit(1);
}

const tools = { qipp: qippArgs, ajv: ajvArgs, cached: cachedArgs };
const times = { qipp: [], ajv: [], cached: [] };
const cpu = { qipp: [], ajv: [], cached: [] };
try {
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['qipp', 'ajv', 'cached'] : ['cached', 'ajv', 'qipp'];
    for (const tool of order) {
      const r = timeRun(tool, tools[tool]);
      times[tool].push(r.ms);
      if (r.cpu !== undefined) cpu[tool].push(r.cpu);
    }
    process.stderr.write(`run ${i + 1}/${runs}: qipp ${times.qipp.at(-1).toFixed(0)} ms, ajv-cli ${times.ajv.at(-1).toFixed(0)} ms, qipp --cache ${times.cached.at(-1).toFixed(0)} ms\n`);
  }
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const m = (xs) => (xs.length ? median(xs) : undefined);
const qippMedian = median(times.qipp);
const ajvMedian = median(times.ajv);
const cachedMedian = median(times.cached);
const [qippCpu, ajvCpu, cachedCpu] = [m(cpu.qipp), m(cpu.ajv), m(cpu.cached)];
const lines = readFileSync(join(CORPUS, 'plan-0001.plan.yaml'), 'utf8').split('\n').length - 1;
const cpuText = (x) => (x === undefined ? '' : `, CPU ${x.toFixed(0)} ms`);
const faster = (ours, theirs) => (ours && theirs ? theirs / ours : undefined);

console.log(`corpus: ${plans} plans of ${initiatives} initiatives (~${lines} lines each) in ${CORPUS}`);
console.log(`qipp validate --format json: median ${qippMedian.toFixed(0)} ms (${(qippMedian / plans).toFixed(2)} ms a plan)${cpuText(qippCpu)}, ${qippResults.length} files, ${findings} findings`);
console.log(`qipp validate --format json --cache, unchanged plans: median ${cachedMedian.toFixed(0)} ms${cpuText(cachedCpu)}`);
console.log(`ajv-cli validate (schema only): median ${ajvMedian.toFixed(0)} ms (${(ajvMedian / plans).toFixed(2)} ms a plan)${cpuText(ajvCpu)}, ${ajvInvalid} files called invalid (YAML 1.1 reads dates as timestamps)`);
console.log(`ratio qipp/ajv-cli: ${(qippMedian / ajvMedian).toFixed(2)} (${runs} alternating runs each, after one warm-up); qipp is ${(ajvMedian / qippMedian).toFixed(2)}× as fast cold${qippCpu && ajvCpu ? ` (CPU ${faster(qippCpu, ajvCpu).toFixed(2)}×)` : ''}, ${(ajvMedian / cachedMedian).toFixed(2)}× with --cache${cachedCpu && ajvCpu ? ` (CPU ${faster(cachedCpu, ajvCpu).toFixed(2)}×)` : ''}`);
const round = (x) => (x === undefined ? null : Math.round(x));
console.log(
  JSON.stringify({
    plans,
    initiatives,
    runs,
    qipp_median_ms: Math.round(qippMedian),
    ajv_median_ms: Math.round(ajvMedian),
    ratio: Number((qippMedian / ajvMedian).toFixed(3)),
    cached_median_ms: Math.round(cachedMedian),
    qipp_cpu_ms: round(qippCpu),
    ajv_cpu_ms: round(ajvCpu),
    cached_cpu_ms: round(cachedCpu),
  }),
);


/** The reform plan schema from schemas/, or a small placeholder while it does not exist yet. */
function schemaFile() {
  const real = join(ROOT, 'schemas/qipp-reform-plan.schema.json');
  if (existsSync(real)) return real;
  const placeholder = join(tmpdir(), 'qipp-bench-placeholder.schema.json');
  writeFileSync(
    placeholder,
    JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['kind', 'schema_version', 'title', 'organisation', 'period', 'status', 'organisations'],
      properties: { kind: { const: 'qipp-reform-plan' }, schema_version: { const: 1 }, title: { type: 'string' } },
    }),
  );
  process.stderr.write(`schemas/qipp-reform-plan.schema.json is missing; using a placeholder schema (${placeholder})\n`);
  return placeholder;
}
