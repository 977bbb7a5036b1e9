// Shared helpers of the CLI tests: run the built CLI as a user would, make
// scratch folders, and load a TypeScript module of the source for unit tests.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { createHmac } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const CASES = resolve(ROOT, '../shared/conformance/cases');

/** A conformance case by its path under cases/, e.g. 'reform/000-valid.plan.yaml'. */
export const kase = (name) => join(CASES, name);

/** Zero-based lines of a case's `# expect: RULE` comments, as [rule, line] pairs. */
export function expectations(file) {
  const out = [];
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const m = line.match(/#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/);
    if (m) for (const rule of m[1].split(',')) out.push([rule.trim(), i]);
  });
  return out;
}

/**
 * Runs `node dist/cli.js ...args`; never throws on a non-zero exit. `uid`/`gid`
 * run it as that user; after `timeout` ms it is killed and this throws (a hung
 * CLI would otherwise block the whole mocha run, whose own timeouts cannot fire
 * during spawnSync).
 */
export function qipp(args, { cwd = ROOT, env = {}, input, uid, gid, timeout } = {}) {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const baseEnv = { ...process.env };
  delete baseEnv.FORCE_COLOR;
  delete baseEnv.NO_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...baseEnv, ...env }, encoding: 'utf8', input, maxBuffer: 1 << 28, uid, gid, timeout });
  if (r.error) throw new Error(`qipp ${args.join(' ')} ${r.error.code === 'ETIMEDOUT' ? `did not finish within ${timeout} ms` : 'failed to run'}: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `qipp validate --format json ...` parsed; asserts the output is JSON. */
export function validateJson(args, options) {
  const r = qipp(['validate', '--format', 'json', ...args], options);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  }
  return { ...r, json };
}

/** The unprivileged user (nobody, 65534) that runs what must not read everything, when these tests run as root. */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Spawn options to run a child as an unprivileged user: as root (always, in
 * CI), which reads any file whatever its mode, the user nobody; otherwise
 * none (the current user is unprivileged already). Node drops the
 * supplementary groups too when it sets the group.
 */
export function unprivileged() {
  return process.getuid?.() === 0 ? { ...NOBODY } : {};
}

/**
 * Makes `dir` and the given files under it readable by the unprivileged()
 * user (a scratch folder is made 0700, and the umask may be strict), and
 * checks that user can read them, with a clear failure when a parent folder
 * (TMPDIR) is closed to it.
 */
export function openTo(options, dir, files) {
  chmodSync(dir, 0o755);
  for (const f of files) chmodSync(join(dir, f), 0o644);
  if (options.uid === undefined) return;
  const probe = `const fs = require('node:fs'); for (const f of process.argv.slice(1)) fs.accessSync(f, fs.constants.R_OK);`;
  const r = spawnSync(process.execPath, ['-e', probe, ...files.map((f) => join(dir, f))], { cwd: dir, encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`the unprivileged user (uid ${options.uid}) cannot read the test files in ${dir} (is a parent folder, such as TMPDIR, closed to other users?): ${r.error?.message ?? r.stderr.match(/^\w*Error.*$/m)?.[0] ?? r.stderr}`);
}

/** A fresh scratch folder; removed by the returned cleanup. */
export function scratch(prefix = 'qipp-cli-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (path -> string | Buffer) under dir, creating folders. */
export function writeFiles(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

const bundles = new Map();
/**
 * Loads a TypeScript module of the source (bundled on the fly with esbuild into
 * .cache/test-bundles), so that pure modules can be unit-tested with fake data.
 */
export async function loadTs(relativePath) {
  if (!bundles.has(relativePath)) {
    const { buildSync } = await import('esbuild');
    const outfile = join(ROOT, '.cache/test-bundles', basename(relativePath).replace(/\.ts$/, '') + '-' + bundles.size + '.cjs');
    buildSync({ entryPoints: [join(ROOT, relativePath)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
    bundles.set(relativePath, createRequire(import.meta.url)(outfile));
  }
  return bundles.get(relativePath);
}

/** The user's cache secret (server/src/node/cache-secret.ts), as qipp finds it with this environment. */
export function cacheSecret(env = process.env) {
  const folder = join(env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache'), 'qipp');
  return Buffer.from(readFileSync(join(folder, 'cache-secret'), 'latin1').trim(), 'hex');
}

/**
 * Changes the stored diagnostics of one entry of a cache file and signs it
 * again with the user's secret, as only qipp itself (or someone holding that
 * secret) can: tests use it to prove a result was replayed, not recomputed.
 */
export function editCacheEntry(cacheFile, file, edit, env = process.env) {
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  const e = cache.entries[file];
  e.json = JSON.stringify(edit(JSON.parse(e.json)));
  e.mac = signCacheEntry(cacheSecret(env), file, e);
  writeFileSync(cacheFile, JSON.stringify(cache));
}

/** An entry's signature as cache.ts computes it (HMAC-SHA256 of its fields joined by NUL; the facts are stored as JSON text). */
export function signCacheEntry(secret, file, e) {
  const st = e.stamp;
  const mac = createHmac('sha256', secret);
  for (const f of [file, e.key, e.content, st ? `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino}` : '', JSON.stringify(e.deps), e.json, e.facts ?? '']) mac.update(f).update('\0');
  return mac.digest('hex');
}
