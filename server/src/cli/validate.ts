/**
 * `qipp validate`: find the plans, read each with its configuration, run the
 * engine, report, and decide the exit code (0 clean, 1 errors or too many
 * warnings, 2 qipp could not run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createEngine } from '../core';
import type { Engine } from '../core';
import type { ValidateOptions } from './args';
import { cacheFilePath, ResultCache, sha256 } from './cache';
import { ConfigError, createConfigLoader } from './config';
import type { LoadedConfig } from './config';
import { describeFsError, discover } from './discover';
import type { PlanFile } from './discover';
import { formatterFor } from './formatters';
import type { Diagnostic, FileReport } from './formatters';
import type { Io } from './io';
import { readPlanFile } from './read';
import { FILE_UNREADABLE, INTERNAL_ERROR } from './rules';
import { HOMEPAGE, toolIdentity, VERSION } from './version';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_CANNOT_RUN = 2;

const START = { line: 0, character: 0 };

function fileDiagnostic(rule: string, message: string): Diagnostic {
  return { rule, severity: 'error', message, range: { start: START, end: START } };
}

export function runValidate(options: ValidateOptions, io: Io): number {
  const found = discover(options.paths, io.cwd);
  if (found.unmatched.length > 0) {
    for (const u of found.unmatched) io.stderr.write(`qipp: ${u.reason}.\n`);
    return EXIT_CANNOT_RUN;
  }

  let configFor: (path: string) => LoadedConfig;
  const configs = new Map<PlanFile, LoadedConfig>();
  try {
    configFor = createConfigLoader({ cwd: io.cwd, explicit: options.config, warn: (m) => io.stderr.write(`qipp: ${m}\n`) });
    for (const file of found.files) configs.set(file, configFor(file.path));
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`qipp: ${e.message}\n`);
      return EXIT_CANNOT_RUN;
    }
    throw e;
  }

  const cache = options.cache ? new ResultCache(cacheFilePath(options.cacheLocation, io.cwd)) : undefined;
  const tool = cache ? toolIdentity() : '';
  const engines = new Map<LoadedConfig, Engine>();
  const engineFor = (config: LoadedConfig): Engine => {
    let engine = engines.get(config);
    if (!engine) {
      engine = createEngine(config.engineConfig);
      engines.set(config, engine);
    }
    return engine;
  };
  const maxBytes = Math.floor(options.maxFileSizeMb * 1024 * 1024);
  let crashed = false;

  const reports: FileReport[] = found.problems.map((p) => ({ file: p.file.display, diagnostics: [fileDiagnostic(FILE_UNREADABLE, p.message)] }));
  for (const file of found.files) {
    const read = readPlanFile(file.path, maxBytes);
    if (!read.ok) {
      cache?.delete(file.path);
      reports.push({ file: file.display, diagnostics: [fileDiagnostic(FILE_UNREADABLE, read.message)] });
      continue;
    }
    const config = configs.get(file)!;
    const key = cache ? sha256(`${sha256(read.bytes)}\n${config.key}\n${tool}`) : '';
    const replayed = cache?.get(file.path, key);
    if (replayed) {
      reports.push({ file: file.display, diagnostics: replayed });
      continue;
    }
    const deps: Record<string, string | null> = {};
    const base = dirname(file.path);
    const readRelative = (relativePath: string): string | undefined => {
      const path = resolve(base, relativePath);
      try {
        const bytes = readFileSync(path);
        deps[path] = sha256(bytes);
        return bytes.toString('utf8').replace(/^\uFEFF/, '');
      } catch {
        deps[path] = null;
        return undefined;
      }
    };
    let diagnostics: Diagnostic[];
    try {
      diagnostics = engineFor(config)
        .analyze(read.text, { readRelative })
        .findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
    } catch (e) {
      // The engine promises never to throw; if it does, say so and go on with the other files.
      crashed = true;
      io.stderr.write(`qipp: internal error while checking ${file.display}: ${(e as Error)?.stack ?? String(e)}\n`);
      reports.push({ file: file.display, diagnostics: [fileDiagnostic(INTERNAL_ERROR, `qipp failed while checking this file (${String((e as Error)?.message ?? e)}); please report it.`)] });
      continue;
    }
    cache?.set(file.path, { key, deps, diagnostics });
    reports.push({ file: file.display, diagnostics });
  }

  if (cache) {
    try {
      cache.save();
    } catch (e) {
      io.stderr.write(`qipp: the cache "${cache.path}" could not be written (${describeFsError(e)}); the results are not affected.\n`);
    }
  }

  const shown = options.quiet ? reports.map((r) => ({ file: r.file, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : reports;
  const errors = shown.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const warnings = shown.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'warning').length, 0);

  const toFile = options.output !== undefined;
  const color = !toFile && wantsColour(io);
  const text = formatterFor(options.format, { informationUri: HOMEPAGE })(shown, { cwd: io.cwd, version: VERSION, color });
  if (toFile) {
    const out = resolve(io.cwd, options.output!);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (e) {
      io.stderr.write(`qipp: the report could not be written to "${options.output}": ${describeFsError(e)}.\n`);
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
function wantsColour(io: Io): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true;
}
