import type { Severity } from '../../core/types';
import type { Formatter } from './types';
import { printable } from '../../node/report';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;

const SEVERITY_COLOUR: Record<Severity, keyof typeof ANSI> = { error: 'red', warning: 'yellow', info: 'cyan' };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Like ESLint's stylish: each file with problems, then one aligned line per
 * problem (`line:column  severity  message  rule`, one-based), then a summary.
 */
export const stylish: Formatter = (reports, ctx) => {
  const paint = (style: (keyof typeof ANSI)[], text: string): string =>
    ctx.color ? style.map((s) => ANSI[s]).join('') + text + ANSI.reset : text;
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const out: string[] = [];
  for (const report of reports) {
    if (report.diagnostics.length === 0) continue;
    const rows = report.diagnostics.map((d) => {
      counts[d.severity]++;
      return {
        severity: d.severity,
        cells: [`${d.range.start.line + 1}:${d.range.start.character + 1}`, d.severity, printable(d.message.replace(/\s*\r?\n\s*/g, ' ')), d.rule],
      };
    });
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r.cells[i].length)));
    out.push('', paint(['underline'], printable(report.file)));
    for (const { severity, cells } of rows) {
      const [at, sev, message, rule] = cells;
      out.push(
        `  ${paint(['dim'], at.padEnd(widths[0]))}  ${paint([SEVERITY_COLOUR[severity]], sev.padEnd(widths[1]))}  ${message.padEnd(widths[2])}  ${paint(['dim'], rule)}`.trimEnd(),
      );
    }
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) {
    return `${paint(['green'], '✔')} No problems found (${plural(reports.length, 'file', 'files')} checked).\n`;
  }
  const parts = [plural(counts.error, 'error', 'errors'), plural(counts.warning, 'warning', 'warnings')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  const colour = counts.error > 0 ? 'red' : counts.warning > 0 ? 'yellow' : 'cyan';
  out.push('', paint(['bold', colour], `✖ ${plural(total, 'problem', 'problems')} (${parts.join(', ')})`));
  return out.join('\n') + '\n';
};
