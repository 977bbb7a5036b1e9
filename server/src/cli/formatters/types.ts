import type { Range, Severity } from '../../core/types';

/** One diagnostic as every report format sees it (zero-based, UTF-16, as in LSP). */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
}

/** The result for one file; clean files have an empty list. */
export interface FileReport {
  /** The path as reports show it: relative to the working folder when inside it. */
  file: string;
  diagnostics: Diagnostic[];
}

export interface FormatContext {
  /** The working folder, the base of relative paths. */
  cwd: string;
  /** qipp's version, for SARIF. */
  version: string;
  /** Whether the stylish format may use ANSI colours. */
  color: boolean;
}

/** Turns the reports into the text written to stdout or `--output`. Pure. */
export type Formatter = (reports: readonly FileReport[], ctx: FormatContext) => string;
