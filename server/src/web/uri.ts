/**
 * Paths inside URI strings, for the web where the server has no file paths:
 * the folder of a file, a path relative to a folder, the folders above one.
 * PURE. URIs are VS Code's own strings (`scheme://authority/path`, the path
 * percent-encoded as vscode.Uri.toString() writes it).
 */

interface Parts {
  /** `scheme:` or `scheme://authority` */
  head: string;
  /** the path, percent-encoded, starting with `/` (or empty) */
  path: string;
}

function split(uri: string): Parts {
  const m = /^([a-zA-Z][\w+.-]*:(?:\/\/[^/?#]*)?)([^?#]*)/.exec(uri);
  return m ? { head: m[1], path: m[2] } : { head: '', path: uri };
}

/** Percent-encodes a decoded path as vscode.Uri does (everything but unreserved characters and `/`). */
export function encodePath(path: string): string {
  return encodeURIComponent(path)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function normalize(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** The folder a file URI is in (`…/plans/a.plan.yaml` → `…/plans`); the root stays the root. */
export function dirnameUri(uri: string): string {
  const { head, path } = split(uri);
  const segments = normalize(path.split('/'));
  segments.pop();
  return `${head}/${segments.join('/')}`;
}

/** A path as a person writes it (`../timeline.yaml`, or `/abs/t.yaml`) taken relative to a folder URI. */
export function resolveUri(folderUri: string, written: string): string {
  const { head, path } = split(folderUri);
  const rel = written.replace(/\\/g, '/');
  const base = rel.startsWith('/') ? [] : path.split('/');
  const segments = normalize([...base, ...rel.split('/').map(encodePath)]);
  return `${head}/${segments.join('/')}`;
}

/** The folder URI and every folder above it, nearest first, up to the root of the path. */
export function foldersUp(folderUri: string): string[] {
  const { head, path } = split(folderUri);
  const segments = normalize(path.split('/'));
  const out: string[] = [];
  for (let n = segments.length; n >= 0; n--) out.push(`${head}/${segments.slice(0, n).join('/')}`);
  return out;
}

/** Whether `uri` is `folderUri` or inside it. */
export function isInside(uri: string, folderUri: string): boolean {
  const f = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
  return uri === folderUri || uri.startsWith(f);
}

/** The path of a URI relative to a folder, decoded, for messages (`plans/a.plan.yaml`); the whole path when outside. */
export function displayUri(uri: string, folderUri: string | undefined): string {
  if (folderUri && isInside(uri, folderUri) && uri !== folderUri) return decodePath(uri.slice(folderUri.replace(/\/$/, '').length + 1));
  return decodePath(split(uri).path);
}

/** The last segment of a URI's path, decoded. */
export function basenameUri(uri: string): string {
  return decodePath(split(uri).path.split('/').pop() ?? '');
}
