// What the data-driven golden tests share: where the plans are, how to walk
// them, the engine bundle, and the context that reads files a plan names.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'test/golden/rules');
export const CASES = resolve(ROOT, '../shared/conformance/cases');
export const CORE = join(ROOT, 'dist/core.js');

/** The engine bundle (needs `npm run build` first). */
export function loadCore() {
  if (!existsSync(CORE)) throw new Error(`${relative(ROOT, CORE)} is missing: run \`npm run build\` first`);
  return createRequire(import.meta.url)(CORE);
}

/** Every plan file under a folder, in a stable order. */
export function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : /\.plan\.ya?ml$/.test(name) ? [p] : [];
    });
}

/** Reads files a plan names (`national_timeline:`) relative to the plan, as the CLI does. */
export function contextFor(file) {
  return {
    readRelative(p) {
      try {
        return readFileSync(resolve(dirname(file), p), 'utf8').replace(/^\uFEFF/, '');
      } catch {
        return undefined;
      }
    },
  };
}
