/**
 * The report as one self-contained HTML page in the preview's visual language
 * (PREVIEW_CSS and the same classes): no script, no request of any kind (a
 * strict Content-Security-Policy says so to the browser too), prints on A4.
 * Every plan value is escaped; links go only to the plans' own files.
 */
import { esc, longDate, messageHtml, money, plural, PREVIEW_CSS, STATUS_LABELS, token, webviewHead } from '../render';
import type { ReportModel } from './model';
import { reportTables, type Cell, type Column, type Table } from './tables';
import { renderReportTimeline } from './timeline';

export interface ReportHtmlOptions {
  /** The page's heading (default "QIPP plans report"). */
  title?: string;
  /**
   * A page for a VS Code webview (the editor's overview) rather than the self-contained export:
   * the preview's webview head (CSP with the nonce, the script, the theme stylesheet), links
   * `<plan URI>#L<line>` for the panel to open, `main#qipp-overview`. Needs a well-formed nonce.
   */
  webview?: { nonce: string; cspSource?: string; scriptUri?: string; styleUri?: string; partial?: boolean };
}

/** How links to the plans are made: the export's safe ones, or the webview's (every link with a line). */
interface Links {
  hrefs: Map<string, string>;
  to(href: string | undefined, line?: number): string | undefined;
}

/** Extra rules for the report's own pieces; everything else is the preview's stylesheet. */
const REPORT_CSS = `
.report .summary-line { margin: 0.3em 0 0; }
.report table.report-table td, .report table.report-table th { font-size: 0.92em; }
.report tr.late td, .report tr.over td { color: var(--qp-error); }
.report .plan-problems { margin: 0.6em 0 1em; }
.report .plan-problems h3 { margin: 0.8em 0 0.3em; }
svg.combined .national-label { font-weight: 700; fill: var(--qp-national); }
/* On screen a wide table scrolls sideways rather than break words letter by letter; on paper it must fit. */
.report table.report-table th, .report table.report-table td { overflow-wrap: normal; }
.report table.report-table td.num, .report table.report-table td.date { white-space: nowrap; }
@media print {
  .report table.report-table th, .report table.report-table td, .report table.report-table td code { overflow-wrap: anywhere; white-space: normal; }
  .report section.timeline { break-before: page; }
  .report table.report-table { font-size: 0.8em; }
  .report table.report-table th, .report table.report-table td { padding: 2px 3px; }
}
`;

/** A link target for a plan's file: relative, or file:, https: or vscode: — nothing that could run. */
export function safeHref(href: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined || ['file', 'https', 'vscode', 'vscode-insiders'].includes(scheme) ? href : undefined;
}

const exportLinks = (hrefs: Map<string, string>): Links => ({ hrefs, to: (href, line) => (href === undefined ? undefined : safeHref(line === undefined ? href : `${href}#L${line}`)) });

/** The webview's links are the plans' own URIs (any file system the editor has), never a scheme that runs something. */
const webviewLinks = (hrefs: Map<string, string>): Links => ({
  hrefs,
  to: (href, line) => (href === undefined || /^\s*(javascript|data|vbscript|blob):/i.test(href) ? undefined : `${href}#L${line ?? 1}`),
});

function fileLink(links: Links, file: string, href: string | undefined, line?: number): string {
  const text = line === undefined ? file : `${file}:${line}`;
  const to = links.to(href, line);
  return to ? `<a href="${esc(to)}"><code>${esc(text)}</code></a>` : `<code>${esc(text)}</code>`;
}

function td(v: Cell, c: Column, links: Links): string {
  if (v === null) return c.type === 'money' || c.type === 'int' ? '<td class="num"></td>' : '<td></td>';
  if (c.key === 'file' && typeof v === 'string') return `<td>${fileLink(links, v, links.hrefs.get(v))}</td>`;
  if (typeof v === 'boolean') return `<td>${v ? 'yes' : 'no'}</td>`;
  if (c.type === 'money' && typeof v === 'number') return `<td class="num">${esc(money(v))}</td>`;
  if (typeof v === 'number') return `<td class="num">${esc(v)}</td>`;
  if (c.type === 'date') return `<td class="date">${esc(longDate(v))}</td>`;
  if (c.key === 'status' && STATUS_LABELS[v]) return `<td><span class="status st-${token(v)}">${esc(STATUS_LABELS[v])}</span></td>`;
  return `<td>${esc(v)}</td>`;
}

