/**
 * catalogue: every rule id with its default severity and its help, the RuleId
 * type derived from it, and the engine's configuration (severities by rule
 * id). Data and types only, importing nothing but the shared words, so the
 * small CLI bundle (core/light.ts) can read it without the engine.
 */
export * from './catalogue';
