/**
 * The preview's timeline (Gantt) as inline SVG: the financial-year axis, one
 * row per initiative (or improvement) with a diamond per dated milestone,
 * arrows for `after`, a marker for each national milestone the plan delivers
 * and for `as_of`. PURE; geometry in viewBox units, colour from CSS classes.
 */
import { own } from '../text';
import { fyName } from '../model';
import type { Initiative, Milestone } from '../model';
import { r, STATUS_LABELS, type ChartContext } from './charts';
import { attr, dayNumber, esc, longDate, plural, shortDate, token, truncate } from './html';
import type { NationalMilestone } from '../types';

const W = 960;
const LABEL_X = 10;
const PLOT_X0 = 270;
const PLOT_X1 = 944;
const TOP = 64;
const ROW_H = 28;
const BOTTOM = 30;
const HALF = 7;

export interface TimelineInput {
  /** One row each, in plan order. */
  rows: readonly Initiative[];
  period?: { first: number; last: number };
  asOf?: string;
  /** The national milestones in force. */
  timeline: readonly NationalMilestone[];
}

type Period = TimelineInput['period'];

/** A national milestone and the plan's milestones that deliver it. */
interface Delivered {
  n: NationalMilestone;
  by: Milestone[];
}

/** The chart's time axis: the financial years shown and where a date falls. */
interface Scale {
  hasDates: boolean;
  firstFy: number;
  lastFy: number;
  /** The x of a date. */
  x(iso: string): number;
  /** The y of the bottom of the last row. */
  bottom: number;
}

/** The financial year (first calendar year) a date falls in. */
function fyOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 4 ? y : y - 1;
}

/**
 * The Gantt: one `g.row` per initiative (or improvement), a diamond per
 * milestone with a due date, coloured by status; arrows for `after`; a line
 * for each national milestone the plan delivers and for `as_of`.
 */
export function renderTimeline(input: TimelineInput, c: ChartContext): string {
  const { rows, period, asOf } = input;
  if (rows.length === 0) {
    return `<p class="empty">This plan has no initiatives yet, so there is no timeline to draw.</p>`;
  }
  const delivered = deliveredNational(rows, input.timeline);
  const scale = timeScale(rows, delivered, period, asOf);
  const national = nationalMarkers(scale, delivered, c);
  const drawn = timelineRows(scale, rows, asOf, c);
  const body = [
    timelineAxis(scale, period, rows.length),
    drawn.rows,
    national.lines,
    national.badges,
    asOfMarker(scale, asOf),
    `<g class="links">${timelineLinks(rows, drawn.pos, c)}</g>`,
    drawn.diamonds,
  ].join('');
  const svg = svgFrame(rows.length, TOP + rows.length * ROW_H + BOTTOM, body);
  const list = national.list.length ? `<h3>National milestones this plan delivers</h3><ol class="national-list">${national.list.join('')}</ol>` : '';
  const none = scale.hasDates ? '' : '<p class="note">No milestone has a due date yet, so the timeline has no dates to show.</p>';
  return svg + none + timelineLegend(asOf, national.list.length > 0) + list;
}

/** The national milestones the rows' milestones deliver, in the order first delivered. */
function deliveredNational(rows: readonly Initiative[], timeline: readonly NationalMilestone[]): Map<string, Delivered> {
  const national = new Map(timeline.map((n) => [n.id, n]));
  const delivered = new Map<string, Delivered>();
  for (const m of rows.flatMap((row) => row.milestones)) {
    const n = m.delivers && national.get(m.delivers.value);
    if (!n) continue;
    const entry = delivered.get(n.id) ?? { n, by: [] };
    entry.by.push(m);
    delivered.set(n.id, entry);
  }
  return delivered;
}