/** Rows a long delivery list shows on the page (the most pressing first); every one is in the json, csv and xlsx formats. */
const PAGE_ROWS = 100;

/** A table of the report; `rowClass` marks rows (late, over the cap); `max` shortens a long list. */
function htmlTable(full: Table, links: Links, rowClass?: (row: Cell[]) => string | undefined, empty = 'None.', max = Infinity): string {
  if (full.rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  const t = full.rows.length > max ? { ...full, rows: full.rows.slice(0, max) } : full;
  const more = full.rows.length > max ? `<p class="note">${esc(`The first ${max} of ${full.rows.length}; the json, csv and xlsx formats list every one.`)}</p>` : '';
  const head = t.columns.map((c) => `<th${c.type === 'money' || c.type === 'int' ? ' class="num"' : ''}>${esc(c.title)}</th>`).join('');
  const body = t.rows
    .map((row) => {
      const cls = rowClass?.(row);
      return `<tr class="${esc(['report-row', cls].filter(Boolean).join(' '))}">${row.map((v, i) => td(v, t.columns[i], links)).join('')}</tr>`;
    })
    .join('');
  return `<div class="chart-scroll"><table class="report-table" data-table="${esc(t.id)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${more}`;
}

function section(id: string, heading: string, inner: string): string {
  return `<section class="${esc(id)}"><h2>${esc(heading)}</h2>${inner}</section>`;
}

/** The problems of each plan, each linked to its file and line. */
function problemsHtml(m: ReportModel, links: Links): string {
  const byPlan = m.plans.filter((p) => p.errors + p.warnings + p.infos > 0);
  if (byPlan.length === 0) return '<p class="empty">No problems found in any plan.</p>';
  const byFile = new Map<string, ReportModel['problems']>();
  for (const x of m.problems) {
    const list = byFile.get(x.file);
    if (list) list.push(x);
    else byFile.set(x.file, [x]);
  }
  return byPlan
    .map((p) => {
      const items = (byFile.get(p.file) ?? [])
        .map((x) => `<li class="finding sev-${token(x.severity)}"><span class="sev">${esc(x.severity)}</span> ${messageHtml(x.message)} <span class="rule">${esc(x.rule)}</span> <span class="at">${fileLink(links, p.file, p.href, x.line)}</span></li>`)
        .join('');
      return `<div class="plan-problems"><h3>${fileLink(links, p.file, p.href)}</h3><ul class="findings">${items}</ul></div>`;
    })
    .join('');
}

export function renderReportHtml(m: ReportModel, options: ReportHtmlOptions = {}): string {
  const title = options.title ?? 'QIPP plans report';
  const tables = new Map(reportTables(m).map((t) => [t.id, t]));
  const t = (id: string) => tables.get(id)!;
  const hrefs = new Map(m.plans.map((p) => [p.file, p.href]));
  const head = options.webview ? webviewHead({ mode: 'webview', ...options.webview }, REPORT_CSS) : undefined;
  const links = head ? webviewLinks(hrefs) : exportLinks(hrefs);
  const col = (id: string, key: string) => t(id).columns.findIndex((c) => c.key === key);
  const flag = (id: string, key: string, cls: string) => (row: Cell[]) => (row[col(id, key)] === true ? cls : undefined);
  const s = m.summary;
  const when = m.asOf ? `Every plan judged as at ${longDate(m.asOf)}.` : 'Each plan judged as at its own as-of date.';
  const counts =
    `<p class="counts"><span class="count">${esc(plural(s.plans, 'plan'))}</span><span class="count errors">${esc(plural(s.errors, 'error'))}</span>` +
    `<span class="count warnings">${esc(plural(s.warnings, 'warning'))}</span><span class="count infos">${esc(`${s.infos} information`)}</span>` +
    `<span class="count">${esc(`${s.crossPlan} across plans`)}</span></p>`;
  const partial = head && options.webview?.partial ? `<p class="note">${esc('Still checking the plans of the workspace: this overview will fill in as they are read.')}</p>` : '';
  const body = [
    `<header class="plan-header"><p class="kind-label">Report across plans</p><h1>${esc(title)}</h1>${counts}${partial}` +
      `<p class="summary-line">${esc(`${when} ${plural(s.overdue, 'milestone')} overdue, ${s.dueSoon} due within ${m.horizonDays} days, ${plural(s.lateNational, 'milestone')} late against a national deadline.`)}</p></header>`,
    section('plans', 'Plans', htmlTable(t('plans'), links, undefined, 'No plans were found.')),
    section('problems', 'Problems', problemsHtml(m, links)),
    section(
      'money',
      'Money',
      `<h3>Totals by financial year</h3>${htmlTable(t('money-totals'), links)}<h3>Each plan by financial year</h3>${htmlTable(t('money-by-year'), links)}` +
        `<h3>The 2% non-recurring funds</h3>${htmlTable(t('non-recurrent-2pc'), links, flag('non-recurrent-2pc', 'overCap', 'over'))}` +
        `<h3>Financial support for named organisations</h3>${htmlTable(t('named-support'), links)}<h3>Regionally lodged funds</h3>${htmlTable(t('regional-funds'), links)}`,
    ),
    section(
      'national',
      'National milestones',
      `${htmlTable(t('national-milestones'), links, flag('national-milestones', 'late', 'late'), 'No plan delivers a national milestone.')}` +
        `<h3>Late against the national deadline</h3>${htmlTable(t('national-late'), links, undefined, 'No milestone is late against its national deadline.')}` +
        `<h3>Regional plans missing the split or the new commissioning landscape</h3>${htmlTable(t('national-missing'), links, undefined, 'Every regional plan delivers milestones of both.')}`,
    ),
    section(
      'delivery',
      'Delivery',
      `<h3>By plan and organisation</h3>${htmlTable(t('delivery-by-owner'), links, undefined, 'No milestone is overdue or due soon.', PAGE_ROWS)}` +
        `<h3>Milestones overdue</h3>${htmlTable(t('overdue'), links, undefined, 'No milestone is overdue.', PAGE_ROWS)}<h3>${esc(t('due-soon').title)}</h3>${htmlTable(t('due-soon'), links, undefined, 'No milestone falls due in that time.', PAGE_ROWS)}` +
        `<h3>Delivery confidence (RAG)</h3>${htmlTable(t('rag'), links)}<h3>Highest-scoring risks</h3>${htmlTable(t('risks'), links, undefined, 'No plan scores a risk.')}`,
    ),
    section('timeline', 'Combined timeline', renderReportTimeline(m)),
    head ? `<footer class="generated">${esc(`The plans of this workspace: ${plural(s.plans, 'plan')}.`)}</footer>` : `<footer class="generated">Written by qipp report from ${esc(plural(s.plans, 'plan'))}.</footer>`,
  ].join('\n');
  if (head) {
    return (
      `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n${head.join('\n')}\n<title>${esc(title)}</title>\n</head>\n` +
      `<body class="qipp-preview webview qipp-report">\n<main class="plan report" id="qipp-overview">\n${body}\n</main>\n</body>\n</html>\n`
    );
  }
  return (
    `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="qipp-plans">\n` +
    `<style>${PREVIEW_CSS}${REPORT_CSS}</style>\n<title>${esc(title)}</title>\n</head>\n` +
    `<body class="qipp-preview export qipp-report">\n<main class="plan report">\n${body}\n</main>\n</body>\n</html>\n`
  );
}
