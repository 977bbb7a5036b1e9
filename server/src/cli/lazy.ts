/**
 * The CLI's engine half (engine.ts), loaded on first use. In dist/cli.js the
 * build maps `./engine` to the separate bundle dist/cli-engine.js; anywhere
 * else it is bundled in as usual.
 */
import type * as EngineHalf from './engine';

let loaded: typeof EngineHalf | undefined;

export function engineHalf(): typeof EngineHalf {
  return (loaded ??= require('./engine') as typeof EngineHalf);
}
