/**
 * model: the typed plan and the plan vocabulary. Dates and financial
 * years, organisations and their sides, the national milestones.
 * Built from the syntax tree (every value keeps its span); knows nothing of the
 * JSON Schemas, the rules or any face.  */
export * from './formats';
export * from './plan';
export * from './timeline';
export * from './vocabulary';
