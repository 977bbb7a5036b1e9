/**
 * check: the JSON Schemas of each kind and the rules, and
 * the pipeline that runs them over a text (createEngine / analyze) to give an
 * Analysis: the tree, the typed plan and every finding. Knows syntax and model;
 * knows nothing of editor features, the preview or any face.
 */
export { createEngine, warmUp, type Analysis, type Engine, type EngineOptions } from './analyze';
// The catalogue's words, for the code that works with findings (the catalogue group is below this one).
export { CATALOGUE, defaultRules, isRuleId, ruleInfo, type EngineConfig, type RuleId, type RuleInfo, type RuleSettings } from '../catalogue';
export { RULES, SCHEMA_RULES, type Rule, type RuleContext } from './rules';
export { BUILTIN_SCHEMAS, RULE_KEYWORD, type RawFinding } from './schema';
export { isYearly, propertiesAt, schemaAt, schemasAt, schemasFor, step, typeOf, type JsonSchema } from './schemanav';
export { planFacts, type FactPlace, type PlanFacts } from './facts';
export { CROSS_RULES, crossPlanFindings, crossPlanSteps, type CrossPlan } from './cross';
