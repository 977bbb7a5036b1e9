/**
 * `--cache`: results of files whose content, resolved configuration and tool
 * are unchanged since the last run are replayed instead of recomputed. Files a
 * plan reads through `national_timeline:` are recorded with their hashes and
 * checked too. A missing cache is an empty one; a damaged or foreign one is
 * ignored with a notice (see ResultCache and cache-secret.ts).
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
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PlanFacts } from '../core/light';
import { cacheSecret, sign } from './cache-secret';
import { LIMITS, readGuarded } from './fs-guard';
import type { Diagnostic } from './report';
import { diagnosticsJson } from './report';

export const DEFAULT_CACHE_FILE = '.qipp-cache';
const CACHE_FORMAT = 6; // 5: signed entries that keep the plan's cross-plan facts; 6: the facts kept as JSON text, signed as stored

/**
 * A stamp is recorded only for a file last changed at least this long before
 * it was read (see above). QIPP_CACHE_RACY_MS changes it, for tests that
 * cannot wait.
 */
export const RACY_MS = /^\d+$/.test(process.env.QIPP_CACHE_RACY_MS ?? '') ? Number(process.env.QIPP_CACHE_RACY_MS) : 2000;

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
  /** What the cross-plan rules need of the plan (a pure function of its text, like the diagnostics). */
  facts?: PlanFacts;
}

/** A replayed result: the diagnostics as stored, its key, and the plan's facts for the cross-plan rules (read when asked for). */
export interface Replayed {
  diagnostics: Diagnostic[];
  /** The result key it was stored under (resultKey). */
  key: string;
  /** Whether facts were stored with it. */
  hasFacts: boolean;
  /** The sha256 of the file's content it was stored for. */
  content: string;
  /** Files the plan read, as recorded (and found unchanged). */
  deps: Record<string, string | null>;
  /** The stored facts, parsed on first call (undefined when none, or not an object). */
  facts(): PlanFacts | undefined;
}

/** The cross-plan findings of a whole set of plans (cli/cross.ts), by entry index, as stored and signed. */
interface StoredCross {
  key: string;
  json: string;
  mac: string;
}

/**
 * An entry as stored: the diagnostics as the json format writes them, the facts as JSON text (signed
 * as they are stored, and parsed only when replayed), and the entry's signature (cache-secret.ts).
 */
interface StoredEntry extends Omit<CacheEntry, 'facts'> {
  json: string;
  facts?: string;
  mac: string;
}

interface CacheData {
  format: number;
  entries: Record<string, StoredEntry>;
  cross?: StoredCross;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of a file's bytes (read as the engine reads a timeline: bounded, a regular file), or null when it cannot be read. */
export function hashFile(path: string): string | null {
  const read = readGuarded(path, LIMITS.timeline);
  return read.ok ? sha256(read.bytes) : null;
}

const SEVERITIES = new Set(['error', 'warning', 'info']);
const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
/** An object with exactly these own keys (JSON.parse makes plain objects; `__proto__` in the text is an own key, and fails this). */
const exactly = (o: unknown, keys: number): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).length === keys;
const isPosition = (p: unknown): boolean => exactly(p, 2) && isCount(p.line) && isCount(p.character);

/**
 * Stored diagnostics read back, or undefined when they are not exactly the
 * shape qipp writes: each a fresh object from JSON.parse with only rule (a
 * rule id), severity, message (text) and range (whole-number positions), and
 * nothing else, so that nothing stored reaches a report but these values.
 */
export function readStoredDiagnostics(json: string): Diagnostic[] | undefined {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  for (const d of list as unknown[]) {
    if (!exactly(d, 4)) return undefined;
    const { rule, severity, message, range } = d;
    if (typeof rule !== 'string' || !/^[a-z0-9-]{1,64}$/.test(rule) || typeof severity !== 'string' || !SEVERITIES.has(severity) || typeof message !== 'string') return undefined;
    if (!exactly(range, 2) || !isPosition(range.start) || !isPosition(range.end)) return undefined;
  }
  return list as Diagnostic[];
}

