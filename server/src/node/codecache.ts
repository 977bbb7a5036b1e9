/**
 * V8's code cache for the CLI's engine half (dist/cli-engine.js, loaded by
 * cli/lazy.ts). Node compiles a bundle's functions afresh in every process:
 * for the engine's 800 KB that is a tenth of a cold `qipp validate`. V8 can
 * hand back what it compiled (`Script.createCachedData`) and take it again on
 * the next start (`cachedData`), skipping the compiling.
 *
 * The cache holds code that V8 will run, so it is kept where only the user
 * can write: the user's own cache folder (`$XDG_CACHE_HOME/qipp/code-cache`,
 * beside the `--cache` secret), a folder and file owned by the user and
 * writable by nobody else, read without following links. Its name carries the
 * bundle's hash (written into dist/cli.js at build time), Node's version and
 * the processor, so another build never picks it up; V8 itself refuses data
 * made by another V8 or with other flags. Anything amiss (no such folder, a
 * read-only home, data V8 refuses) loads the bundle the ordinary way and, at
 * exit, writes the cache anew when it can. It never changes a result: only
 * how quickly the same code is ready. QIPP_CODE_CACHE=0 turns it off (for
 * measuring it side by side).
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { secretFolder } from './cache-secret';
import { readGuarded } from './fs-guard';

/** Larger than any cache the engine's code gives (about 1 MB). */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/** Whether a file or folder is the user's own and nobody else can write to it. */
function ownedAndPrivate(stat: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid !== undefined && stat.uid === uid && (stat.mode & 0o022) === 0;
}

/** The cache file for a bundle of the given build, or undefined when no build hash is known. */
export function codeCacheFile(bundle: string, build: string | undefined, env: Record<string, string | undefined> = process.env): string | undefined {
  if (build === undefined || !/^[0-9a-f]+$/.test(build) || env.QIPP_CODE_CACHE === '0') return undefined;
  return join(secretFolder(env), 'code-cache', `${basename(bundle, '.js')}-${build}-${process.version}-${process.arch}.bin`);
}

/** The cached data in `file`, when the folder and the file are the user's own and private; else undefined. */
function readCodeCache(file: string): Buffer | undefined {
  try {
    if (!ownedAndPrivate(lstatSync(dirname(file)))) return undefined;
  } catch {
    return undefined;
  }
  const read = readGuarded(file, MAX_CACHE_BYTES, { noFollow: true });
  return read.ok && ownedAndPrivate(read.stat) ? read.bytes : undefined;
}

/** Writes the data in one step (a new private file renamed over the old), or not at all. */
function writeCodeCache(file: string, data: Buffer): void {
  const folder = dirname(file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!ownedAndPrivate(lstatSync(folder))) return;
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * Loads a CommonJS bundle as `require` would, compiled with the code cache in
 * `cacheFile`; when the cache was missing or refused, a new one is written as
 * the process exits (by then V8 has compiled the functions the run used).
 * `accepted` is given the data when V8 took it.
 */
export function requireWithCodeCache(bundle: string, cacheFile: string, accepted?: (cachedData: Buffer) => void): unknown {
  const source = readFileSync(bundle, 'utf8');
  const cachedData = readCodeCache(cacheFile);
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  // The same data serves the bundle's worker threads (node/check.ts), which would otherwise compile it afresh.
  if (cachedData !== undefined && !script.cachedDataRejected) accepted?.(cachedData);
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeCodeCache(cacheFile, script.createCachedData());
      } catch {
        // no cache this time; the next run compiles as usual
      }
    });
  }
  const loaded = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle));
  loaded.loaded = true;
  return loaded.exports;
}
