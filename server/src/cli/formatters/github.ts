import { toPosix } from '../../node/discover';
import type { Severity } from '../../core/types';
import type { Formatter } from './types';
import { printable } from '../../node/report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub's escaping of a workflow command's message; control and bidi characters from plan text are shown as escapes (report.ts printable). */
export function escapeData(s: string): string {
  return printable(s, true).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value: also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, one annotation per diagnostic:
 * `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::message`
 * (one-based; warning is ::warning, info is ::notice).
 */
export const github: Formatter = (reports) => {
  const lines: string[] = [];
  for (const report of reports) {
    const file = escapeProperty(toPosix(report.file));
    for (const d of report.diagnostics) {
      const { start, end } = d.range;
      const props = `file=${file},line=${start.line + 1},col=${start.character + 1},endLine=${end.line + 1},endColumn=${end.character + 1},title=${escapeProperty(d.rule)}`;
      lines.push(`::${COMMAND[d.severity]} ${props}::${escapeData(d.message)}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
};
