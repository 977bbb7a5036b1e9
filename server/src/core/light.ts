/**
 * The light surface of the core: what the small CLI bundle (dist/cli.js, which
 * finds plan files, replays cached results and writes reports) may use without
 * loading the engine. The kinds, the rule catalogue, how configuration
 * layers resolve and the cross-plan rules over plans' facts: no YAML reader, no ajv. test/unit/light.test.mjs holds
 * dist/cli.js to that.
 */
export * from './kinds';
export * from './catalogue';
export { CONFIG_FILE_NAME, resolveConfig, type ConfigLayer } from './config/resolve';
// The cross-plan rules work on each plan's facts (plain data, kept in the cache), so a cached run needs no engine.
export { crossPlanFindings, type CrossPlan } from './check/cross';
export type { PlanFacts } from './check/facts';