/** The financial years that hold every due date, national deadline, `as_of` and the period. */
function timeScale(rows: readonly Initiative[], delivered: Map<string, Delivered>, period: Period, asOf: string | undefined): Scale {
  const dated = rows.flatMap((row) => row.milestones.filter((m) => m.due));
  const dates = [...dated.map((m) => m.due!.value), ...[...delivered.values()].map((d) => d.n.deadline)];
  if (asOf) dates.push(asOf);
  if (period) dates.push(`${period.first}-04-01`, `${period.last + 1}-03-31`);
  // Without any date there is no axis; the rows are still drawn, one per initiative.
  const hasDates = dates.length > 0;
  const firstFy = hasDates ? Math.min(...dates.map(fyOf)) : 0;
  const lastFy = hasDates ? Math.max(...dates.map(fyOf)) : -1;
  const d0 = dayNumber(`${firstFy}-04-01`);
  const d1 = dayNumber(`${lastFy + 1}-04-01`);
  const x = (iso: string): number => PLOT_X0 + ((dayNumber(iso) - d0) / (d1 - d0)) * (PLOT_X1 - PLOT_X0);
  return { hasDates, firstFy, lastFy, x, bottom: TOP + rows.length * ROW_H };
}

/** Financial-year grid lines and labels (with many years only every k-th is labelled), and the period's band. */
function timelineAxis(s: Scale, period: Period, count: number): string {
  const { x, firstFy, lastFy, bottom } = s;
  const step = Math.max(1, Math.ceil((lastFy - firstFy + 1) / 12));
  const axis: string[] = [];
  for (let fy = firstFy; fy <= lastFy; fy++) {
    const xa = x(`${fy}-04-01`);
    const xb = x(`${fy + 1}-04-01`);
    axis.push(`<line class="grid" x1="${r(xa)}" y1="${TOP - 44}" x2="${r(xa)}" y2="${bottom}"/>`);
    if ((fy - firstFy) % step === 0) {
      const outside = period && (fy < period.first || fy > period.last) ? ' outside' : '';
      axis.push(`<text class="axis-label${outside}" x="${r((xa + xb) / 2)}" y="${TOP - 48}" text-anchor="middle">${esc(fyName(fy))}</text>`);
    }
  }
  if (s.hasDates) axis.push(`<line class="grid" x1="${r(x(`${lastFy + 1}-04-01`))}" y1="${TOP - 44}" x2="${r(x(`${lastFy + 1}-04-01`))}" y2="${bottom}"/>`);
  if (period) {
    const pa = x(`${period.first}-04-01`);
    const pb = x(`${period.last + 1}-04-01`);
    axis.unshift(`<rect class="period" x="${r(pa)}" y="${TOP}" width="${r(pb - pa)}" height="${count * ROW_H}"><title>The plan's period</title></rect>`);
  }
  return axis.join('');
}

/** National milestones: one line per deadline, a numbered badge above it, and the list below the chart. */
function nationalMarkers(s: Scale, delivered: Map<string, Delivered>, c: ChartContext): { lines: string; badges: string; list: string[] } {
  const groups = new Map<string, Delivered[]>();
  for (const d of [...delivered.values()].sort((a, b) => (a.n.deadline < b.n.deadline ? -1 : a.n.deadline > b.n.deadline ? 1 : 0))) {
    const g = groups.get(d.n.deadline) ?? [];
    g.push(d);
    groups.set(d.n.deadline, g);
  }
  const lines: string[] = [];
  const badges: string[] = [];
  const list: string[] = [];
  let number = 0;
  const lanes = [-Infinity, -Infinity];
  for (const [deadline, group] of groups) {
    const xn = s.x(deadline);
    const numbers = group.map(() => ++number);
    const names = group.map((d) => d.n.title).join('; ');
    const firstBy = group[0].by[0];
    const text = numbers.length > 1 ? `N${numbers[0]}–${numbers[numbers.length - 1]}` : `N${numbers[0]}`;
    const bw = 10 + 6.5 * text.length;
    // Two lanes of badges, so that deadlines close together stay readable.
    let lane = lanes.findIndex((end) => xn - bw / 2 >= end + 3);
    if (lane < 0) lane = lanes[0] <= lanes[1] ? 0 : 1;
    lanes[lane] = xn + bw / 2;
    const by = TOP - 21 - lane * 19;
    const dataLine = attr('data-line', firstBy.delivers ? c.line(firstBy.delivers.node.span) : undefined);
    const tip = `<title>${esc(`National milestone, ${longDate(deadline)}: ${names}`)}</title>`;
    lines.push(`<g class="national"${dataLine}>${tip}<line x1="${r(xn)}" y1="${by + 15}" x2="${r(xn)}" y2="${s.bottom}"/></g>`);
    // Badges are drawn after every line, so that no line crosses a badge.
    badges.push(
      `<g class="national"${dataLine}>${tip}` +
        `<rect class="badge" x="${r(xn - bw / 2)}" y="${by}" width="${r(bw)}" height="15" rx="3"/>` +
        `<text x="${r(xn)}" y="${by + 11}" text-anchor="middle">${esc(text)}</text>` +
        `</g>`,
    );
    group.forEach((d, i) => list.push(nationalItem(d, numbers[i], c)));
  }
  return { lines: lines.join(''), badges: badges.join(''), list };
}

