/**
 * Writing what `-o FILE` names (a report, a preview page). FILE may be a
 * symbolic link planted in a shared or cloned folder to make qipp overwrite
 * something else, so a link is refused (exit 2) unless `--force` is given:
 * the file is opened with O_NOFOLLOW, which refuses a link in the same step
 * that opens the file (no gap between a check and the write).
 */
import { closeSync, constants, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFsError } from '../node/discover';

/** Writes `text` to `path`; returns why it could not, in words that follow "could not be written to X:". */
export function writeOutput(path: string, text: string, force: boolean): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (force) {
      writeFileSync(path, text);
      return undefined;
    }
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o666);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') return 'it is a symbolic link, and qipp does not write through one (add --force to write where it points)';
    return describeFsError(e);
  }
}
