// Shared helpers of the preview tests: the built core (dist/core.js), the
// plans the goldens cover, and a local-only headless Chromium.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipOutsideCi } from '../support/skip.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CASES = resolve(ROOT, '../shared/conformance/cases');
export const OUTPUT = join(ROOT, 'test-output/preview');
export const CHROMIUM = process.env.QIPP_CHROMIUM ?? '/usr/bin/chromium';

/** The pure core as esbuild bundled it (npm test builds it first). */
export function core() {
  const path = join(ROOT, 'dist/core.js');
  if (!existsSync(path)) throw new Error('dist/core.js is missing: run `npm run build` first');
  return createRequire(import.meta.url)(path);
}

/** The default configuration's engine, as the CLI uses it for a folder without .qipprc.yaml. */
export function engine() {
  const c = core();
  return c.createEngine({ rules: c.defaultRules() });
}

/** Analyses a file's text with the default configuration. */
export function analyzeFile(path) {
  return engine().analyze(readFileSync(path, 'utf8'));
}

/** The plans whose preview is pinned by a golden file: each sample and each conformance case that is valid. */
export function goldenPlans() {
  const plans = readdirSync(join(ROOT, 'samples'))
    .filter((n) => /\.plan\.ya?ml$/.test(n))
    .sort()
    .map((n) => ({ name: `samples/${n.replace(/\.plan\.ya?ml$/, '')}`, path: join(ROOT, 'samples', n) }));
  if (existsSync(CASES)) {
    for (const kind of readdirSync(CASES).sort()) {
      for (const n of readdirSync(join(CASES, kind)).sort()) {
        if (/^000-valid\.plan\.ya?ml$/.test(n)) plans.push({ name: `conformance/${kind}-${n.replace(/\.plan\.ya?ml$/, '')}`, path: join(CASES, kind, n) });
      }
    }
  }
  return plans;
}

export function fileName(path) {
  return basename(path);
}

export function ensureOutput() {
  mkdirSync(OUTPUT, { recursive: true });
  return OUTPUT;
}

/**
 * Chromium for a mocha suite: fails the suite clearly on CI when Debian's
 * chromium is missing, and skips it with a message elsewhere.
 */
export function chromiumOrSkip(ctx) {
  if (existsSync(CHROMIUM)) return true;
  skipOutsideCi(ctx, `Debian chromium is not installed at ${CHROMIUM} (apt-get install chromium, or run scripts/system-deps.sh)`);
  return false;
}

/** Launches headless Chromium that cannot reach the network. */
export async function launchChromium(profileDir) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
}
