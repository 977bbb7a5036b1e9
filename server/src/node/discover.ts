/**
 * Which files `qipp validate` checks. A file named on the command line is
 * always checked; folders and globs contribute plan files only: `*.plan.yaml`,
 * `*.plan.yml`, and other `.yaml`/`.yml` files whose first document has a
 * top-level `kind:` naming a plan kind (spec section 1).
 */
import { lstatSync, promises as fsp, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { describeFsError, readHeadGuarded } from './fs-guard';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type * as Tinyglobby from 'tinyglobby';
import { isPlanFile, PLAN_FILE_NAME, SNIFF_BYTES, YAML_FILE_NAME } from '../core/light';

export interface PlanFile {
  /** Absolute path. */
  path: string;
  /** How reports name the file: relative to the working folder when inside it, else absolute. */
  display: string;
}

export interface Discovery {
  files: PlanFile[];
  /** Arguments that matched no plan file: qipp cannot run (exit 2). */
  unmatched: { arg: string; reason: string }[];
  /** Folders that could not be read while searching; reported like unreadable files. */
  problems: { file: PlanFile; message: string }[];
}


/**
 * tinyglobby, loaded only for a command line with a glob in it. A require, not an import:
 * esbuild then picks its CommonJS build, whose fdir does not use import.meta in a CJS bundle.
 */
const globber = (): typeof Tinyglobby => require('tinyglobby') as typeof Tinyglobby;

/** Real paths already looked up (a discovery names many files in the same few folders). */
export type RealPaths = Map<string, string | undefined>;

export function displayPath(abs: string, cwd: string, reals: RealPaths = new Map()): string {
  const rel = below(cwd, abs);
  if (rel !== undefined) return rel;
  // The working folder may be reached through a link (and a process's working folder is always
  // its real path): find the folder above `abs` that is the working folder, comparing real
  // paths, and show the rest of `abs` as given, links and all.
  const realOf = (path: string) => {
    if (!reals.has(path)) reals.set(path, realOrUndefined(path));
    return reals.get(path);
  };
  const real = realOf(cwd);
  if (real === undefined) return abs;
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    if (realOf(dir) === real) return below(dir, abs) ?? abs;
    if (dirname(dir) === dir) return abs;
  }
}

/** A path with nothing for path.relative to tidy: no `.` or `..` part, no doubled separator. */
const TIDY = /(^|\/)\.\.?(\/|$)|\/\//;

function below(dir: string, abs: string): string | undefined {
  // The common case without path.relative (which resolves and normalises both paths, file by file): a
  // tidy absolute path inside a tidy folder, on a system whose paths compare as they are spelt.
  if (sep === '/' && abs.length > dir.length + 1 && abs.startsWith(dir) && abs[dir.length] === '/' && !TIDY.test(abs) && !TIDY.test(dir)) return abs.slice(dir.length + 1);
  const rel = relative(dir, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** Expands the command line's paths, folders and globs into plan files, in order, without repeats. */
export function discover(args: readonly string[], cwd: string): Discovery {
  const files: PlanFile[] = [];
  const seen = new Set<string>();
  const unmatched: Discovery['unmatched'] = [];
  const problems: Discovery['problems'] = [];
  const reals: RealPaths = new Map();
  const add = (abs: string): boolean => {
    if (seen.has(abs)) return false;
    seen.add(abs);
    files.push({ path: abs, display: displayPath(abs, cwd, reals) });
    return true;
  };

  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile() || (!stat && isLink(abs))) {
      // A link whose target is missing (or loops) was named on purpose: report it as unreadable, as readPlanFile explains.
      add(abs);
      continue;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      walk(abs, found, new Set(), (dir, message) => problems.push({ file: { path: dir, display: displayPath(dir, cwd) }, message }));
      if (found.length === 0 && !problems.some((p) => p.file.path.startsWith(abs))) {
        unmatched.push({ arg, reason: `no plan files were found in the folder "${arg}"` });
      }
      found.forEach(add);
      continue;
    }
    if (stat) {
      unmatched.push({ arg, reason: `"${arg}" is neither a file nor a folder` });
      continue;
    }
    if (globber().isDynamicPattern(arg)) {
      const matches = globber().globSync([arg], { cwd, absolute: true, dot: false, onlyFiles: true, ignore: ['**/node_modules/**'] })
        .map((p) => resolve(p))
        .filter(isPlanPath)
        .sort();
      if (matches.length === 0) unmatched.push({ arg, reason: `no plan files match "${arg}"` });
      matches.forEach(add);
      continue;
    }
    unmatched.push({ arg, reason: `"${arg}" does not exist` });
  }
  return { files, unmatched, problems };
}