/** One national milestone in the list below the chart. */
function nationalItem(d: Delivered, number: number, c: ChartContext): string {
  const by = d.by.map((m) => m.id?.value ?? m.title ?? 'a milestone').join(', ');
  const when = d.n.direction === 'not-before' ? `not before ${longDate(d.n.deadline)}` : `by ${longDate(d.n.deadline)}`;
  return `<li${attr('data-line', d.by[0].delivers ? c.line(d.by[0].delivers.node.span) : undefined)}><span class="n">N${number}</span> ${esc(d.n.title)}, ${esc(when)}; delivered by ${esc(by)}.</li>`;
}

/** The rows' backgrounds and labels, and their milestones' diamonds (drawn last, above the links). */
function timelineRows(s: Scale, rows: readonly Initiative[], asOf: string | undefined, c: ChartContext): { rows: string; diamonds: string; pos: Map<string, { x: number; y: number }> } {
  const pos = new Map<string, { x: number; y: number }>();
  const rowSvg: string[] = [];
  const diamonds: string[] = [];
  rows.forEach((ini, i) => {
    const y = TOP + i * ROW_H;
    const yc = y + ROW_H / 2;
    const name = [ini.id?.value, ini.title].filter(Boolean).join(' ') || 'Untitled';
    const side = ini.side ? ` side-${token(ini.side.value)}` : '';
    const worst = c.worst(ini.node.span);
    rowSvg.push(
      `<g class="row${i % 2 ? ' alt' : ''}${side}" data-line="${c.line(ini.node.span)}"${attr('data-id', ini.id?.value)}>` +
        `<title>${esc(name)}</title>` +
        `<rect class="row-bg" x="0" y="${y}" width="${W}" height="${ROW_H}"/>` +
        `<rect class="side-mark" x="0" y="${y + 3}" width="4" height="${ROW_H - 6}"/>` +
        `<text class="row-label${worst === 'error' ? ' has-error' : ''}" x="${LABEL_X}" y="${yc + 4}">${esc(truncate(name, 38))}</text>` +
        `</g>`,
    );
    for (const m of ini.milestones) {
      if (!m.due) continue;
      const xm = s.x(m.due.value);
      if (m.id) pos.set(m.id.value, { x: xm, y: yc });
      diamonds.push(diamond(m, m.due.value, xm, yc, asOf, c));
    }
  });
  return { rows: rowSvg.join(''), diamonds: diamonds.join(''), pos };
}

/** A milestone's diamond at (xm, yc): its status's colour, a ring when overdue or late, a tick when done. */
function diamond(m: Milestone, due: string, xm: number, yc: number, asOf: string | undefined, c: ChartContext): string {
  const status = own(STATUS_LABELS, m.status) !== undefined ? m.status! : 'unknown';
  const overdue = asOf !== undefined && due < asOf && m.status !== 'done';
  const problems = c.messages(m.node.span);
  const mWorst = c.worst(m.node.span);
  const classes = ['ms', `st-${status}`, overdue ? 'overdue' : '', mWorst ? `has-${mWorst}` : ''].filter(Boolean).join(' ');
  const tip = [`${m.id?.value ?? ''} ${m.title ?? ''}`.trim(), `due ${longDate(due)}`, own(STATUS_LABELS, status)?.toLowerCase() ?? 'no status', overdue ? 'overdue' : '', m.delivers ? `delivers ${m.delivers.value}` : '']
    .filter(Boolean)
    .join(', ');
  return (
    `<g class="${classes}" data-line="${c.line(m.node.span)}"${attr('data-id', m.id?.value)}>` +
    `<title>${esc([tip, ...problems].join('\n'))}</title>` +
    (overdue || status === 'late' ? `<circle class="ring" cx="${r(xm)}" cy="${yc}" r="11"/>` : '') +
    `<path class="diamond" d="M${r(xm)} ${yc - HALF}L${r(xm + HALF)} ${yc}L${r(xm)} ${yc + HALF}L${r(xm - HALF)} ${yc}Z"/>` +
    (status === 'done' ? `<path class="tick" d="M${r(xm - 3.5)} ${yc}L${r(xm - 1)} ${yc + 2.5}L${r(xm + 3.5)} ${yc - 2.5}"/>` : '') +
    `</g>`
  );
}

