/**
 * `qipp validate`: find the plans, read each with its configuration, run the
 * engine, report, and decide the exit code (0 clean, 1 errors or too many
 * warnings, 2 qipp could not run).
 */
import { resolve } from 'node:path';
import { writeOutput } from './output';
import type { EngineConfig } from '../core';
import type { CheckJob, CheckResult } from '../node/check';
import type { ValidateOptions } from './args';
import { cacheFilePath, ResultCache, resultKey, sha256, stampFile, vouchedStamp, type FileStamp, type Replayed } from '../node/cache';
import { ConfigError, createConfigLoader } from '../node/config';
import type { LoadedConfig } from '../node/config';
import { describeFsError, discover, displayPath, type Discovery } from '../node/discover';
import { recordable, replayRun, RunRecorder, runKey } from './replay';
import { cliRootOf } from '../node/named-files';
import { engineHalf } from './lazy';
import type { PlanFile } from '../node/discover';
import { addCrossPlanFindings, applyCrossFindings, crossSetKey, type CrossEntry } from './cross';
import { formatterFor } from './formatters';
import type { Diagnostic, FileReport } from './formatters';
import type { Io } from './io';
import { readPlanFile } from '../node/read';
import { FILE_UNREADABLE, INTERNAL_ERROR, type CliRuleId } from '../node/rules';
import { HOMEPAGE, toolIdentity, VERSION } from '../node/version';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_CANNOT_RUN = 2;

const START = { line: 0, character: 0 };

function fileDiagnostic(rule: CliRuleId, message: string): Diagnostic {
  return { rule, severity: 'error', message, range: { start: START, end: START } };
}

export async function runValidate(options: ValidateOptions, io: Io): Promise<number> {
  if (!recordable(options)) return validateFresh(options, io);
  const startedAt = Date.now();
  const color = wantsColour(io);
  const replay = replayRun(options, io, color, startedAt);
  if ('code' in replay) return replay.code;
  const recorder = new RunRecorder(io, runKey(options, io, color), startedAt);
  const code = await validateFresh(options, recorder.io, recorder, replay.found);
  recorder.finish(code);
  return code;
}