/** Collects plan files under `dir`, sorted, skipping node_modules and dot-folders; follows links once. */
function walk(dir: string, out: string[], visited: Set<string>, onError: (dir: string, message: string) => void): void {
  let real: string;
  let entries;
  try {
    real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    onError(dir, `This folder could not be read: ${describeFsError(e)}.`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let broken = false;
    if (entry.isSymbolicLink()) {
      try {
        const s = statSync(path);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        isDir = isFile = false;
        broken = true;
      }
    }
    const what = entryKind(entry.name, path, isDir, isFile, broken);
    if (what === 'walk') walk(path, out, visited, onError);
    else if (what === 'plan') out.push(path);
  }
}

/**
 * What the folder search does with an entry, its link (if any) followed:
 * search a folder (not node_modules, not a dot-folder), take a plan file, or
 * pass it by. A broken link named like a plan is taken, so that reading it
 * reports why (readPlanFile says), rather than being skipped in silence.
 */
function entryKind(name: string, path: string, isDir: boolean, isFile: boolean, broken: boolean): 'walk' | 'plan' | undefined {
  if (broken) return PLAN_FILE_NAME.test(name) ? 'plan' : undefined;
  if (isDir) return name === 'node_modules' || name.startsWith('.') ? undefined : 'walk';
  return isFile && isPlanPath(path) ? 'plan' : undefined;
}

/** Long loops of the folder search below yield to other work after this long. */
const FIND_SLICE_MS = 4;

/**
 * The plan files of a folder, as `discover([dir], dir)` finds them (the same
 * files, in the same order), without holding the thread: folders are read
 * with fs.promises and the work between reads goes in slices of a few
 * milliseconds, so a server keeps answering while it lists a large
 * workspace. Folders that cannot be read are passed to `onError`.
 */
export async function discoverFolder(dir: string, onError: (dir: string, message: string) => void = () => undefined): Promise<string[]> {
  const out: string[] = [];
  let since = performance.now();
  const pause = async (): Promise<void> => {
    if (performance.now() - since < FIND_SLICE_MS) return;
    await new Promise<void>((done) => setImmediate(done));
    since = performance.now();
  };
  await walkAsync(resolve(dir), out, new Set(), onError, pause);
  return out;
}

/** walk(), a folder at a time with fs.promises, pausing between entries. */
async function walkAsync(dir: string, out: string[], visited: Set<string>, onError: (dir: string, message: string) => void, pause: () => Promise<void>): Promise<void> {
  let entries: Dirent[];
  try {
    const real = await fsp.realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    onError(dir, `This folder could not be read: ${describeFsError(e)}.`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    await pause();
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let broken = false;
    if (entry.isSymbolicLink()) {
      const s = await fsp.stat(path).catch(() => undefined);
      isDir = s?.isDirectory() ?? false;
      isFile = s?.isFile() ?? false;
      broken = s === undefined;
    }
    const what = entryKind(entry.name, path, isDir, isFile, broken);
    if (what === 'walk') await walkAsync(path, out, visited, onError, pause);
    else if (what === 'plan') out.push(path);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether the file at `path` is a plan (core/kinds isPlanFile), reading no more of it than needed to tell. */
export function isPlanPath(path: string): boolean {
  if (PLAN_FILE_NAME.test(path)) return true;
  if (!YAML_FILE_NAME.test(path)) return false;
  return isPlanFile(path, readHead(path));
}

/** The first SNIFF_BYTES of a file as text, or undefined when it cannot be read (or is a pipe or device: never waits). */
function readHead(path: string): string | undefined {
  return readHeadGuarded(path, SNIFF_BYTES)?.toString('utf8');
}

/**
 * The value of a block-style top-level `kind:` in the first YAML document of
 * `text`, or undefined. A cheap look, not a parse: discovery must not read
 * every YAML file in a repository in full.
 */
export function topLevelKind(text: string): string | undefined {
  let inContent = false;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      if (inContent) return undefined;
      continue;
    }
    if (/^\s*(#.*)?$/.test(line) || line.startsWith('%')) continue;
    inContent = true;
    const m = /^kind\s*:\s*(?:"([^"]*)"|'([^']*)'|([^\s#]+))\s*(#.*)?$/.exec(line);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  return undefined;
}

export { describeFsError } from './fs-guard';

/** Forward slashes, for SARIF URIs and GitHub annotations. */
export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
