#!/usr/bin/env node
// Times `qipp report` (the default html page, written to a file) against
// `qipp validate --format json` on the same generated plans, alternating runs,
// and prints the medians and their ratio (goal: report ≤ 1.3 × validate).
//
//   npm run -s build && node bench/report.mjs [--plans 500] [--initiatives 20] [--runs 5] [--format html]
//
// The corpus is bench/cli.mjs's (.cache/bench-corpus, from bench/gen-plan.mjs; bench/support.mjs),
// made here the same way when it is missing. The machine is shared: compare the ratio.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childCpuMs, CORPUS, ensureCorpus } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli.js');
const { values } = parseArgs({ options: { plans: { type: 'string', default: '500' }, initiatives: { type: 'string', default: '20' }, runs: { type: 'string', default: '5' }, format: { type: 'string', default: 'html' } } });
const plans = Number(values.plans);
const initiatives = Number(values.initiatives);
const runs = Number(values.runs);


await ensureCorpus(plans, initiatives);
const out = mkdtempSync(join(tmpdir(), 'qipp-bench-report-'));
const commands = {
  validate: ['validate', '--format', 'json', CORPUS],
  report: ['report', '--format', values.format, '-o', join(out, `report.${values.format === 'md' ? 'md' : values.format}`), CORPUS],
};
const cpu = { validate: [], report: [] };
function timeRun(name) {
  const c0 = childCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...commands[name]], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !(name === 'validate' && r.status === 1)) throw new Error(`qipp ${name} failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  const c1 = childCpuMs();
  if (c0 !== undefined && c1 !== undefined) cpu[name].push(c1 - c0);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  timeRun('validate');
  timeRun('report'); // warm-up, not counted
  cpu.validate.length = cpu.report.length = 0;
  const times = { validate: [], report: [] };
  for (let i = 0; i < runs; i++) for (const name of i % 2 ? ['report', 'validate'] : ['validate', 'report']) times[name].push(timeRun(name));
  const v = median(times.validate);
  const r = median(times.report);
  const cv = cpu.validate.length ? median(cpu.validate) : undefined;
  const cr = cpu.report.length ? median(cpu.report) : undefined;
  console.error(`qipp validate: median ${v.toFixed(0)} ms; qipp report --format ${values.format}: median ${r.toFixed(0)} ms (${runs} alternating runs, ${plans} plans): ${(r / v).toFixed(2)}×`);
  if (cv !== undefined) console.error(`CPU time (user + system, all threads): validate ${cv.toFixed(0)} ms, report ${cr.toFixed(0)} ms: ${(cr / cv).toFixed(2)}×`);
  console.log(JSON.stringify({ plans, runs, format: values.format, validate_median_ms: v, report_median_ms: r, ratio: r / v, validate_ms: times.validate, report_ms: times.report, validate_cpu_ms: cpu.validate, report_cpu_ms: cpu.report, cpu_ratio: cv === undefined ? null : cr / cv }));
} finally {
  rmSync(out, { recursive: true, force: true });
}
