/**
 * `--cache`: results of files whose content, resolved configuration and tool
 * are unchanged since the last run are replayed instead of recomputed. Files a
 * plan reads through `national_timeline:` are recorded with their hashes and
 * checked too. A missing or damaged cache is an empty one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from './formatters';

export const DEFAULT_CACHE_FILE = '.qipp-cache';
const CACHE_FORMAT = 1;

export interface CacheEntry {
  /** sha256 of the file's bytes, the configuration key and the tool identity. */
  key: string;
  /** Files the plan read while it was checked (absolute path -> sha256, or null when unreadable). */
  deps: Record<string, string | null>;
  diagnostics: Diagnostic[];
}

interface CacheData {
  format: number;
  entries: Record<string, CacheEntry>;
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

  constructor(readonly path: string) {
    this.data = { format: CACHE_FORMAT, entries: {} };
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheData;
      if (parsed && parsed.format === CACHE_FORMAT && typeof parsed.entries === 'object' && parsed.entries !== null) this.data = parsed;
    } catch {
      // no cache yet, or a damaged one: start afresh
    }
  }

  /** The stored diagnostics when `key` matches and every recorded dependency is unchanged. */
  get(file: string, key: string): Diagnostic[] | undefined {
    const entry = this.data.entries[file];
    if (!entry || entry.key !== key || !Array.isArray(entry.diagnostics)) return undefined;
    for (const [dep, hash] of Object.entries(entry.deps ?? {})) {
      if (hashFile(dep) !== hash) return undefined;
    }
    return entry.diagnostics;
  }

  set(file: string, entry: CacheEntry): void {
    this.data.entries[file] = entry;
  }

  delete(file: string): void {
    delete this.data.entries[file];
  }

  /** Writes the cache (via a temporary file, so that a crash never leaves half a cache). */
  save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.path);
  }
}
