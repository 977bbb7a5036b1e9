/**
 * Shared types of the pure core. Nothing here knows about LSP, VS Code or files.
 * Positions are zero-based lines and UTF-16 characters, as in LSP.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A span of the source text as UTF-16 offsets: [start, end). */
export type Span = readonly [number, number];

/**
 * One diagnostic, as every face (CLI, server, preview) reports it. The check
 * layer's findings name its rule ids (`Finding<RuleId>`); a face that reports
 * ids of its own (the CLI's `file-unreadable`) widens `Rule` to include them.
 */
export interface Finding<Rule extends string = string> {
  /** A rule id from the spec's catalogue (or one the project added). */
  rule: Rule;
  severity: Severity;
  /** Written for a planning lead, in British English. */
  message: string;
  range: Range;
  /** Offsets of the same range, for faces that edit text (quick fixes). */
  span: Span;
  /** Rule-specific facts a quick fix can use (never shown to a person). */
  data?: Record<string, unknown>;
}

export { isPlanKind, PLAN_KINDS, type PlanKind } from './kinds';

/** A national milestone (spec section 4). */
export interface NationalMilestone {
  id: string;
  title: string;
  /** ISO date. */
  deadline: string;
  /** The sentence of the source document it comes from. */
  source: string;
  /** `before`: due on or before the deadline (most); `not-before`: due on or after it (bridging). */
  direction: 'before' | 'not-before';
}

/** What a face can hand the engine so that it can read files the plan names, without the core touching fs. */
export interface AnalyzeContext {
  /**
   * Reads a file the plan names (`national_timeline:`), relative to the plan: its text, or why it
   * cannot be read (`unreadable`, a clause such as "it is outside the folder …"); undefined when it cannot.
   */
  readRelative?: (relativePath: string) => string | { unreadable: string } | undefined;
  /**
   * Which document the text is (the editor's URI), for an incremental engine:
   * the next analysis of the same document reuses this one's tree in place, so
   * only the newest analysis of a document keeps true positions.
   */
  document?: string;
}
