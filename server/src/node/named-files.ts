/**
 * Files that a plan or a configuration names (a national timeline, an extra
 * schema folder) are read only inside a root folder, unless the person
 * running qipp allows more:
 *
 * - the language server: the workspace folder holding the plan or
 *   `.qipprc.yaml`; outside every workspace folder, that file's own folder.
 *   The user (not workspace) setting `qipp.allowFilesOutsideWorkspace` lifts it;
 * - the CLI: the working folder when the plan or `.qipprc.yaml` is inside it,
 *   otherwise that file's own folder. `--allow-files-outside` lifts it.
 *
 * Links are followed before the check, so a link inside the root to a file
 * outside it is refused too. A plan or a configuration is someone else's
 * data: without this, one could name `/etc/passwd` or `../../secrets.yaml`
 * and have parts of it shown in messages and the preview.
 */
import { dirname, resolve } from 'node:path';
import { sha256 } from './cache';
import { confine, isInside, LIMITS, readTextGuarded } from './fs-guard';

/** Where the rule's refusal says how to lift it. */
export const OUTSIDE_HINT = 'to allow it, set qipp.allowFilesOutsideWorkspace in your user settings, or run qipp with --allow-files-outside';

/** The folder a file (a plan or `.qipprc.yaml`) may name files in; undefined when anything may be read. */
export type RootOf = (file: string) => string | undefined;

/** The CLI's rule: the working folder when `file` is inside it, else the file's own folder. */
export function cliRootOf(cwd: string, allowOutside: boolean): RootOf {
  const base = resolve(cwd);
  return (file) => (allowOutside ? undefined : isInside(resolve(file), base) ? base : dirname(resolve(file)));
}

/** Why `path` may not be read for a file whose root is `root`, or undefined when it may. */
export function refusal(path: string, root: string | undefined): string | undefined {
  if (root === undefined) return undefined;
  const c = confine(path, root);
  return c.ok ? undefined : `${c.why}, and a plan or configuration may only name files inside it (${OUTSIDE_HINT})`;
}

export interface RelativeReaderOptions {
  /** Where the plan may read; undefined: anywhere. */
  root: string | undefined;
  /** Records each file read and the sha256 of its bytes (null when it could not be read), for the cache and file watching. */
  deps?: Record<string, string | null>;
  /** The text of a file open in the editor, preferred to the disk. */
  openText?: (path: string) => string | undefined;
}

/** The engine's readRelative for a plan at `planPath`: bounded, regular files only, confined to the root. */
export function relativeReader(planPath: string, options: RelativeReaderOptions): (relativePath: string) => string | { unreadable: string } {
  const base = dirname(planPath);
  return (relativePath) => {
    const path = resolve(base, relativePath);
    const refused = refusal(path, options.root);
    if (refused !== undefined) {
      if (options.deps) options.deps[path] = null;
      return { unreadable: refused };
    }
    const open = options.openText?.(path);
    if (open !== undefined) return open;
    const read = readTextGuarded(path, LIMITS.timeline);
    if (options.deps) options.deps[path] = read.ok ? sha256(read.bytes) : null;
    return read.ok ? read.text : { unreadable: read.why };
  };
}
