/**
 * syntax: text -> a plain YAML tree whose every node keeps its span.
 * Knows YAML 1.2 (core schema) and offsets/lines; knows nothing of plans,
 * kinds, rules or any face (LSP, files, VS Code). Never throws on bad input.
 */
export { ITEM, type PMap, type PNode, type PPair, type PScalar, type PSeq, type Seg, type SyntaxProblem } from './nodes';
export { get, MAX_EXPANDED_NODES, pairOf, parseText, parseWithYaml, toValue, type Parsed } from './parse';
export { fastParse } from './fastparse';
export { ParseCache, parseIncremental } from './incremental';
export { DepthMemo, MAX_NESTING, scanCharacters, tooDeepAt, tooDeepMessage } from './depth';
export { changedLines, LineIndex } from './lines';
export { decodePointer, describePath, holderSpan, locate, pairNamed, type Located } from './tree';