/** An arrow from each `after` milestone to the milestone that comes after it. */
function timelineLinks(rows: readonly Initiative[], pos: Map<string, { x: number; y: number }>, c: ChartContext): string {
  const links: string[] = [];
  for (const m of rows.flatMap((ini) => ini.milestones)) {
    const to = m.id && pos.get(m.id.value);
    if (!to) continue;
    for (const a of m.after) {
      const from = pos.get(a.value);
      if (!from) continue;
      const backwards = to.x < from.x;
      const x1 = from.x + HALF;
      const x2 = to.x - HALF - 2;
      const bend = Math.max(12, Math.abs(x2 - x1) / 2);
      links.push(
        `<path class="link${backwards ? ' backwards' : ''}" data-line="${c.line(a.node.span)}" d="M${r(x1)} ${from.y}C${r(x1 + bend)} ${from.y} ${r(x2 - bend)} ${to.y} ${r(x2)} ${to.y}" marker-end="url(#qp-arrow)"/>`,
      );
    }
  }
  return links.join('');
}

function asOfMarker(s: Scale, asOf: string | undefined): string {
  if (!asOf) return '';
  const xa = s.x(asOf);
  return (
    `<g class="as-of"><title>${esc(`As of ${longDate(asOf)}`)}</title>` +
    `<line x1="${r(xa)}" y1="${TOP - 4}" x2="${r(xa)}" y2="${s.bottom + 6}"/>` +
    `<text x="${r(xa)}" y="${s.bottom + 20}" text-anchor="middle">${esc(`as of ${shortDate(asOf)}`)}</text></g>`
  );
}

function timelineLegend(asOf: string | undefined, hasNational: boolean): string {
  return (
    `<ul class="legend">` +
    Object.entries(STATUS_LABELS)
      .map(([k, v]) => `<li><svg class="key" viewBox="-8 -8 16 16" aria-hidden="true"><g class="ms st-${k}"><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/>${k === 'done' ? '<path class="tick" d="M-3 0L-1 2L3 -2"/>' : ''}</g></svg>${esc(v)}</li>`)
      .join('') +
    `<li><svg class="key" viewBox="-12 -12 24 24" aria-hidden="true"><g class="ms overdue"><circle class="ring" r="10"/><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/></g></svg>Overdue or late</li>` +
    (asOf ? `<li><svg class="key" viewBox="0 0 16 16" aria-hidden="true"><g class="as-of"><line x1="8" y1="0" x2="8" y2="16"/></g></svg>As of date</li>` : '') +
    (hasNational ? `<li><svg class="key" viewBox="0 0 16 16" aria-hidden="true"><g class="national"><line x1="8" y1="0" x2="8" y2="16"/></g></svg>National milestone</li>` : '') +
    `</ul>`
  );
}

function svgFrame(count: number, height: number, body: string): string {
  const h = height || TOP + Math.max(1, count) * ROW_H + BOTTOM;
  return (
    `<div class="chart-scroll"><svg class="gantt" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(`Timeline of milestones: ${plural(count, 'row')}`)}" data-rows="${count}">` +
    `<defs><marker id="qp-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0 0L8 4L0 8Z"/></marker></defs>` +
    body +
    `</svg></div>`
  );
}
