import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pkg from '../../../package.json';

interface PackageMeta {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

const meta = pkg as PackageMeta;

/** qipp's version, from package.json. */
export const VERSION: string = meta.version;

/** Where people read about qipp (SARIF's informationUri): package.json's homepage, else its repository. */
export const HOMEPAGE: string | undefined =
  meta.homepage ?? (typeof meta.repository === 'string' ? meta.repository : meta.repository?.url)?.replace(/^git\+/, '').replace(/\.git$/, '');

/** The hash of dist/cli-engine.js, written into dist/cli.js when both are built (scripts/build.mjs). */
declare const __QIPP_ENGINE_BUILD__: string | undefined;
const ENGINE_BUILD = typeof __QIPP_ENGINE_BUILD__ === 'string' ? __QIPP_ENGINE_BUILD__ : undefined;

/** The hash of dist/cli-engine.js when running as the built dist/cli.js (else undefined). */
export function engineBuild(): string | undefined {
  return ENGINE_BUILD;
}

let identity: string | undefined;

/**
 * The version plus a hash of the running bundle and the CLI's engine half
 * beside it (dist/cli-engine.js, which holds the rules), so that the cache is
 * never replayed across builds, even before the version number changes.
 */
export function toolIdentity(): string {
  if (identity === undefined) {
    let build = 'unknown';
    try {
      const hash = createHash('sha1'); // telling builds apart, not security: the quickest hash will do
      hash.update(readFileSync(__filename));
      if (ENGINE_BUILD !== undefined) hash.update(ENGINE_BUILD);
      else {
        const engine = join(dirname(__filename), 'cli-engine.js');
        if (existsSync(engine)) hash.update(readFileSync(engine));
      }
      build = hash.digest('hex').slice(0, 16);
    } catch {
      // the bundle cannot be read (unusual); the version alone then keys the cache
    }
    identity = `${VERSION}+${build}`;
  }
  return identity;
}
