/**
 * `--cache`'s run record: the whole output of the last run, kept beside the
 * cache (`<cache file>.run`) with everything that output depended on, so that
 * a run over the same unchanged plans, configuration and arguments writes it
 * again without loading the engine or reading the cache of per-plan results
 * (cache.ts).
 *
 * A record holds: a key of the tool and every argument that shapes the output
 * (the CLI makes it); the plans found, in order, each with its stat
 * signature (device, inode, size, modification and change times in
 * nanoseconds) and the hash of its content; the configuration files looked
 * at (hash, or absent); the files plans read (a national timeline); the cache
 * file it went with; and the standard output, standard error and exit code.
 *
 * Replayed only when every one of those is unchanged. The content decides:
 * a plan whose stat signature is as recorded, and which was last changed
 * well before the run that made the record began (cache.ts's RACY_MS, as git
 * does for its index), is known unchanged without reading it; any other is
 * read and hashed (a fresh clone of the same plans is still a replay). The
 * record is signed with the cache's secret (cache-secret.ts) as one piece of
 * text: a record this user did not write is never used.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sign } from './cache-secret';
import { LIMITS, readGuarded } from './fs-guard';

const RECORD_FORMAT = 1;

export interface RunRecord {
  /** The tool and the arguments that shape the output (see the CLI's runKey). */
  key: string;
  /** Date.now() when the run that made it began. */
  startedAt: number;
  /** The cache file it went with: stat signature and content hash. */
  cache: [sig: string, hash: string];
  /** Each plan found, in order: absolute path, stat signature, content hash. */
  files: [path: string, sig: string, hash: string][];
  /** Configuration files looked at (content hash, or null when there was none) and files plans read. */
  inputs: [path: string, hash: string | null][];
  stdout: string;
  stderr: string;
  code: number;
}

/** Where the run record of a cache file lives. */
export function recordPath(cacheFile: string): string {
  return `${cacheFile}.run`;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A file's stat signature (as exact as stat gives it), or undefined when it is not a regular file. */
export function statSignature(path: string): { sig: string; mtimeNs: bigint; ctimeNs: bigint } | undefined {
  try {
    const s = statSync(path, { bigint: true });
    if (!s.isFile()) return undefined;
    return { sig: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  } catch {
    return undefined;
  }
}

/** The hash of a file's content (at most `limit` bytes, a regular file), or null when it cannot be read. */
export function contentHash(path: string, limit: number): string | null {
  const read = readGuarded(path, limit);
  return read.ok ? sha256(read.bytes) : null;
}

const isStr = (x: unknown): x is string => typeof x === 'string';

/** The body of a record read back, or undefined when it is not exactly the shape written. */
function parseBody(text: string): RunRecord | undefined {
  let r: Partial<RunRecord> & { format?: unknown };
  try {
    r = JSON.parse(text) as typeof r;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object' || r.format !== RECORD_FORMAT) return undefined;
  if (!isStr(r.key) || typeof r.startedAt !== 'number' || !isStr(r.stdout) || !isStr(r.stderr) || !Number.isInteger(r.code)) return undefined;
  if (!Array.isArray(r.cache) || r.cache.length !== 2 || !r.cache.every(isStr)) return undefined;
  if (!Array.isArray(r.files) || !r.files.every((f) => Array.isArray(f) && f.length === 3 && f.every(isStr))) return undefined;
  if (!Array.isArray(r.inputs) || !r.inputs.every((f) => Array.isArray(f) && f.length === 2 && isStr(f[0]) && (f[1] === null || isStr(f[1])))) return undefined;
  return r as RunRecord;
}

/** The record in `path` when it is well formed and signed with `secret`; else undefined. */
export function readRunRecord(path: string, secret: Buffer): RunRecord | undefined {
  const read = readGuarded(path, LIMITS.cache);
  if (!read.ok) return undefined;
  let outer: unknown;
  try {
    outer = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  const o = outer as { body?: unknown; mac?: unknown } | null;
  if (!o || typeof o !== 'object' || !isStr(o.body) || !isStr(o.mac) || o.mac !== sign(secret, ['run', o.body])) return undefined;
  return parseBody(o.body);
}

/** Writes a record in one step (a new file renamed over the old), signed with `secret`. */
export function writeRunRecord(path: string, secret: Buffer, record: RunRecord): void {
  const body = JSON.stringify({ format: RECORD_FORMAT, ...record });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ body, mac: sign(secret, ['run', body]) }), { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes a record that no longer holds (quietly: a record that is not there is none). */
export function dropRunRecord(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Whether the record still holds for the plans found now (absolute paths, in
 * order), the cache file and the inputs it names. `racyMs` as cache.ts's RACY_MS.
 */
export function recordHolds(record: RunRecord, plans: readonly string[], cacheFile: string, racyMs: number): boolean {
  if (plans.length !== record.files.length) return false;
  const before = BigInt(Math.floor(record.startedAt - racyMs)) * 1_000_000n;
  for (let i = 0; i < plans.length; i++) {
    const [path, sig, hash] = record.files[i];
    if (plans[i] !== path) return false;
    const now = statSignature(path);
    if (!now) return false;
    // As recorded, and changed well before the recorded run began: its content is the recorded one.
    if (now.sig === sig && now.mtimeNs < before && now.ctimeNs < before) continue;
    if (contentHash(path, LIMITS.cache) !== hash) return false;
  }
  for (const [path, hash] of record.inputs) {
    if (contentHash(path, LIMITS.config) !== hash) return false;
  }
  const [cacheSig, cacheHash] = record.cache;
  return statSignature(cacheFile)?.sig === cacheSig || contentHash(cacheFile, LIMITS.cache) === cacheHash;
}

/** The hash recorded for a cache file's content (see ResultCache.contentHash). */
export { sha256 as recordHash };
