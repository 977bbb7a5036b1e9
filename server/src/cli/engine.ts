/**
 * The CLI's engine half: everything that needs the plan engine, the YAML
 * parser or the language server. The CLI's own bundle (dist/cli.js) finds the
 * plans, replays the cache and formats reports; it loads this half
 * (dist/cli-engine.js) through lazy.ts only when a plan has to be checked or
 * read, so that a `--cache` run whose every plan is unchanged starts in a
 * fraction of the time.
 */
export { checkAll, useCodeCacheForWorkers } from '../node/check';
export { readConfigFile } from '../node/config-file';
export { runPreview } from './preview';
export { runDiff } from './diff';
export { runReport } from './report';

import { createEngine, type EngineConfig } from '../core';

/** Why the extra schemas of a configuration cannot be used (one sentence each); none when they compile. */
export function schemaProblems(config: EngineConfig): readonly string[] {
  return config.extraSchemas?.length ? createEngine(config).problems : [];
}

import type * as Server from '../lsp/server';

/**
 * `qipp server`: the language server, initialised only when asked for. Its
 * libraries are most of this bundle's start-up work, which `qipp validate`
 * and its worker threads would otherwise pay on every run.
 */
export function startServer(transport: Parameters<typeof Server.startServer>[0]): Promise<number> {
  return (require('../lsp/server') as typeof Server).startServer(transport);
}
