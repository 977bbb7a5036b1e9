/**
 * kinds: the table of plan kinds (names, sections, what the preview does for
 * each), their starter plans, and whether a file is a plan. The lowest layer:
 * imports only the shared words, so that every face, the extension client
 * included (through server/src/protocol.ts), can use it without the engine.
 */
export { isPlanKind, KINDS, kindInfo, PLAN_KINDS, PLAN_KINDS_IN_WORDS, type CellFormat, type InitiativeSection, type KindInfo, type PlanKind, type PreviewSection } from './table';
export { isPlanFile, PLAN_FILE_NAME, SNIFF_BYTES, sniffKind, topLevelKind, YAML_FILE_NAME } from './planFile';
export { starterPlan, STARTER_KINDS, type StarterOptions } from './starters';