/** An ordinary run: every plan checked, or replayed from the cache of per-plan results. */
async function validateFresh(options: ValidateOptions, io: Io, recorder?: RunRecorder, given?: Discovery): Promise<number> {
  const found = given ?? discover(options.paths, io.cwd);
  if (recorder) recorder.found = found;
  if (found.unmatched.length > 0) {
    for (const u of found.unmatched) io.stderr.write(`qipp: ${u.reason}.\n`);
    return EXIT_CANNOT_RUN;
  }

  const rootOf = cliRootOf(io.cwd, options.allowOutside);
  const configs = loadConfigs(options, io, found.files, rootOf, recorder);
  if (!configs) return EXIT_CANNOT_RUN;

  const cache = options.cache ? new ResultCache(cacheFilePath(options.cacheLocation, io.cwd), (m) => (recorder?.refuse(), io.stderr.write(`qipp: ${m}\n`))) : undefined;
  // What a plan may read depends on the working folder and --allow-files-outside: a result is replayed only under the same.
  const tool = cache ? `${toolIdentity()}\n${options.allowOutside ? '*' : io.cwd}` : '';
  const maxBytes = Math.floor(options.maxFileSizeMb * 1024 * 1024);

  // Read every file and replay what the cache knows; the rest become jobs for the engine.
  const reports: FileReport[] = found.problems.map((p) => ({ file: p.file.display, diagnostics: [fileDiagnostic(FILE_UNREADABLE, p.message)] }));
  const configIndex = new Map<LoadedConfig, number>();
  const engineConfigs: EngineConfig[] = [];
  const jobs: CheckJob[] = [];
  const pending: Pending[] = [];
  // The cross-plan rules need each plan's facts; they are kept in the cache too, so worked out whenever it is on.
  const want = found.files.length > 1 || cache ? 'facts' : undefined;
  const cross: CrossEntry[] = [];
  const crossOf = new Map<FileReport, CrossEntry>();
  for (const file of found.files) {
    const config = configs.get(file)!;
    const crossEntry = (report: FileReport, stored?: Replayed, key?: string) => {
      const entry: CrossEntry = { report, path: file.path, storedFacts: stored?.facts, rules: config.engineConfig.rules, key: stored?.key ?? key };
      cross.push(entry);
      crossOf.set(report, entry);
    };
    if (cache) {
      // Not written since it was read last time: replayed without reading it (see cache.ts).
      const stamp = stampFile(file.path);
      const replayed = stamp && stamp.size <= maxBytes ? cache.replay(file.path, stamp, config.key, tool) : undefined;
      if (replayed && (replayed.hasFacts || !want)) {
        recorder?.plan(file.path, replayed.content, replayed.deps);
        reports.push({ file: file.display, diagnostics: replayed.diagnostics });
        crossEntry(reports[reports.length - 1], replayed);
        continue;
      }
    }
    const read = readPlanFile(file.path, maxBytes);
    if (!read.ok) {
      cache?.delete(file.path);
      reports.push({ file: file.display, diagnostics: [fileDiagnostic(FILE_UNREADABLE, read.message)] });
      continue;
    }
    const content = cache ? sha256(read.bytes) : '';
    const key = cache ? resultKey(content, config.key, tool) : '';
    const stamp = cache ? vouchedStamp(read.stamp, read.readAt) : undefined;
    const replayed = cache?.get(file.path, key);
    if (replayed && (replayed.hasFacts || !want)) {
      cache!.restamp(file.path, stamp);
      recorder?.plan(file.path, replayed.content, replayed.deps);
      reports.push({ file: file.display, diagnostics: replayed.diagnostics });
      crossEntry(reports[reports.length - 1], replayed);
      continue;
    }
    let index = configIndex.get(config);
    if (index === undefined) {
      configIndex.set(config, (index = engineConfigs.length));
      engineConfigs.push(config.engineConfig);
    }
    const report: FileReport = { file: file.display, diagnostics: [] };
    reports.push(report);
    jobs.push({ path: file.path, text: read.text, config: index, root: rootOf(file.path), anywhere: options.allowOutside, ...(want ? { want } : {}) });
    pending.push({ report, key, content, stamp, path: file.path });
    crossEntry(report, undefined, cache ? key : undefined);
  }

  // The engine is loaded only now, and only when some plan was not in the cache.
  const results = jobs.length ? await engineHalf().checkAll(jobs, engineConfigs) : [];
  const crashed = takeResults(results, pending, { io, cache, crossOf, recorder });
  crossFindings(cross, cache, crashed);

  if (cache) {
    if (recorder) recorder.cache = cache;
    try {
      cache.save();
    } catch (e) {
      recorder?.refuse();
      io.stderr.write(`qipp: the cache "${cache.path}" could not be written (${describeFsError(e)}); the results are not affected.\n`);
    }
  }

  return report(options, io, reports, crashed);
}

interface Pending {
  report: FileReport;
  key: string;
  content: string;
  stamp?: FileStamp;
  path: string;
}

/** Puts the engine's results into the reports (and the cache); whether the engine failed on any plan. */
function takeResults(results: readonly CheckResult[], pending: readonly Pending[], run: { io: Io; cache?: ResultCache; crossOf: Map<FileReport, CrossEntry>; recorder?: RunRecorder }): boolean {
  let crashed = false;
  results.forEach((result, i) => {
    const { report, key, content, stamp, path } = pending[i];
    if (result.crash !== undefined) {
      // The engine promises never to throw; if it does, say so and go on with the other files.
      crashed = true;
      run.io.stderr.write(`qipp: internal error while checking ${report.file}: ${result.crash}\n`);
      report.diagnostics = [fileDiagnostic(INTERNAL_ERROR, `qipp failed while checking this file (${result.crash.split('\n')[0]}); please report it.`)];
      return;
    }
    report.diagnostics = result.diagnostics;
    run.crossOf.get(report)!.facts = result.facts;
    run.recorder?.plan(path, content, result.deps);
    run.cache?.set(path, { key, content, ...(stamp ? { stamp } : {}), deps: result.deps, ...(result.facts ? { facts: result.facts } : {}) }, result.diagnostics);
  });
  return crashed;
}

