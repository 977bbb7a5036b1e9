/**
 * The report's tables as text: csv (one file per table) and Markdown short
 * enough for a pull-request comment. Plan text is escaped for each: a csv
 * cell never starts a spreadsheet formula, a Markdown cell never makes a
 * link, an image or HTML.
 */
import { longDate, money, plural } from '../render';
import type { ReportModel } from './model';
import type { Cell, Column, Table } from './tables';

/** One table as CSV (RFC 4180, CRLF line ends, with a byte-order mark so that spreadsheets read it as UTF-8). */
export function tableCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.title, 'text')), ...table.rows.map((row) => row.map((v, i) => csvCell(v, table.columns[i].type)))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function csvCell(v: Cell, type: Column['type']): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula: keep it text.
  let s = type === 'text' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** Plan text in a Markdown table cell: on one line, every character that could start emphasis, code, a link, an image or HTML escaped. */
export function mdText(v: unknown): string {
  return String(v ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>!|~&]/g, (c) => `\\${c}`);
}

const cell = (v: Cell, type: Column['type']): string => {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return type === 'money' ? mdText(money(v)) : String(v);
  return type === 'date' ? longDate(v) : mdText(v);
};

/** A Markdown table of at most `max` rows, saying how many more there are. */
function mdTable(table: Table, keys: readonly string[], max: number): string {
  const cols = keys.map((k) => table.columns.findIndex((c) => c.key === k)).filter((i) => i >= 0);
  if (table.rows.length === 0) return '_None._\n';
  const head = `| ${cols.map((i) => table.columns[i].title).join(' | ')} |\n|${cols.map((i) => (['int', 'money'].includes(table.columns[i].type) ? '---:' : '---')).join('|')}|\n`;
  const body = table.rows
    .slice(0, max)
    .map((r) => `| ${cols.map((i) => cell(r[i], table.columns[i].type)).join(' | ')} |`)
    .join('\n');
  const more = table.rows.length > max ? `\n\n…and ${plural(table.rows.length - max, 'more row')} in the full report.` : '';
  return `${head}${body}${more}\n`;
}

/** The report in Markdown for a pull-request comment: the counts, the plans, the totals and what needs attention. */
export function reportMarkdown(m: ReportModel, tables: readonly Table[]): string {
  const t = (id: string) => tables.find((x) => x.id === id)!;
  const s = m.summary;
  const when = m.asOf ? `judged as at ${longDate(m.asOf)}` : "each plan judged as at its own `as_of`";
  const cross = t('problems');
  const crossOnly: Table = { ...cross, rows: cross.rows.filter((r) => String(r[4]).startsWith('cross-')) };
  return [
    '## QIPP plans report',
    '',
    `${plural(s.plans, 'plan')}, ${when}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} (${s.crossPlan} across plans); ` +
      `${plural(s.overdue, 'milestone')} overdue, ${s.dueSoon} due within ${m.horizonDays} days; ${plural(s.lateNational, 'milestone')} late against a national deadline.`,
    '',
    '### Plans',
    '',
    mdTable(t('plans'), ['file', 'kind', 'organisation', 'status', 'asOf', 'errors', 'warnings'], 30),
    '### Money totals',
    '',
    mdTable(t('money-totals'), ['label', 'year', 'target', 'recurrent', 'oneOff', 'gap'], 20),
    '### Late against the national deadline',
    '',
    mdTable(t('national-late'), ['national', 'deadline', 'file', 'milestone', 'due'], 10),
    '### Across plans',
    '',
    mdTable(crossOnly, ['file', 'line', 'rule', 'message'], 10),
    '### Milestones overdue',
    '',
    mdTable(t('overdue'), ['file', 'milestone', 'title', 'owner', 'due', 'status'], 10),
  ].join('\n');
}
