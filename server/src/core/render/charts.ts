/**
 * The preview's savings chart as inline SVG, and what the charts share (the
 * timeline is gantt.ts). PURE. Geometry uses viewBox units; all
 * colour comes from CSS classes (no style attributes), so themes and print
 * restyle them.
 */
import { esc, money } from './html';
import type { Severity, Span } from '../types';

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

/** Rounds chart coordinates so the HTML stays stable and small. */
export function r(n: number): string {
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
  years.forEach((yr, i) => parts.push(yearBar(yr, { cx: x0 + slot * (i + 0.5), barW, y, y0 }, targetLabel, showGaps)));
  parts.push(`<line class="axis" x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}"/>`);
  const defs = `<defs><pattern id="qp-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="hatch-bg" width="6" height="6"/><line class="hatch" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`;
  return `<div class="chart-scroll"><svg class="savings-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(`Savings by financial year against the ${targetLabel.toLowerCase()}`)}">${defs}${parts.join('')}</svg></div>`;
}

/** Where a year's bar stands: its centre, its width, the y of an amount and of the axis. */
interface BarGeometry {
  cx: number;
  barW: number;
  y(v: number): number;
  y0: number;
}

/** One year's bar: a segment per pillar, the one-off savings hatched, the target's line and the gap or surplus. */
function yearBar(yr: SavingsYear, { cx, barW, y, y0 }: BarGeometry, targetLabel: string, showGaps: boolean): string {
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
  return `<g class="year${gap ? ' has-gap' : ''}" data-line="${yr.line}">${segs.join('')}</g>`;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
