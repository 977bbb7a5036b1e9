/**
 * The pure core: one engine behind the CLI, the language server and the preview.
 *
 * Layers, each a folder whose index.ts is its public surface, importing only
 * downward: types.ts and text.ts (shared words) < kinds < syntax < model < check <
 * config, features, render < compare (what changed between two versions), report (many plans at once).
 * Outside code imports this file or a group's index.
 *
 * Invariants: nothing in core/ imports vscode, an LSP library, fs or timers;
 * every finding's range lies inside the text and uses UTF-16 columns.
 */
export * from './types';
export * from './check';
export * from './config';
export * from './features';
export * from './render';
export * from './report';
export * from './kinds';
export { NATIONAL_MILESTONES, parseTimeline, type Plan } from './model';
export { changedLines, fastParse, LineIndex, ParseCache, parseIncremental, parseText, parseWithYaml, scanCharacters, toValue, tooDeepAt, type PMap, type PNode, type PPair, type PScalar, type PSeq } from './syntax';
export * from './compare';
