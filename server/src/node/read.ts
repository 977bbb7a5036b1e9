/**
 * Reads a plan file as text the way the editor does: UTF-8, leading BOM
 * removed (so that columns match), and refusing what is not a text plan.
 * Through fs-guard: a regular file only, and never more than the limit read.
 */
import { isUtf8 } from 'node:buffer';
import { lstatSync, readlinkSync } from 'node:fs';
import { stampOf, type FileStamp } from './cache';
import { readGuarded } from './fs-guard';

export type ReadResult =
  | {
      ok: true;
      text: string;
      bytes: Buffer;
      /** The file's stat, taken before it was read, and the clock then (for the cache; see cache.ts). */
      stamp: FileStamp;
      readAt: number;
    }
  | { ok: false; message: string };

export function readPlanFile(path: string, maxBytes: number): ReadResult {
  const readAt = Date.now();
  const read = readGuarded(path, maxBytes);
  if (!read.ok) {
    const target = linkTarget(path);
    if (read.kind === 'missing' && target !== undefined) return { ok: false, message: `This is a link to "${target}", which does not exist.` };
    if (read.kind === 'too-large') return tooLarge(read.size ?? maxBytes + 1, maxBytes);
    if (read.kind === 'not-file') {
      return { ok: false, message: read.why.includes('folder') ? 'This is a folder, not a plan file.' : `This is not a plan file: ${read.why}, so it was not read.` };
    }
    return { ok: false, message: `This file could not be read: ${read.why}.` };
  }
  const bytes = read.bytes;
  const stamp = stampOf(read.stat);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: 'This file is saved as UTF-16; save it as UTF-8 so that it can be checked.' };
  }
  if (bytes.includes(0)) {
    return { ok: false, message: 'This looks like a binary file, not a YAML plan (it contains NUL bytes), so it was not checked.' };
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    return { ok: false, message: `This file is not valid UTF-8 text (first bad byte on line ${line}); save it as UTF-8 so that it can be checked.` };
  }
  return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, ''), bytes, stamp, readAt };
}

/** Where a symbolic link points, or undefined when the path is not one. */
function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function tooLarge(size: number, maxBytes: number): ReadResult {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
  return {
    ok: false,
    message: `This file is ${mb(size)} MB, more than the ${mb(maxBytes)} MB limit, so it was not checked; raise the limit with --max-file-size.`,
  };
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = c & (0xff >> (n + 2));
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
