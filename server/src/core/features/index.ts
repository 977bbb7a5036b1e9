/**
 * features: what an editor asks of a plan at a position, as plain functions
 * over an Analysis: completion, hover, references and rename, symbols and
 * folding, quick fixes, and the cursor reading and skeletons they share.
 * Offsets in, offsets out: knows nothing of LSP (lsp/convert.ts maps them).
 */
export { complete, describeId, type CompleteOptions, type CompletionEntry, type CompletionKind } from './complete';
export { hover, type HoverOptions, type HoverResult } from './hover';
export { collectReferences, definitionAt, idAt, ID_PATTERN, prepareRename, referencesAt, REFERENCE_KEYS, renameAt, type IdHit, type Reference, type RefTarget, type RenameCheck, type TextEdit } from './references';
export { documentSymbols, foldingRanges, selectionSpans, type FoldingRange, type PlanSymbol, type SymbolKind } from './symbols';
export { correctYear, FIXES, fixesFor, type Fix, type FixOptions } from './fixes';
