/**
 * What checking a plan file gives, as every face reports it: the CLI's formats,
 * the cache, the language server's workspace pass.
 */
import type { Range, Severity } from '../core/types';

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

/** A file's diagnostics as the json format writes them: exactly rule, severity, message and range, in that order. */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      range: {
        start: { line: d.range.start.line, character: d.range.start.character },
        end: { line: d.range.end.line, character: d.range.end.character },
      },
    })),
  );
}
