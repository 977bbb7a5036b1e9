/**
 * What checking a plan file gives, as every face reports it: the CLI's formats,
 * the cache, the language server's workspace pass.
 */
import type { Range, Severity } from '../core/types';
import type { ReportRuleId } from './rules';

/** One diagnostic as every report format sees it (zero-based, UTF-16, as in LSP). */
export interface Diagnostic {
  rule: ReportRuleId;
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

/**
 * Text from a plan made safe for a terminal or a CI log: control characters
 * (which could drive the terminal: ESC sequences, C1 controls) and the
 * bidirectional controls (which make text read other than it runs) are shown
 * as `\uXXXX` escapes. Line breaks and tabs are kept when `keepLines` is set.
 */
export function printable(text: string, keepLines = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    keepLines && (c === '\n' || c === '\r' || c === '\t') ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
