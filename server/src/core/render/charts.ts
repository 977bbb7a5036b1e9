/**
 * The preview's two charts as inline SVG: the timeline (Gantt) of milestones
 * and the savings by financial year. PURE. Geometry uses viewBox units; all
 * colour comes from CSS classes (no style attributes), so themes and print
 * restyle them.
 */
import { fyName } from '../model';
import type { Initiative, Milestone } from '../model';
import { attr, dayNumber, esc, money, plural, shortDate, token, truncate, longDate } from './html';
import type { NationalMilestone, Severity, Span } from '../types';
import { own } from '../text';

/** What the charts need from the renderer around them. */
export interface ChartContext {
  /** Zero-based source line of a span's start. */
  line(span: Span): number;
  /** The most severe finding whose start lies inside the span, if any. */
  worst(span: Span): Severity | undefined;
  /** Messages of the findings inside a span, for tooltips. */
  messages(span: Span): string[];
}

export const STATUS_LABELS: Record<string, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  late: 'Late',
  done: 'Done',
};

const W = 960;
const LABEL_X = 10;
const PLOT_X0 = 270;
const PLOT_X1 = 944;
const TOP = 64;
const ROW_H = 28;
const BOTTOM = 30;
const HALF = 7;

/** The financial year (first calendar year) a date falls in. */
function fyOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 4 ? y : y - 1;
}

export interface TimelineInput {
  /** One row each, in plan order. */
  rows: readonly Initiative[];
  period?: { first: number; last: number };
  asOf?: string;
  /** The national milestones in force. */
  timeline: readonly NationalMilestone[];
}

/**
 * The Gantt: one `g.row` per initiative (or improvement), a diamond per
 * milestone with a due date, coloured by status; arrows for `after`; a line
 * for each national milestone the plan delivers and for `as_of`.
 */