/** Stored facts read back: an object, or undefined (none stored, or text that is not a JSON object). */
function readStoredFacts(json: string | undefined): PlanFacts | undefined {
  if (json === undefined) return undefined;
  try {
    const facts: unknown = JSON.parse(json);
    return facts !== null && typeof facts === 'object' && !Array.isArray(facts) ? (facts as PlanFacts) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an entry read from the file has the fields and types qipp writes. */
function wellFormed(e: unknown): e is StoredEntry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Partial<StoredEntry>;
  if (typeof x.key !== 'string' || typeof x.content !== 'string' || typeof x.json !== 'string' || typeof x.mac !== 'string') return false;
  if (x.facts !== undefined && typeof x.facts !== 'string') return false;
  if (typeof x.deps !== 'object' || x.deps === null || Array.isArray(x.deps) || !Object.values(x.deps).every((h) => h === null || typeof h === 'string')) return false;
  const st = x.stamp as unknown as Record<string, unknown> | undefined;
  return st === undefined || (typeof st === 'object' && st !== null && ['size', 'mtimeMs', 'ctimeMs', 'ino'].every((k) => typeof st[k] === 'number'));
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

/**
 * The cache file is untrusted data (see cache-secret.ts for who may have
 * written it): read through fs-guard (a regular file, at most LIMITS.cache),
 * its shape checked, each entry replayed only when its signature matches the
 * user's secret, and its diagnostics rebuilt field by field. A cache that
 * cannot be used is ignored with one line on standard error.
 */
export class ResultCache {
  private data: CacheData;
  /** Whether anything changed since the cache was read (an unchanged cache is not written again). */
  private dirty = false;
  /** The secret that signs its entries (and the run record beside it: runrecord.ts). */
  readonly secret: Buffer;
  /** Told once, when an entry's signature does not match. */
  private toldForeign = false;
  /** The cache file's text as read or last written (for contentHash). */
  private text: string | Buffer = '';
  /** Entries whose signature was checked in this run (each is checked once, however often it is looked at). */
  private readonly verified = new WeakSet<StoredEntry>();

  constructor(
    readonly path: string,
    private readonly notice: (message: string) => void = () => undefined,
    secret?: Buffer,
  ) {
    this.secret = secret ?? cacheSecret(notice);
    this.data = { format: CACHE_FORMAT, entries: Object.create(null) as CacheData['entries'] };
    const read = readGuarded(path, LIMITS.cache);
    if (!read.ok) {
      if (read.kind !== 'missing') notice(`the cache "${path}" was ignored: ${read.why}.`);
      return;
    }
    let parsed: unknown;
    this.text = read.bytes;
    try {
      parsed = JSON.parse(read.bytes.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const p = parsed as Partial<CacheData> | undefined;
    if (!p || typeof p !== 'object' || p.format !== CACHE_FORMAT || typeof p.entries !== 'object' || p.entries === null || Array.isArray(p.entries)) {
      notice(`the cache "${path}" was ignored: it is damaged or from another version of qipp, so every plan is checked afresh.`);
      return;
    }
    Object.assign(this.data.entries, p.entries);
    const c = p.cross as Partial<StoredCross> | undefined;
    if (c && typeof c === 'object' && typeof c.key === 'string' && typeof c.json === 'string' && typeof c.mac === 'string') this.data.cross = c as StoredCross;
  }

  /** A well-formed entry for the file whose signature is ours, or undefined. */
  private entry(file: string): StoredEntry | undefined {
    if (!Object.hasOwn(this.data.entries, file)) return undefined;
    const e = this.data.entries[file];
    if (this.verified.has(e)) return e;
    if (!wellFormed(e)) return undefined;
    if (e.mac !== this.macOf(file, e)) {
      if (!this.toldForeign) this.notice(`the cache "${this.path}" holds results this user did not write (copied or planted); they are not used, and those plans are checked afresh.`);
      this.toldForeign = true;
      return undefined;
    }
    this.verified.add(e);
    return e;
  }

  private macOf(file: string, e: Omit<StoredEntry, 'mac'>): string {
    const st = e.stamp;
    return sign(this.secret, [file, e.key, e.content, st ? `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino}` : '', JSON.stringify(e.deps), e.json, e.facts ?? '']);
  }

  /**
   * The stored diagnostics of a file that has not been written since it was
   * read (its stamp is as recorded), without reading it: the recorded content
   * hash stands in for the content.
   */
  replay(file: string, stamp: FileStamp, configKey: string, tool: string): Replayed | undefined {
    const entry = this.entry(file);
    if (!entry?.stamp || !sameStamp(entry.stamp, stamp)) return undefined;
    return this.get(file, resultKey(entry.content, configKey, tool));
  }

  /** The stored result when `key` matches and every recorded dependency is unchanged. */
  get(file: string, key: string): Replayed | undefined {
    const entry = this.entry(file);
    if (!entry || entry.key !== key) return undefined;
    for (const [dep, hash] of Object.entries(entry.deps)) {
      if (hashFile(dep) !== hash) return undefined;
    }
    const diagnostics = readStoredDiagnostics(entry.json);
    if (!diagnostics) return undefined;
    const json = entry.facts;
    let facts: { value: PlanFacts | undefined } | undefined;
    return { diagnostics, key, content: entry.content, deps: entry.deps, hasFacts: json !== undefined, facts: () => (facts ??= { value: readStoredFacts(json) }).value };
  }

  /**
   * The stored cross-plan findings of a set of plans (by entry index), when
   * stored under `key` and signed by this user; else undefined.
   */
  crossFindings(key: string): [number, Diagnostic[]][] | undefined {
    const c = this.data.cross;
    if (!c || c.key !== key || c.mac !== sign(this.secret, ['cross', c.key, c.json])) return undefined;
    let list: unknown;
    try {
      list = JSON.parse(c.json);
    } catch {
      return undefined;
    }
    if (!Array.isArray(list)) return undefined;
    const out: [number, Diagnostic[]][] = [];
    for (const item of list as unknown[]) {
      if (!Array.isArray(item) || item.length !== 2 || !isCount(item[0]) || typeof item[1] !== 'string') return undefined;
      const diagnostics = readStoredDiagnostics(item[1]);
      if (!diagnostics) return undefined;
      out.push([item[0] as number, diagnostics]);
    }
    return out;
  }

  /** Keeps the cross-plan findings of a set of plans (only the last set is kept). */
  setCrossFindings(key: string, found: readonly [number, readonly Diagnostic[]][]): void {
    const json = JSON.stringify(found.map(([at, list]) => [at, diagnosticsJson(list)]));
    if (this.data.cross?.key === key && this.data.cross.json === json) return;
    this.data.cross = { key, json, mac: sign(this.secret, ['cross', key, json]) };
    this.dirty = true;
  }

  /** Records a new stamp for an entry whose content was found unchanged (a fresh checkout, a touched file). */
  restamp(file: string, stamp: FileStamp | undefined): void {
    const entry = this.entry(file);
    if (!entry || (entry.stamp && stamp && sameStamp(entry.stamp, stamp)) || (!entry.stamp && !stamp)) return;
    if (stamp) entry.stamp = stamp;
    else delete entry.stamp;
    entry.mac = this.macOf(file, entry);
    this.verified.add(entry);
    this.dirty = true;
  }

  set(file: string, entry: CacheEntry, diagnostics: readonly Diagnostic[]): void {
    const { facts, ...rest } = entry;
    const stored = { ...rest, json: diagnosticsJson(diagnostics), ...(facts ? { facts: JSON.stringify(facts) } : {}) };
    const signed = { ...stored, mac: this.macOf(file, stored) };
    this.data.entries[file] = signed;
    this.verified.add(signed);
    this.dirty = true;
  }

  /** The sha256 of the cache file as this run read it, or wrote it when it saved (a run record names it: runrecord.ts). */
  contentHash(): string {
    return sha256(this.text);
  }

  delete(file: string): void {
    if (!Object.hasOwn(this.data.entries, file)) return;
    delete this.data.entries[file];
    this.dirty = true;
  }

  /**
   * Writes the cache, unless nothing changed: to a new temporary file in the
   * same folder (never through an existing file or link), then renamed over
   * the cache in one step, so that a crash or a second run writing at the same
   * time never leaves half a cache (the last rename wins, whole).
   */
  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const text = JSON.stringify(this.data);
      writeFileSync(tmp, text, { flag: 'wx' });
      renameSync(tmp, this.path);
      this.text = text;
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
