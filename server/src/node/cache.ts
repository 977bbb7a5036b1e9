/**
 * `--cache`: results of files whose content, resolved configuration and tool
 * are unchanged since the last run are replayed instead of recomputed. Files a
 * plan reads through `national_timeline:` are recorded with their hashes and
 * checked too. A missing or damaged cache is an empty one.
 *
 * The key is the content. To know that content is unchanged without reading
 * and hashing it again, the cache also keeps each file's stamp (size,
 * modification and change times, inode) as it was when the file was read, as
 * git does for its index: a file whose stamp is exactly as recorded is
 * replayed unread. Any write to a file changes its change time, which no
 * program can set back; and a stamp is only recorded for a file last changed
 * well before it was read (RACY_MS), so that a change within the same clock
 * tick as the read cannot hide behind an unchanged stamp. Whatever the stamps
 * say, a file whose content differs is never replayed: a fresh checkout, new
 * inodes or touched files only cost a read and a hash.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PlanFacts } from '../core/check';
import type { Diagnostic } from './report';
import { diagnosticsJson } from './report';

export const DEFAULT_CACHE_FILE = '.qipp-cache';
// 4: entries keep the plan's cross-plan facts, so that a replayed plan still takes part in the cross-plan rules.
const CACHE_FORMAT = 4;

/**
 * A stamp is recorded only for a file last changed at least this long before
 * it was read (see above). QIPP_CACHE_RACY_MS changes it, for tests that
 * cannot wait.
 */
const RACY_MS = /^\d+$/.test(process.env.QIPP_CACHE_RACY_MS ?? '') ? Number(process.env.QIPP_CACHE_RACY_MS) : 2000;

/** What stat says of a file, enough to tell that it has not been written since. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(stat: Stats): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
}

/** The stamp of a file, or undefined when it cannot be had. */
export function stampFile(path: string): FileStamp | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stampOf(stat) : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp to record for a file read at `readAt`, or undefined when it changed too recently to vouch for. */
export function vouchedStamp(stamp: FileStamp, readAt: number): FileStamp | undefined {
  return stamp.mtimeMs < readAt - RACY_MS && stamp.ctimeMs < readAt - RACY_MS ? stamp : undefined;
}

const sameStamp = (a: FileStamp, b: FileStamp) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/** The key of a result: the file's content hash, the configuration key and the tool identity. */
export function resultKey(contentHash: string, configKey: string, tool: string): string {
  return sha256(`${contentHash}\n${configKey}\n${tool}`);
}

export interface CacheEntry {
  /** resultKey of the file's content, configuration and tool. */
  key: string;
  /** sha256 of the file's bytes. */
  content: string;
  /** The file's stamp when it was read, when it can vouch for the content (see vouchedStamp). */
  stamp?: FileStamp;
  /** Files the plan read while it was checked (absolute path -> sha256, or null when unreadable). */
  deps: Record<string, string | null>;
}

/** A stored result: the diagnostics as the json format writes them, and how many are errors and warnings. */
export interface Stored {
  json: string;
  errors: number;
  warnings: number;
  /** What the cross-plan rules need of the plan (a pure function of its text, like the diagnostics). */
  facts?: PlanFacts;
}

/** What is stored of a file's diagnostics. */
export function storedOf(diagnostics: readonly Diagnostic[]): Stored {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { json: diagnosticsJson(diagnostics), errors, warnings };
}

interface CacheData {
  format: number;
  entries: Record<string, CacheEntry & Stored>;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of a file's bytes, or null when it cannot be read. */
export function hashFile(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) to hold `.qipp-cache`. */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (location === undefined) return join(cwd, DEFAULT_CACHE_FILE);
  const abs = resolve(cwd, location);
  if (/[\\/]$/.test(location)) return join(abs, DEFAULT_CACHE_FILE);
  try {
    if (statSync(abs).isDirectory()) return join(abs, DEFAULT_CACHE_FILE);
  } catch {
    // not there yet: a file
  }
  return abs;
}

export class ResultCache {
  private data: CacheData;
  /** Whether anything changed since the cache was read (an unchanged cache is not written again). */
  private dirty = false;

  constructor(readonly path: string) {
    this.data = { format: CACHE_FORMAT, entries: {} };
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheData;
      if (parsed && parsed.format === CACHE_FORMAT && typeof parsed.entries === 'object' && parsed.entries !== null) this.data = parsed;
    } catch {
      // no cache yet, or a damaged one: start afresh
    }
  }

  /**
   * The stored diagnostics of a file that has not been written since it was
   * read (its stamp is as recorded), without reading it: the recorded content
   * hash stands in for the content.
   */
  replay(file: string, stamp: FileStamp, configKey: string, tool: string): Stored | undefined {
    const entry = this.data.entries[file];
    if (!entry?.stamp || typeof entry.content !== 'string' || !sameStamp(entry.stamp, stamp)) return undefined;
    return this.get(file, resultKey(entry.content, configKey, tool));
  }

  /** The stored result when `key` matches and every recorded dependency is unchanged. */
  get(file: string, key: string): Stored | undefined {
    const entry = this.data.entries[file];
    if (!entry || entry.key !== key || typeof entry.json !== 'string' || typeof entry.errors !== 'number' || typeof entry.warnings !== 'number') return undefined;
    for (const [dep, hash] of Object.entries(entry.deps ?? {})) {
      if (hashFile(dep) !== hash) return undefined;
    }
    return { json: entry.json, errors: entry.errors, warnings: entry.warnings, ...(entry.facts ? { facts: entry.facts } : {}) };
  }

  /** Records a new stamp for an entry whose content was found unchanged (a fresh checkout, a touched file). */
  restamp(file: string, stamp: FileStamp | undefined): void {
    const entry = this.data.entries[file];
    if (!entry || (entry.stamp && stamp && sameStamp(entry.stamp, stamp)) || (!entry.stamp && !stamp)) return;
    if (stamp) entry.stamp = stamp;
    else delete entry.stamp;
    this.dirty = true;
  }

  set(file: string, entry: CacheEntry & Stored): void {
    this.data.entries[file] = entry;
    this.dirty = true;
  }

  delete(file: string): void {
    if (!(file in this.data.entries)) return;
    delete this.data.entries[file];
    this.dirty = true;
  }

  /** Writes the cache (via a temporary file, so that a crash never leaves half a cache), unless nothing changed. */
  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.path);
  }
}
