/**
 * `qipp report`: find the plans as `qipp validate` does, check and summarise
 * each (on worker threads with many plans), add the cross-plan findings, build
 * the report model and write it as html, md, json, csv (a folder, one file per
 * table) or xlsx (loaded only then: see loadXlsx). Part of the CLI's engine
 * half. Exit 0 when written, whatever the plans' problems; 2 when it cannot be.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { buildReport, renderReportHtml, reportMarkdown, reportTables, tableCsv, unreadableSummary, withCrossPlan, type EngineConfig, type PlanSummary, type Table } from '../core';
import type { ReportOptions } from './args';
import { checkAll, type CheckJob } from '../node/check';
import { ConfigError, createConfigLoader, type LoadedConfig } from '../node/config';
import { readConfigFile } from '../node/config-file';
import { describeFsError, discover } from '../node/discover';
import { readPlanFile } from '../node/read';
import { INTERNAL_ERROR } from '../node/rules';
import type { Io } from './io';
import type * as Xlsx from './xlsx';

const EXIT_OK = 0;
const EXIT_CANNOT_RUN = 2;

/** The xlsx writer, a bundle of its own (dist/cli-xlsx.js) so that no other run pays for loading it. */
function loadXlsx(): typeof Xlsx {
  return require('./xlsx') as typeof Xlsx;
}

/** A link from the report to a plan: relative to where the report is written, each part of the path escaped. */
function linkTo(file: string, from: string): string {
  return relative(from, file).split(sep).map(encodeURIComponent).join('/');
}

/** Every plan found, summarised with its configuration's severities; undefined (and a message) when qipp cannot run. */
async function summarise(options: ReportOptions, io: Io, linkBase: string): Promise<{ summaries: PlanSummary[]; paths: string[]; rules: LoadedConfig['engineConfig']['rules'][] } | undefined> {
  const found = discover(options.paths, io.cwd);
  if (found.unmatched.length > 0) {
    for (const u of found.unmatched) io.stderr.write(`qipp: ${u.reason}.\n`);
    return undefined;
  }
  const configs = new Map<string, LoadedConfig>();
  try {
    const configFor = createConfigLoader({ cwd: io.cwd, explicit: options.config, warn: (m) => io.stderr.write(`qipp: ${m}\n`), read: readConfigFile });
    for (const file of found.files) configs.set(file.path, configFor(file.path));
  } catch (e) {
    if (!ConfigError.is(e)) throw e;
    io.stderr.write(`qipp: ${e.message}\n`);
    return undefined;
  }
  const out = found.problems.map((p) => ({ summary: unreadableSummary(p.file.display, linkTo(resolve(io.cwd, p.file.display), linkBase), p.message), path: resolve(io.cwd, p.file.display), rules: {} }));
  const engineConfigs: EngineConfig[] = [];
  const configIndex = new Map<LoadedConfig, number>();
  const jobs: CheckJob[] = [];
  const pending: { file: string; href: string; path: string; rules: EngineConfig['rules'] }[] = [];
  for (const file of found.files) {
    const config = configs.get(file.path)!;
    const href = linkTo(file.path, linkBase);
    const read = readPlanFile(file.path, Math.floor(options.maxFileSizeMb * 1024 * 1024));
    if (!read.ok) {
      out.push({ summary: unreadableSummary(file.display, href, read.message), path: file.path, rules: {} });
      continue;
    }
    let index = configIndex.get(config);
    if (index === undefined) configIndex.set(config, (index = engineConfigs.push(config.engineConfig) - 1));
    jobs.push({ path: file.path, text: read.text, config: index, want: 'summary', file: file.display, href });
    pending.push({ file: file.display, href, path: file.path, rules: config.engineConfig.rules });
  }
  const results = jobs.length ? await checkAll(jobs, engineConfigs) : [];
  results.forEach((r, i) => {
    const p = pending[i];
    if (r.crash !== undefined) io.stderr.write(`qipp: internal error while checking ${p.file}: ${r.crash}\n`);
    const summary = r.summary ?? unreadableSummary(p.file, p.href, `qipp failed while checking this file (${(r.crash ?? 'no result').split('\n')[0]}); please report it.`, INTERNAL_ERROR);
    out.push({ summary, path: p.path, rules: p.rules });
  });
  return { summaries: out.map((o) => o.summary), paths: out.map((o) => o.path), rules: out.map((o) => o.rules) };
}

export async function runReport(options: ReportOptions, io: Io): Promise<number> {
  const defaultOut = options.format === 'csv' ? 'qipp-report' : options.format === 'xlsx' ? 'qipp-report.xlsx' : undefined;
  const outPath = options.output ?? defaultOut;
  const target = outPath === undefined ? undefined : resolve(io.cwd, outPath);
  // Links in the page are relative to where it is written (the working folder for the screen).
  const linkBase = target === undefined ? io.cwd : options.format === 'csv' ? target : dirname(target);
  const got = await summarise(options, io, linkBase);
  if (!got) return EXIT_CANNOT_RUN;
  const summaries = withCrossPlan(got.summaries, { rulesOf: (_, i) => got.rules[i], keyOf: (_, i) => got.paths[i] });
  const model = buildReport(summaries, { asOf: options.asOf, horizonDays: options.horizonDays });
  try {
    if (options.format === 'csv') {
      mkdirSync(target!, { recursive: true });
      for (const t of reportTables(model)) writeFileSync(join(target!, `${t.id}.csv`), tableCsv(t));
      return EXIT_OK;
    }
    const body: string | Buffer = render(options.format, model);
    if (target === undefined && typeof body === 'string') {
      io.stdout.write(body);
      return EXIT_OK;
    }
    mkdirSync(dirname(target!), { recursive: true });
    writeFileSync(target!, body);
  } catch (e) {
    io.stderr.write(`qipp: the report could not be written to "${outPath}": ${describeFsError(e)}.\n`);
    return EXIT_CANNOT_RUN;
  }
  return EXIT_OK;
}

function render(format: ReportOptions['format'], model: ReturnType<typeof buildReport>): string | Buffer {
  const tables = (): Table[] => reportTables(model);
  switch (format) {
    case 'html':
      return renderReportHtml(model);
    case 'md':
      return reportMarkdown(model, tables());
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    default:
      return loadXlsx().writeWorkbook(tables());
  }
}