/**
 * The cross-plan findings, added to the reports: with the cache, replayed
 * when the same set of unchanged plans was checked last time (no plan's facts
 * are read then), and kept for the next run otherwise.
 */
function crossFindings(cross: readonly CrossEntry[], cache: ResultCache | undefined, crashed: boolean): void {
  const key = cache && !crashed ? crossSetKey(cross) : undefined;
  const stored = key !== undefined ? cache!.crossFindings(key) : undefined;
  if (stored && stored.every(([at]) => at < cross.length)) {
    applyCrossFindings(cross, stored);
    return;
  }
  const added = addCrossPlanFindings(cross);
  if (key !== undefined) cache!.setCrossFindings(key, added);
}

/** Each plan's configuration; undefined (and a message) when one cannot be read. */
function loadConfigs(options: ValidateOptions, io: Io, files: readonly PlanFile[], rootOf: (path: string) => string | undefined, recorder?: RunRecorder): Map<PlanFile, LoadedConfig> | undefined {
  const configs = new Map<PlanFile, LoadedConfig>();
  try {
    const configFor = createConfigLoader({
      cwd: io.cwd,
      explicit: options.config,
      warn: (m) => io.stderr.write(`qipp: ${m}\n`),
      read: (file, cwd, warn) => engineHalf().readConfigFile(file, cwd, warn, { rootOf }),
      lookedAt: recorder?.lookedAt,
    });
    for (const file of files) configs.set(file, configFor(file.path));
    recorder?.configsUsed(configs.values());
    // An extra schema that does not compile would be left out silently, and plans pass that should not.
    for (const config of new Set(configs.values())) {
      const problems = config.engineConfig.extraSchemas?.length ? engineHalf().schemaProblems(config.engineConfig) : [];
      if (problems.length) throw new ConfigError(`${config.source ? `${displayPath(config.source, io.cwd)}: ` : ''}${problems.join('\n  ')}`);
    }
  } catch (e) {
    if (ConfigError.is(e)) {
      io.stderr.write(`qipp: ${e.message}\n`);
      return undefined;
    }
    throw e;
  }
  return configs;
}

/** Writes the report in its format and decides the exit code. */
function report(options: ValidateOptions, io: Io, reports: FileReport[], crashed: boolean): number {
  const shown = options.quiet ? reports.map((r) => ({ file: r.file, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : reports;
  const count = (r: FileReport, severity: 'error' | 'warning') => r.diagnostics.filter((d) => d.severity === severity).length;
  const errors = shown.reduce((n, r) => n + count(r, 'error'), 0);
  const warnings = shown.reduce((n, r) => n + count(r, 'warning'), 0);

  const toFile = options.output !== undefined;
  const color = !toFile && wantsColour(io);
  const text = formatterFor(options.format, { informationUri: HOMEPAGE })(shown, { cwd: io.cwd, version: VERSION, color });
  if (toFile) {
    const why = writeOutput(resolve(io.cwd, options.output!), text, options.force);
    if (why !== undefined) {
      io.stderr.write(`qipp: the report could not be written to "${options.output}": ${why}.\n`);
      return EXIT_CANNOT_RUN;
    }
  } else {
    io.stdout.write(text);
  }

  if (crashed) return EXIT_CANNOT_RUN;
  const tooManyWarnings = options.maxWarnings >= 0 && warnings > options.maxWarnings;
  if (tooManyWarnings) {
    io.stderr.write(`qipp: ${warnings} warning${warnings === 1 ? '' : 's'}, more than the ${options.maxWarnings} allowed by --max-warnings.\n`);
  }
  return errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}

/** Colour on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 turns it on anywhere, FORCE_COLOR=0 off. */
export function wantsColour(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true;
}
