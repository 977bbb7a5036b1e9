/**
 * `qipp diff OLD NEW` / `qipp diff FILE --git REV`: read both versions, check
 * each with its configuration, compare them by meaning (core/compare) and
 * report. Exit 0 when compared, 1 when --fail-on finds what it asks about,
 * 2 when qipp cannot compare (nothing printed on standard output then).
 * Part of the engine half (engine.ts): loaded only when a diff is asked for.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { cannotCompare, createEngine, diffPlans, failing, renderDiffMarkdown, renderDiffReportHtml, renderDiffText, type Analysis, type DiffEntry, type Engine } from '../core/index';
import { DEFAULT_MAX_FILE_SIZE_MB, type DiffCommandOptions } from './args';
import { ConfigError, createConfigLoader } from '../node/config';
import { readConfigFile } from '../node/config-file';
import { describeFsError, discover, displayPath } from '../node/discover';
import { readAtRevision } from '../node/git';
import { readPlanFile } from '../node/read';
import type { Io } from './io';

const EXIT_OK = 0;
const EXIT_FAIL_ON = 1;
const EXIT_CANNOT_RUN = 2;

/** Why the comparison cannot be made: its message is printed as it is, exit 2. */
class CannotDiff extends Error {}

/** One version of one plan, read: its text and where it is (for its configuration and national timeline file). */
interface Version {
  text: string;
  /** The file on disk this version is of (it may no longer exist, for a git version). */
  path: string;
  shown: string;
}

interface Pair {
  path: string;
  old?: Version;
  new?: Version;
}

function readVersion(path: string, shown: string): Version {
  const read = readPlanFile(path, DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024);
  if (!read.ok) throw new CannotDiff(`${shown}: ${read.message}`);
  return { text: read.text, path, shown };
}

function isFolder(path: string, shown: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    throw new CannotDiff(`${shown}: ${describeFsError(e)}.`);
  }
}

/** The plans of a folder, by their path inside it (forward slashes). */
function plansIn(dir: string, io: Io): Map<string, string> {
  const found = discover([dir], io.cwd);
  const problem = found.problems[0]?.message ?? found.unmatched[0]?.reason;
  if (problem) throw new CannotDiff(problem);
  return new Map(found.files.map((f) => [relative(dir, f.path).split(sep).join('/'), f.path]));
}

/** The pairs to compare, and the labels of the two sides. */
function pairsOf(o: DiffCommandOptions, io: Io): { pairs: Pair[]; oldLabel: string; newLabel: string } {
  const oldPath = resolve(io.cwd, o.old);
  if (o.git !== undefined) {
    if (isFolder(oldPath, o.old)) throw new CannotDiff(`${o.old} is a folder: --git compares one plan file with its version at a revision.`);
    const shown = displayPath(oldPath, io.cwd);
    const before = readAtRevision(oldPath, o.git, o.old);
    if (!before.ok) throw new CannotDiff(before.message);
    return { pairs: [{ path: shown, old: { text: before.text, path: oldPath, shown: `${shown} at ${o.git}` }, new: readVersion(oldPath, shown) }], oldLabel: o.git, newLabel: 'the working copy' };
  }
  const newPath = resolve(io.cwd, o.new!);
  const folders = [isFolder(oldPath, o.old), isFolder(newPath, o.new!)];
  const labels = { oldLabel: displayPath(oldPath, io.cwd) || '.', newLabel: displayPath(newPath, io.cwd) || '.' };
  if (folders[0] !== folders[1]) throw new CannotDiff(`${folders[0] ? o.old : o.new} is a folder and ${folders[0] ? o.new : o.old} is not: compare two plan files or two folders.`);
  if (!folders[0]) return { pairs: [{ path: labels.newLabel, old: readVersion(oldPath, labels.oldLabel), new: readVersion(newPath, labels.newLabel) }], ...labels };
  const a = plansIn(oldPath, io);
  const b = plansIn(newPath, io);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const pairs = names.map((name) => ({
    path: name,
    old: a.has(name) ? readVersion(a.get(name)!, `${labels.oldLabel}/${name}`) : undefined,
    new: b.has(name) ? readVersion(b.get(name)!, `${labels.newLabel}/${name}`) : undefined,
  }));
  return { pairs, ...labels };
}

/** Checks one version with its configuration; refuses what is not a readable plan. */
function analyser(o: DiffCommandOptions, io: Io): (v: Version) => Analysis {
  const configFor = createConfigLoader({ cwd: io.cwd, explicit: o.config, warn: (m) => io.stderr.write(`qipp: ${m}\n`), read: readConfigFile });
  const engines = new Map<string, Engine>();
  return (v) => {
    const loaded = configFor(v.path);
    let engine = engines.get(loaded.key);
    if (!engine) engines.set(loaded.key, (engine = createEngine(loaded.engineConfig)));
    const readRelative = (rel: string): string | undefined => {
      try {
        return readFileSync(resolve(dirname(v.path), rel), 'utf8').replace(/^\uFEFF/, '');
      } catch {
        return undefined;
      }
    };
    const a = engine.analyze(v.text, { readRelative });
    const syntax = a.findings.find((f) => f.rule === 'yaml-syntax' && f.severity === 'error');
    if (syntax) throw new CannotDiff(`${v.shown} is not readable YAML (line ${syntax.range.start.line + 1}: ${syntax.message.replace(/`/g, '')}), so it cannot be compared.`);
    if (!a.plan) throw new CannotDiff(`${v.shown} is not a plan: ${(a.findings[0]?.message ?? 'it has no kind').replace(/`/g, '')}`);
    return a;
  };
}

function compare(o: DiffCommandOptions, io: Io): DiffEntry[] {
  const { pairs, oldLabel, newLabel } = pairsOf(o, io);
  const analyse = analyser(o, io);
  return pairs.map((p) => {
    const only = !p.old ? 'new' : !p.new ? 'old' : undefined;
    if (only) {
      analyse((p.old ?? p.new)!);
      return { path: p.path, oldLabel, newLabel, diff: null, only };
    }
    const a = analyse(p.old!);
    const b = analyse(p.new!);
    const why = cannotCompare(a, b);
    if (why) throw new CannotDiff(`${p.path}: ${why}`);
    return { path: p.path, oldLabel, newLabel, diff: diffPlans(a, b) };
  });
}

function format(entries: DiffEntry[], o: DiffCommandOptions): string {
  if (o.format === 'json') return `${JSON.stringify({ schemaVersion: 1, plans: entries.map((e) => ({ ...e, only: e.only ?? null })) }, null, 2)}\n`;
  if (o.format === 'md') return renderDiffMarkdown(entries);
  if (o.format === 'html') return renderDiffReportHtml(entries);
  return renderDiffText(entries);
}

export function runDiff(o: DiffCommandOptions, io: Io): number {
  let entries: DiffEntry[];
  try {
    entries = compare(o, io);
  } catch (e) {
    if (e instanceof CannotDiff || ConfigError.is(e)) {
      io.stderr.write(`qipp: ${(e as Error).message}\n`);
      return EXIT_CANNOT_RUN;
    }
    throw e;
  }
  const out = format(entries, o);
  if (o.output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, o.output), out);
    } catch (e) {
      io.stderr.write(`qipp: the report could not be written to ${o.output}: ${describeFsError(e)}.\n`);
      return EXIT_CANNOT_RUN;
    }
  } else io.stdout.write(out);
  const failed = o.failOn.some((on) => entries.some((e) => e.diff && failing(e.diff, on).length > 0));
  return failed ? EXIT_FAIL_ON : EXIT_OK;
}
