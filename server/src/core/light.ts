/**
 * The light surface of the core: what the small CLI bundle (dist/cli.js, which
 * finds plan files, replays cached results and writes reports) may use without
 * loading the engine. The kinds, the rule catalogue and how configuration
 * layers resolve: no YAML reader, no ajv. test/unit/light.test.mjs holds
 * dist/cli.js to that.
 */
export * from './kinds';
export * from './catalogue';
export { CONFIG_FILE_NAME, resolveConfig, type ConfigLayer } from './config/resolve';
