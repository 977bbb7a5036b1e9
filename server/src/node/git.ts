/**
 * A plan file as it was at a git revision (`qipp diff FILE --git REV`):
 * `git show REV:path`, the path relative to the repository's top folder.
 * Runs git with child_process; every failure is a sentence, never a throw.
 */
import { execFileSync } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';
import { realpathSync } from 'node:fs';

export type GitRead = { ok: true; text: string; path: string } | { ok: false; message: string };

/** Largest version read from git, as for files on disk. */
const MAX_BUFFER = 64 * 1024 * 1024;

function git(args: readonly string[], cwd: string): { ok: true; out: string } | { ok: false; err: string; missing?: boolean } {
  try {
    return { ok: true, out: execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') return { ok: false, err: '', missing: true };
    return { ok: false, err: String(err.stderr ?? err.message ?? '').trim() };
  }
}

/**
 * The text of `file` (absolute path, which need not exist any more) at
 * revision `rev` of the git repository it is in.
 */
export function readAtRevision(file: string, rev: string, shown: string): GitRead {
  let dir = dirname(file);
  try {
    dir = realpathSync(dir);
  } catch {
    return { ok: false, message: `${shown}: its folder does not exist, so git cannot be asked about it.` };
  }
  const top = git(['rev-parse', '--show-toplevel'], dir);
  if (!top.ok) {
    if (top.missing) return { ok: false, message: 'git is not installed (or not on the PATH), so --git cannot be used.' };
    return { ok: false, message: `${shown} is not in a git repository, so there is no earlier version to compare with.` };
  }
  if (rev.startsWith('-') || !git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], dir).ok) {
    return { ok: false, message: `git knows no revision "${rev}" in this repository (try a commit, a branch, a tag or HEAD~1).` };
  }
  const path = relative(realpathSync(top.out.trim()), `${dir}${sep}${file.slice(dirname(file).length + 1)}`).split(sep).join('/');
  const shownAt = git(['show', `${rev}:${path}`], dir);
  if (!shownAt.ok) return { ok: false, message: `${shown} is not in git at revision ${rev} (git has no ${path} there).` };
  return { ok: true, text: shownAt.out.replace(/^\uFEFF/, ''), path };
}
