/**
 * The diff as one self-contained HTML page in the preview's style: the
 * preview's stylesheet, the two timelines overlaid, the changes by group and
 * the money year by year. Every plan value is escaped; no script, no request.
 */
import { esc, messageHtml, PREVIEW_CSS, token } from '../render';
import { MAX_ROWS, renderOverlay } from './overlay';
import type { Change, DiffEntry, PlanDiff } from './types';
import { describe, FUND_WORDS, gapMove, groupHeading, grouped, hasTarget, headline, moneyMove, moneyRows } from './words';
import { FUND_LISTS } from './money';

/** The page's own additions to the preview's stylesheet. */
export const DIFF_CSS = `
svg.diff-timeline { display: block; width: 100%; min-width: 760px; height: auto; font-family: var(--qp-font); font-size: 12px; }
svg.diff-timeline .grid { stroke: var(--qp-grid); stroke-width: 1; }
svg.diff-timeline .axis-label, svg.diff-timeline .row-label { fill: var(--qp-fg); }
svg.diff-timeline .national { stroke: var(--qp-national); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg.diff-timeline .as-of { stroke: var(--qp-as-of); stroke-width: 1.5; }
svg.diff-timeline .as-of.old { stroke-dasharray: 2 3; }
svg.diff-timeline .dm.old { fill: var(--qp-bg); stroke: var(--qp-strong-border); stroke-width: 1.5; stroke-dasharray: 2 1.5; }
svg.diff-timeline .dm.new { fill: var(--qp-st-not-started); stroke: var(--qp-bg); stroke-width: 1.2; }
svg.diff-timeline .dm.new.st-on-track { fill: var(--qp-st-on-track); }
svg.diff-timeline .dm.new.st-at-risk { fill: var(--qp-st-at-risk); }
svg.diff-timeline .dm.new.st-late { fill: var(--qp-st-late); }
svg.diff-timeline .dm.new.st-done { fill: var(--qp-st-done); }
svg.diff-timeline .move { stroke-width: 2; }
svg.diff-timeline .move.slipped, svg.diff-timeline .arrow.slipped { stroke: var(--qp-red); fill: var(--qp-red); }
svg.diff-timeline .move.brought-forward, svg.diff-timeline .arrow.brought-forward { stroke: var(--qp-green); fill: var(--qp-green); }
.changes li { margin: 0.2em 0; }
.changes li.bad { color: var(--qp-error); }
.changes li.good { color: var(--qp-green); }
.diff-entry { margin-bottom: 2.5em; }
`;

export interface DiffHtmlOptions {
  /** The page's title (the plan's path, say). */
  title?: string;
  /** What the old and new versions are (paths, a git revision). */
  oldLabel?: string;
  newLabel?: string;
  /** The line (zero-based) of the new version a change is about, if any: written as `data-line` so that an editor can open it. */
  lineOf?: (c: Change) => number | undefined;
}

/** Whether a change is bad news (red) or good news (green) for the plan's delivery. */
function tone(c: Change): string {
  if ((c.type === 'milestone-due' && c.direction === 'slipped') || (c.type === 'milestone-overdue' && c.new) || (c.type === 'milestone-national' && c.new) || (c.type === 'finding-new' && c.severity === 'error')) return ' class="bad"';
  if ((c.type === 'milestone-status' && c.new === 'done') || c.type === 'finding-fixed' || (c.type === 'milestone-national' && !c.new)) return ' class="good"';
  return '';
}