export function renderTimeline(input: TimelineInput, c: ChartContext): string {
  const { rows, period, asOf, timeline } = input;
  const dated = rows.flatMap((r) => r.milestones.filter((m) => m.due));
  const national = new Map(timeline.map((n) => [n.id, n]));
  const delivered = new Map<string, { n: NationalMilestone; by: Milestone[] }>();
  for (const m of rows.flatMap((r) => r.milestones)) {
    const n = m.delivers && national.get(m.delivers.value);
    if (!n) continue;
    const entry = delivered.get(n.id) ?? { n, by: [] };
    entry.by.push(m);
    delivered.set(n.id, entry);
  }

  const dates = [...dated.map((m) => m.due!.value), ...[...delivered.values()].map((d) => d.n.deadline)];
  if (asOf) dates.push(asOf);
  if (period) dates.push(`${period.first}-04-01`, `${period.last + 1}-03-31`);
  if (rows.length === 0) {
    return `<p class="empty">This plan has no initiatives yet, so there is no timeline to draw.</p>`;
  }
  // Without any date there is no axis; the rows are still drawn, one per initiative.
  const hasDates = dates.length > 0;
  const firstFy = hasDates ? Math.min(...dates.map(fyOf)) : 0;
  const lastFy = hasDates ? Math.max(...dates.map(fyOf)) : -1;
  const d0 = dayNumber(`${firstFy}-04-01`);
  const d1 = dayNumber(`${lastFy + 1}-04-01`);
  const x = (iso: string): number => PLOT_X0 + ((dayNumber(iso) - d0) / (d1 - d0)) * (PLOT_X1 - PLOT_X0);
  const height = TOP + rows.length * ROW_H + BOTTOM;
  const bottom = TOP + rows.length * ROW_H;

  // Financial-year bands and labels; with many years only every k-th is labelled.
  const years = lastFy - firstFy + 1;
  const step = Math.max(1, Math.ceil(years / 12));
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
  if (hasDates) axis.push(`<line class="grid" x1="${r(x(`${lastFy + 1}-04-01`))}" y1="${TOP - 44}" x2="${r(x(`${lastFy + 1}-04-01`))}" y2="${bottom}"/>`);
  if (period) {
    const pa = x(`${period.first}-04-01`);
    const pb = x(`${period.last + 1}-04-01`);
    axis.unshift(`<rect class="period" x="${r(pa)}" y="${TOP}" width="${r(pb - pa)}" height="${rows.length * ROW_H}"><title>The plan's period</title></rect>`);
  }

  // National milestones: one line per deadline, numbered to match the list below the chart.
  const groups = new Map<string, { n: NationalMilestone; by: Milestone[] }[]>();
  for (const d of [...delivered.values()].sort((a, b) => (a.n.deadline < b.n.deadline ? -1 : a.n.deadline > b.n.deadline ? 1 : 0))) {
    const g = groups.get(d.n.deadline) ?? [];
    g.push(d);
    groups.set(d.n.deadline, g);
  }
  const nationalSvg: string[] = [];
  const badges: string[] = [];
  const nationalList: string[] = [];
  let number = 0;
  const lanes = [-Infinity, -Infinity];
  for (const [deadline, group] of groups) {
    const xn = x(deadline);
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
    nationalSvg.push(`<g class="national"${dataLine}>${tip}<line x1="${r(xn)}" y1="${by + 15}" x2="${r(xn)}" y2="${bottom}"/></g>`);
    // Badges are drawn after every line, so that no line crosses a badge.
    badges.push(
      `<g class="national"${dataLine}>${tip}` +
        `<rect class="badge" x="${r(xn - bw / 2)}" y="${by}" width="${r(bw)}" height="15" rx="3"/>` +
        `<text x="${r(xn)}" y="${by + 11}" text-anchor="middle">${esc(text)}</text>` +
        `</g>`,
    );
    group.forEach((d, i) => {
      const by = d.by.map((m) => m.id?.value ?? m.title ?? 'a milestone').join(', ');
      const when = d.n.direction === 'not-before' ? `not before ${longDate(d.n.deadline)}` : `by ${longDate(d.n.deadline)}`;
      nationalList.push(
        `<li${attr('data-line', d.by[0].delivers ? c.line(d.by[0].delivers.node.span) : undefined)}><span class="n">N${numbers[i]}</span> ${esc(d.n.title)}, ${esc(when)}; delivered by ${esc(by)}.</li>`,
      );
    });
  }

  // Rows, then links above the rows' backgrounds and below the diamonds.
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
      const xm = x(m.due.value);
      if (m.id) pos.set(m.id.value, { x: xm, y: yc });
      const status = own(STATUS_LABELS, m.status) !== undefined ? m.status! : 'unknown';
      const overdue = asOf !== undefined && m.due.value < asOf && m.status !== 'done';
      const problems = c.messages(m.node.span);
      const mWorst = c.worst(m.node.span);
      const classes = ['ms', `st-${status}`, overdue ? 'overdue' : '', mWorst ? `has-${mWorst}` : ''].filter(Boolean).join(' ');
      const tip = [
        `${m.id?.value ?? ''} ${m.title ?? ''}`.trim(),
        `due ${longDate(m.due.value)}`,
        own(STATUS_LABELS, status)?.toLowerCase() ?? 'no status',
        overdue ? 'overdue' : '',
        m.delivers ? `delivers ${m.delivers.value}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      diamonds.push(
        `<g class="${classes}" data-line="${c.line(m.node.span)}"${attr('data-id', m.id?.value)}>` +
          `<title>${esc([tip, ...problems].join('\n'))}</title>` +
          (overdue || status === 'late' ? `<circle class="ring" cx="${r(xm)}" cy="${yc}" r="11"/>` : '') +
          `<path class="diamond" d="M${r(xm)} ${yc - HALF}L${r(xm + HALF)} ${yc}L${r(xm)} ${yc + HALF}L${r(xm - HALF)} ${yc}Z"/>` +
          (status === 'done' ? `<path class="tick" d="M${r(xm - 3.5)} ${yc}L${r(xm - 1)} ${yc + 2.5}L${r(xm + 3.5)} ${yc - 2.5}"/>` : '') +
          `</g>`,
      );
    }
  });
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
  let asOfSvg = '';
  if (asOf) {
    const xa = x(asOf);
    asOfSvg =
      `<g class="as-of"><title>${esc(`As of ${longDate(asOf)}`)}</title>` +
      `<line x1="${r(xa)}" y1="${TOP - 4}" x2="${r(xa)}" y2="${bottom + 6}"/>` +
      `<text x="${r(xa)}" y="${bottom + 20}" text-anchor="middle">${esc(`as of ${shortDate(asOf)}`)}</text></g>`;
  }
  const body = [axis.join(''), rowSvg.join(''), nationalSvg.join(''), badges.join(''), asOfSvg, `<g class="links">${links.join('')}</g>`, diamonds.join('')].join('');
  const svg = svgFrame(rows.length, height, body);
  const legend =
    `<ul class="legend">` +
    Object.entries(STATUS_LABELS)
      .map(([k, v]) => `<li><svg class="key" viewBox="-8 -8 16 16" aria-hidden="true"><g class="ms st-${k}"><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/>${k === 'done' ? '<path class="tick" d="M-3 0L-1 2L3 -2"/>' : ''}</g></svg>${esc(v)}</li>`)
      .join('') +
    `<li><svg class="key" viewBox="-12 -12 24 24" aria-hidden="true"><g class="ms overdue"><circle class="ring" r="10"/><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/></g></svg>Overdue or late</li>` +
    (asOf ? `<li><svg class="key" viewBox="0 0 16 16" aria-hidden="true"><g class="as-of"><line x1="8" y1="0" x2="8" y2="16"/></g></svg>As of date</li>` : '') +
    (nationalList.length ? `<li><svg class="key" viewBox="0 0 16 16" aria-hidden="true"><g class="national"><line x1="8" y1="0" x2="8" y2="16"/></g></svg>National milestone</li>` : '') +
    `</ul>`;
  const list = nationalList.length ? `<h3>National milestones this plan delivers</h3><ol class="national-list">${nationalList.join('')}</ol>` : '';
  const none = hasDates ? '' : '<p class="note">No milestone has a due date yet, so the timeline has no dates to show.</p>';
  return svg + none + legend + list;
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

/** Rounds chart coordinates so the HTML stays stable and small. */
function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export const PILLARS = ['quality', 'innovation', 'productivity', 'prevention'] as const;
export const PILLAR_LABELS: Record<string, string> = { quality: 'Quality', innovation: 'Innovation', productivity: 'Productivity', prevention: 'Prevention', none: 'No pillar' };

export interface SavingsYear {
  year: string;
  outsidePeriod: boolean;
  /** Recurrent savings by QIPP pillar (`none` for initiatives without one). */
  byPillar: Record<string, number>;
  /** One-off savings (`recurrent: false`), not counted against the target. */
  oneOff: number;
  target?: number;
  /** Source line of the year's target, or of the savings it shows. */
  line: number;
}

/** Recurrent savings of a year. */
export function recurrentTotal(y: SavingsYear): number {
  return Object.values(y.byPillar).reduce((a, b) => a + b, 0);
}

/** The gap to the target (positive: savings short of the target), or undefined without a target. */
export function gapOf(y: SavingsYear): number | undefined {
  if (y.target === undefined) return undefined;
  const gap = Math.round((y.target - recurrentTotal(y)) * 1000) / 1000;
  return Math.abs(gap) < 0.005 ? 0 : gap;
}

/** Stacked bars by pillar for each year, the target as a line across its bar, and the gap marked. */
export function renderSavingsChart(years: readonly SavingsYear[], targetLabel: string, showGaps: boolean): string {
  const w = 680;
  const h = 300;
  const x0 = 64;
  const x1 = w - 16;
  const y0 = 250;
  const y1 = 24;
  const max = Math.max(1, ...years.map((y) => Math.max(y.target ?? 0, recurrentTotal(y) + y.oneOff)));
  const stepSize = niceStep(max / 5);
  const top = Math.ceil(max / stepSize) * stepSize;
  const y = (v: number): number => y0 - (v / top) * (y0 - y1);
  const parts: string[] = [];
  for (let v = 0; v <= top + 1e-9; v += stepSize) {
    parts.push(`<line class="grid" x1="${x0}" y1="${r(y(v))}" x2="${x1}" y2="${r(y(v))}"/>`);
    parts.push(`<text class="axis-label" x="${x0 - 8}" y="${r(y(v) + 4)}" text-anchor="end">${esc(money(v))}</text>`);
  }
  const slot = (x1 - x0) / Math.max(1, years.length);
  const barW = Math.min(64, slot * 0.46);
  years.forEach((yr, i) => {
    const cx = x0 + slot * (i + 0.5);
    const bx = cx - barW / 2;
    let acc = 0;
    const segs: string[] = [];
    for (const p of [...PILLARS, 'none']) {
      const v = yr.byPillar[p] ?? 0;
      if (v <= 0) continue;
      segs.push(`<rect class="seg pillar-${p}" x="${r(bx)}" y="${r(y(acc + v))}" width="${r(barW)}" height="${r(y(acc) - y(acc + v))}"><title>${esc(`${yr.year}: ${PILLAR_LABELS[p]} ${money(v)}`)}</title></rect>`);
      acc += v;
    }
    if (yr.oneOff > 0) {
      segs.push(`<rect class="seg one-off" x="${r(bx)}" y="${r(y(acc + yr.oneOff))}" width="${r(barW)}" height="${r(y(acc) - y(acc + yr.oneOff))}"><title>${esc(`${yr.year}: one-off savings ${money(yr.oneOff)}, not counted against the target`)}</title></rect>`);
    }
    const gap = showGaps ? gapOf(yr) : undefined;
    if (yr.target !== undefined) {
      const ty = y(yr.target);
      if (gap !== undefined && gap > 0) {
        segs.push(`<rect class="gap" x="${r(bx)}" y="${r(ty)}" width="${r(barW)}" height="${r(y(yr.target - gap) - ty)}"><title>${esc(`${yr.year}: gap of ${money(gap)} to the target`)}</title></rect>`);
        segs.push(`<text class="gap-label" x="${r(cx + barW / 2 + 4)}" y="${r((ty + y(yr.target - gap)) / 2 + 4)}">${esc(`gap ${money(gap)}`)}</text>`);
      } else if (gap !== undefined && gap < 0) {
        segs.push(`<text class="over-label" x="${r(cx)}" y="${r(y(recurrentTotal(yr) + yr.oneOff) - 6)}" text-anchor="middle">${esc(`${money(-gap)} over`)}</text>`);
      }
      segs.push(`<line class="target" x1="${r(bx - 8)}" y1="${r(ty)}" x2="${r(bx + barW + 8)}" y2="${r(ty)}"><title>${esc(`${yr.year}: ${targetLabel.toLowerCase()} ${money(yr.target)}`)}</title></line>`);
    }
    segs.push(`<text class="axis-label${yr.outsidePeriod ? ' outside' : ''}" x="${r(cx)}" y="${y0 + 18}" text-anchor="middle">${esc(yr.year)}</text>`);
    parts.push(`<g class="year${gap ? ' has-gap' : ''}" data-line="${yr.line}">${segs.join('')}</g>`);
  });
  parts.push(`<line class="axis" x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}"/>`);
  const defs = `<defs><pattern id="qp-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"/><line class="hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`;
  return `<div class="chart-scroll"><svg class="savings-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(`Savings by financial year against the ${targetLabel.toLowerCase()}`)}">${defs}${parts.join('')}</svg></div>`;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
