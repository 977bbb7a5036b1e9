/**
 * The one way qipp reads a file it did not write itself: plans, `.qipprc.yaml`,
 * national timelines, extra schemas, the cache. Every such file may come from
 * someone else (a cloned repository, a shared folder), so:
 *
 * - only a regular file is read: the file is opened with O_NONBLOCK (opening a
 *   named pipe then returns at once instead of waiting for a writer) and
 *   fstat'ed once open, and a pipe, device, socket or folder is refused;
 * - at most `limit + 1` bytes are read from the open file, whatever its size
 *   says, so a file that grows while it is read (or lies about its size, as
 *   /proc files do) cannot make qipp hold more than its limit;
 * - `confine` keeps a path, after following every link, inside a root folder.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, relative, resolve, isAbsolute, sep } from 'node:path';

const MB = 1024 * 1024;

/** The size limits of each kind of file read (bytes). A plan's limit is `--max-file-size` (10 MB by default). */
export const LIMITS = {
  plan: 10 * MB,
  config: 1 * MB,
  timeline: 1 * MB,
  schema: 1 * MB,
  cache: 64 * MB,
} as const;

export type GuardedRead =
  | { ok: true; bytes: Buffer; stat: Stats }
  | {
      ok: false;
      /** missing: ENOENT; not-file: a folder, pipe, device or socket; too-large: over the limit; error: anything else. */
      kind: 'missing' | 'not-file' | 'too-large' | 'error';
      /** Why, in words that finish "could not be read: …" (no final stop). */
      why: string;
      /** For too-large: the size seen (at least limit + 1). */
      size?: number;
      error?: unknown;
    };

/** Opens, checks and reads at most `limit` bytes of a regular file. Never throws; never waits on a pipe. */
export function readGuarded(path: string, limit: number, options: { noFollow?: boolean } = {}): GuardedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, kind: code === 'ENOENT' ? 'missing' : 'error', why: describeFsError(e), error: e };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, kind: 'not-file', why: notAFile(stat) };
    if (stat.size > limit) return { ok: false, kind: 'too-large', why: `it is ${megabytes(stat.size)} MB, more than the ${megabytes(limit)} MB limit`, size: stat.size };
    const bytes = readAtMost(fd, limit + 1, stat.size);
    if (bytes.length > limit) return { ok: false, kind: 'too-large', why: `it is more than the ${megabytes(limit)} MB limit`, size: bytes.length };
    return { ok: true, bytes, stat };
  } catch (e) {
    return { ok: false, kind: 'error', why: describeFsError(e), error: e };
  } finally {
    closeSync(fd);
  }
}

/** Reads from an open file until its end or `max` bytes, whichever comes first. */
function readAtMost(fd: number, max: number, sizeHint: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(max, Math.max(sizeHint + 1, 64 * 1024)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= max) break;
      const bigger = Buffer.allocUnsafe(Math.min(max, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buffer.subarray(0, length);
}

/** A small text file (a configuration, timeline or schema) as UTF-8 text without its BOM, or why it cannot be had. */
export function readTextGuarded(path: string, limit: number): { ok: true; text: string; bytes: Buffer } | { ok: false; kind: string; why: string } {
  const read = readGuarded(path, limit);
  if (!read.ok) return read;
  if (read.bytes.includes(0) || !isUtf8(read.bytes)) return { ok: false, kind: 'not-text', why: 'it is not UTF-8 text' };
  return { ok: true, text: read.bytes.toString('utf8').replace(/^\uFEFF/, ''), bytes: read.bytes };
}

/** The first `n` bytes of a regular file, or undefined (a pipe, device, folder, or unreadable file). */
export function readHeadGuarded(path: string, n: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(n);
    return buffer.subarray(0, readSync(fd, buffer, 0, n, 0));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function notAFile(stat: Stats): string {
  if (stat.isDirectory()) return 'it is a folder, not a file';
  if (stat.isFIFO()) return 'it is a named pipe, not a file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a file';
  if (stat.isSocket()) return 'it is a socket, not a file';
  return 'it is not a regular file';
}

export function megabytes(n: number): string {
  return (n / MB).toFixed(1).replace(/\.0$/, '');
}

/** Whether `path` is `root` or lies below it (both absolute, compared as written). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Whether `path` may be read when files are confined to `root`: it must lie
 * inside it as written and once every link is followed. A path that does not
 * exist is judged as written (reading it then fails on its own).
 */
export function confine(path: string, root: string): { ok: true } | { ok: false; why: string } {
  const outside = { ok: false as const, why: `it is outside the folder "${root}"` };
  if (!isInside(resolve(path), resolve(root))) return outside;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = resolve(root);
  }
  try {
    const real = realpathSync(path);
    if (!isInside(real, realRoot)) return { ok: false, why: `it is a link to "${real}", outside the folder "${root}"` };
  } catch {
    // Missing or unreadable: the read says why. Its folder must not lead outside either.
    try {
      if (!isInside(realpathSync(dirname(path)), realRoot)) return outside;
    } catch {
      // the folder is missing too
    }
  }
  return { ok: true };
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it does not exist';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ELOOP':
      return 'it is a link that loops back on itself';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default:
      return code ? `${code}, ${(e as Error).message}` : String((e as Error | undefined)?.message ?? e);
  }
}
