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
 * record is signed with the cache's secret (cache-secret.ts), all of it: a
 * record this user did not write is never used.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LIMITS, readGuarded } from './fs-guard';

const RECORD_FORMAT = 2; // 2: the output kept as bytes after a JSON header

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
  /** Standard output as written: bytes when read back (written on as they are, never decoded). */
  stdout: string | Buffer;
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

/**
 * A record as stored: the signature (64 hex digits) and a newline, then what it signs: the
 * header (JSON, one line: everything but the output, with the output's lengths in bytes) and a
 * newline, then standard output and standard error as written. The output is kept as it is, not
 * as JSON text: a replay reads the header, checks the signature and writes the bytes.
 */
interface Header extends Omit<RunRecord, 'stdout' | 'stderr'> {
  format: number;
  stdoutBytes: number;
  stderrBytes: number;
}

const MAC_HEX = 64;

/** The header read back, or undefined when it is not exactly the shape written. */
function parseHeader(text: string): Header | undefined {
  let r: Partial<Header>;
  try {
    r = JSON.parse(text) as typeof r;
  } catch {
    return undefined;
  }
  if (!r || typeof r !== 'object' || r.format !== RECORD_FORMAT) return undefined;
  if (!isStr(r.key) || typeof r.startedAt !== 'number' || !Number.isInteger(r.code) || !isCount(r.stdoutBytes) || !isCount(r.stderrBytes)) return undefined;
  if (!Array.isArray(r.cache) || r.cache.length !== 2 || !r.cache.every(isStr)) return undefined;
  if (!Array.isArray(r.files) || !r.files.every((f) => Array.isArray(f) && f.length === 3 && f.every(isStr))) return undefined;
  if (!Array.isArray(r.inputs) || !r.inputs.every((f) => Array.isArray(f) && f.length === 2 && isStr(f[0]) && (f[1] === null || isStr(f[1])))) return undefined;
  return r as Header;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The record in `path` when it is well formed and signed with `secret`; else undefined. */
export function readRunRecord(path: string, secret: Buffer): RunRecord | undefined {
  const read = readGuarded(path, LIMITS.cache);
  if (!read.ok) return undefined;
  const bytes = read.bytes;
  if (bytes.length <= MAC_HEX || bytes[MAC_HEX] !== 0x0a) return undefined;
  const signed = bytes.subarray(MAC_HEX + 1);
  if (bytes.toString('latin1', 0, MAC_HEX) !== signBytes(secret, signed)) return undefined;
  const eol = signed.indexOf(0x0a);
  const header = eol < 0 ? undefined : parseHeader(signed.toString('utf8', 0, eol));
  if (!header || eol + 1 + header.stdoutBytes + header.stderrBytes !== signed.length) return undefined;
  const at = eol + 1;
  const { key, startedAt, cache, files, inputs, code } = header;
  return { key, startedAt, cache, files, inputs, code, stdout: signed.subarray(at, at + header.stdoutBytes), stderr: signed.toString('utf8', at + header.stdoutBytes) };
}

/** The signature of a record's bytes: cache-secret.ts's sign, over the bytes themselves. */
function signBytes(secret: Buffer, signed: Buffer): string {
  return createHmac('sha256', secret).update('run\0').update(signed).digest('hex');
}

/** Writes a record in one step (a new file renamed over the old), signed with `secret`. */
export function writeRunRecord(path: string, secret: Buffer, record: RunRecord): void {
  const { stdout, stderr, ...rest } = record;
  const out = typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout;
  const err = Buffer.from(stderr, 'utf8');
  const header: Header = { format: RECORD_FORMAT, ...rest, stdoutBytes: out.length, stderrBytes: err.length };
  const signed = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), out, err]);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${signBytes(secret, signed)}\n`, 'latin1'), signed]), { flag: 'wx' });
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
 * order), the cache file and the inputs it names: undefined when it does not;
 * else the record as it would be made now (`startedAt`, taken before any file
 * was looked at), with the stat signatures found, and whether any file had to
 * be read to know (then the record is worth writing again, so that the next
 * run need not). `racyMs` as cache.ts's RACY_MS.
 */
export function recordHolds(record: RunRecord, plans: readonly string[], cacheFile: string, racyMs: number, startedAt: number): { now: RunRecord; read: boolean } | undefined {
  if (plans.length !== record.files.length) return undefined;
  const before = BigInt(Math.floor(record.startedAt - racyMs)) * 1_000_000n;
  let read = false;
  const files: RunRecord['files'] = [];
  for (let i = 0; i < plans.length; i++) {
    const [path, sig, hash] = record.files[i];
    if (plans[i] !== path) return undefined;
    const now = statSignature(path);
    if (!now) return undefined;
    files.push([path, now.sig, hash]);
    // As recorded, and changed well before the recorded run began: its content is the recorded one.
    if (now.sig === sig && now.mtimeNs < before && now.ctimeNs < before) continue;
    if (contentHash(path, LIMITS.cache) !== hash) return undefined;
    read = true;
  }
  for (const [path, hash] of record.inputs) {
    if (contentHash(path, LIMITS.config) !== hash) return undefined;
  }
  const [cacheSig, cacheHash] = record.cache;
  const cacheNow = statSignature(cacheFile);
  if (!cacheNow) return undefined;
  if (cacheNow.sig !== cacheSig) {
    if (contentHash(cacheFile, LIMITS.cache) !== cacheHash) return undefined;
    read = true;
  }
  return { now: { ...record, startedAt, files, cache: [cacheNow.sig, cacheHash] }, read };
}
