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
  /**
   * A result replayed from the cache: its diagnostics exactly as the json
   * format writes them (diagnosticsJson), and how many are errors and
   * warnings, so that a replayed run need not read them back into objects
   * (`diagnostics` then reads them on first use).
   */
  stored?: { json: string; errors: number; warnings: number };
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