function moneyTable(diff: PlanDiff): string {
  const targets = hasTarget(diff);
  const rows = moneyRows(diff).map((r) => {
    const target = targets ? `<td class="num">${esc(moneyMove(r.old?.target ?? null, r.new?.target ?? null))}</td><td class="num">${esc(gapMove(r.old?.gap, r.new?.gap))}</td>` : '';
    return `<tr><td>${esc(r.year)}</td><td class="num">${esc(moneyMove(r.old?.recurrent ?? 0, r.new?.recurrent ?? 0))}</td><td class="num">${esc(moneyMove(r.old?.oneOff ?? 0, r.new?.oneOff ?? 0))}</td>${target}</tr>`;
  });
  const funds = FUND_LISTS.filter((l) => diff.money.old.funds[l] !== diff.money.new.funds[l]).map((l) => `<p>${esc(`Total of ${FUND_WORDS[l]}: ${moneyMove(diff.money.old.funds[l], diff.money.new.funds[l])}`)}</p>`);
  if (!rows.length && !funds.length) return '';
  const table = rows.length ? `<table class="money-diff"><thead><tr><th>Year</th><th class="num">Recurrent savings</th><th class="num">One-off savings</th>${targets ? '<th class="num">Target</th><th class="num">Gap</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>` : '';
  return `<h3>Totals</h3>${table}${funds.join('')}`;
}


/** One plan's comparison as a section of the page. */
export function renderDiffSection(diff: PlanDiff, o: DiffHtmlOptions = {}): string {
  const groups = grouped(diff.changes).map(([group, list]) => {
    const items = list
      .map((c) => {
        const line = o.lineOf?.(c);
        return `<li${tone(c)} data-change="${esc(token(c.type))}"${line === undefined ? '' : ` data-line="${line}"`}>${messageHtml(describe(c, diff.new.kind))}</li>`;
      })
      .join('');
    return `<section class="diff-group"><h2>${esc(groupHeading(group, diff.new.kind))}</h2><ul class="changes">${items}</ul>${group === 'Money' ? moneyTable(diff) : ''}</section>`;
  });
  const overlay = renderOverlay(diff.timeline);
  const timeline = overlay
    ? `<section class="diff-group"><h2>Timeline</h2>${overlay}${diff.timeline.rows.length > MAX_ROWS ? `<p class="note">${esc(`The first ${MAX_ROWS} of ${diff.timeline.rows.length} rows whose milestones moved, came or went are drawn; the lists below have every change.`)}</p>` : ''}<p class="note">Hollow diamonds are the old due dates, filled ones the new, coloured by status; a red arrow is a slip, a green one a milestone brought forward. Red dashed lines are national deadlines; purple lines each version's as-of date.</p></section>`
    : '';
  const versions = o.oldLabel && o.newLabel ? `<p class="muted">${esc(`${o.oldLabel} → ${o.newLabel}`)}</p>` : '';
  return `<header class="plan-header"><p class="kind-label">What changed</p><h1>${esc(o.title ?? diff.new.title ?? 'Plan')}</h1>${versions}<p class="counts">${esc(headline(diff))}</p></header>${timeline}${groups.join('')}`;
}

function page(title: string, body: string): string {
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="qipp-plans">',
    `<style>${PREVIEW_CSS}${DIFF_CSS}</style>`,
    `<title>${esc(title)}</title>`,
  ];
  return `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n${head.join('\n')}\n</head>\n<body class="qipp-preview export">\n<main class="plan diff">${body}</main>\n</body>\n</html>\n`;
}

/** One comparison as a complete page. */
export function renderDiffHtml(diff: PlanDiff, options: DiffHtmlOptions = {}): string {
  return page(`What changed: ${options.title ?? diff.new.title ?? 'plan'}`, renderDiffSection(diff, options));
}

/** Several plans' comparisons (two folders) on one page. */
export function renderDiffReportHtml(entries: readonly DiffEntry[]): string {
  const body = entries.map((e) =>
    e.diff
      ? `<article class="diff-entry">${renderDiffSection(e.diff, { title: e.path, oldLabel: e.oldLabel, newLabel: e.newLabel })}</article>`
      : `<article class="diff-entry"><header class="plan-header"><h1>${esc(e.path)}</h1><p class="counts">${esc(e.only === 'new' ? `A new plan (not in ${e.oldLabel}).` : `Removed (only in ${e.oldLabel}).`)}</p></header></article>`,
  );
  return page('What changed', body.length ? body.join('') : '<p class="empty">No plans to compare.</p>');
}
