import type { Diagnostic, Formatter } from './types';

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
 * The CLI contract's JSON (spec section 6): one entry per file, clean files
 * included, each diagnostic with exactly rule, severity, message and range.
 * A result replayed from the cache is written as it was stored.
 */
export const json: Formatter = (reports) =>
  `[${reports.map((r) => `{"file":${JSON.stringify(r.file)},"diagnostics":${r.stored?.json ?? diagnosticsJson(r.diagnostics)}}`).join(',')}]\n`;
