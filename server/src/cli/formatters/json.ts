import type { Formatter } from './types';

/**
 * The CLI contract's JSON (spec section 6): one entry per file, clean files
 * included, each diagnostic with exactly rule, severity, message and range.
 */
export const json: Formatter = (reports) =>
  JSON.stringify(
    reports.map((r) => ({
      file: r.file,
      diagnostics: r.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        range: {
          start: { line: d.range.start.line, character: d.range.start.character },
          end: { line: d.range.end.line, character: d.range.end.character },
        },
      })),
    })),
  ) + '\n';
