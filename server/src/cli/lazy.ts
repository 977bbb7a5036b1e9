/**
 * The CLI's engine half (engine.ts), loaded on first use. In dist/cli.js the
 * build maps `./engine` to the separate bundle dist/cli-engine.js, which is
 * loaded with V8's code cache (node/codecache.ts) when one can be kept;
 * anywhere else it is bundled in as usual.
 */
import { join } from 'node:path';
import type * as EngineHalf from './engine';
import { codeCacheFile, requireWithCodeCache } from '../node/codecache';
import { engineBuild } from '../node/version';

let loaded: typeof EngineHalf | undefined;

export function engineHalf(): typeof EngineHalf {
  return (loaded ??= load());
}

function load(): typeof EngineHalf {
  const bundle = join(__dirname, 'cli-engine.js');
  const cacheFile = codeCacheFile(bundle, engineBuild());
  // engineBuild() is known only in the built dist/cli.js, beside its dist/cli-engine.js.
  if (cacheFile !== undefined) {
    let accepted: Buffer | undefined;
    const half = requireWithCodeCache(bundle, cacheFile, (data) => (accepted = data)) as typeof EngineHalf;
    // validate's worker threads load the same bundle: with the same cache, they skip compiling it too.
    if (accepted !== undefined) half.useCodeCacheForWorkers(bundle, accepted);
    return half;
  }
  return require('./engine') as typeof EngineHalf;
}
