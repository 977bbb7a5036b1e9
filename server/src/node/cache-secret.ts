/**
 * The secret that signs `--cache` entries (cache.ts). A cache file may have
 * been written by someone else: committed to a repository, planted in a
 * shared folder, copied from another machine. Everything in an entry's key
 * (the content hash, the configuration, the tool) can be computed from public
 * inputs, so a key alone proves nothing; and a secret kept in the cache file
 * would be known to whoever wrote it. So the secret lives outside the
 * project, in the user's own cache folder (`$XDG_CACHE_HOME/qipp`, else
 * `~/.cache/qipp`), made once with 32 random bytes and readable by the user
 * only. An entry whose signature does not match it is not replayed: the file
 * is checked again, and qipp says once that the cache held results it did not
 * write. A cache from elsewhere costs one full run, never a wrong result.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readGuarded } from './fs-guard';

export const SECRET_FILE_NAME = 'cache-secret';

/** The folder holding the secret. */
export function secretFolder(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'qipp');
}

/**
 * The user's cache secret, made on first use. When it can be neither read nor
 * made (a read-only home), a secret for this run only: the cache then works
 * within the run but is never replayed by another, and `notice` says why.
 */
export function cacheSecret(notice: (message: string) => void, env: Record<string, string | undefined> = process.env): Buffer {
  const folder = secretFolder(env);
  const file = join(folder, SECRET_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    const read = readGuarded(file, 1024, { noFollow: true });
    if (read.ok) {
      const hex = read.bytes.toString('latin1').trim();
      if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
      break;
    }
    if (read.kind !== 'missing') break;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      // 'wx': never through an existing file or link; a run that loses the race reads the winner's secret.
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') break;
    }
  }
  notice(`the cache secret "${file}" could not be read or made, so results cached by this run will not be replayed by the next one.`);
  return randomBytes(32);
}

/**
 * The signature of one cache entry's fields, each a string without NUL (paths, hex, and JSON text, whose
 * NULs are escaped), so that fields joined by NUL cannot be shifted from one into the next.
 */
export function sign(secret: Buffer, fields: readonly string[]): string {
  const mac = createHmac('sha256', secret);
  for (const f of fields) mac.update(f).update('\0');
  return mac.digest('hex');
}
