/**
 * The two timelines overlaid: for each initiative whose milestones moved,
 * came or went, the old due date as a hollow diamond, the new one filled, and
 * an arrow between them, so that a slip is seen at a glance. Data (from the
 * plans) and drawing (inline SVG, colour from CSS classes only).
 */
import { type Milestone, type Plan } from '../model';
import { dayNumber, esc, shortDate, token } from '../render';
import type { NationalMilestone } from '../types';
import type { Change, TimelineDiff } from './types';

/** At most this many rows are drawn; the lists below the chart have every change. */
export const MAX_ROWS = 60;

export function timelineOf(changes: readonly Change[], a: Plan, b: Plan, timeline: readonly NationalMilestone[]): TimelineDiff {
  const touched = new Set<string>();
  for (const c of changes) {
    if ((c.type === 'milestone-due' || c.type === 'milestone-added' || c.type === 'milestone-removed') && c.initiative) touched.add(c.initiative);
  }
  const lookup = (p: Plan, id: string) => {
    const d = p.byId.get(id);
    return d && (d.what === 'initiative' || d.what === 'improvement') ? (d.entity as Plan['initiatives'][number]) : undefined;
  };
  const rows: TimelineDiff['rows'] = [];
  const delivered = new Set<string>();
  for (const id of touched) {
    const o = lookup(a, id);
    const n = lookup(b, id);
    const ms = new Map<string, TimelineDiff['rows'][number]['milestones'][number]>();
    const put = (m: Milestone, side: 'old' | 'new') => {
      if (!m.id) return;
      const e = ms.get(m.id.value) ?? { id: m.id.value, title: m.title ?? null, old: null, new: null, status: null };
      e[side] = m.due?.value ?? null;
      if (side === 'new' || e.status === null) e.status = m.status ?? null;
      if (m.delivers) delivered.add(m.delivers.value);
      ms.set(m.id.value, e);
    };
    for (const m of o?.milestones ?? []) put(m, 'old');
    for (const m of n?.milestones ?? []) put(m, 'new');
    rows.push({ initiative: id, title: (n ?? o)?.title ?? null, milestones: [...ms.values()] });
  }
  const national = timeline.filter((t) => delivered.has(t.id)).map((t) => ({ id: t.id, title: t.title, deadline: t.deadline }));
  return { rows, national, asOf: { old: a.asOf ?? null, new: b.asOf ?? null } };
}

const W = 960;
const X0 = 250;
const X1 = 944;
const TOP = 40;
const ROW = 30;
const r = (n: number) => Math.round(n * 10) / 10;

function diamond(x: number, y: number, cls: string, tip: string): string {
  return `<path class="${cls}" d="M${r(x)} ${r(y - 7)}L${r(x + 7)} ${y}L${r(x)} ${r(y + 7)}L${r(x - 7)} ${y}Z"><title>${esc(tip)}</title></path>`;
}

function rowSvg(row: TimelineDiff['rows'][number], y: number, x: (iso: string) => number): string {
  const parts = [`<text class="row-label" x="10" y="${y + 4}">${esc(`${row.initiative}${row.title ? ` ${row.title}` : ''}`.slice(0, 38))}</text>`];
  for (const m of row.milestones) {
    const what = `${m.id}${m.title ? `: ${m.title}` : ''}`;
    if (m.old && m.new && m.old !== m.new) {
      const cls = m.new > m.old ? 'slipped' : 'brought-forward';
      parts.push(`<line class="move ${cls}" x1="${r(x(m.old))}" y1="${y}" x2="${r(x(m.new))}" y2="${y}" marker-end="url(#qd-arrow-${cls})"/>`);
    }
    if (m.old && m.old !== m.new) parts.push(diamond(x(m.old), y, `dm old`, `${what}: was due ${shortDate(m.old)}${m.new ? '' : ' (removed)'}`));
    if (m.new) parts.push(diamond(x(m.new), y, `dm new st-${token(m.status ?? undefined)}${m.old ? '' : ' added'}`, `${what}: due ${shortDate(m.new)}${m.old ? (m.old === m.new ? '' : `, was ${shortDate(m.old)}`) : ' (added)'}`));
  }
  return `<g class="row">${parts.join('')}</g>`;
}

/** The overlay as inline SVG, or nothing when no milestone moved, came or went. */
export function renderOverlay(t: TimelineDiff): string {
  const rows = t.rows.slice(0, MAX_ROWS);
  const dates = rows.flatMap((row) => row.milestones.flatMap((m) => [m.old, m.new])).filter((d): d is string => !!d);
  if (dates.length === 0) return '';
  dates.push(...t.national.map((n) => n.deadline), ...[t.asOf.old, t.asOf.new].filter((d): d is string => !!d));
  const fy = (iso: string) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);
  const first = Math.min(...dates.map(fy));
  const last = Math.max(...dates.map(fy));
  const d0 = dayNumber(`${first}-04-01`);
  const d1 = dayNumber(`${last + 1}-04-01`);
  const x = (iso: string) => X0 + ((dayNumber(iso) - d0) / (d1 - d0)) * (X1 - X0);
  const bottom = TOP + rows.length * ROW;
  const parts: string[] = [];
  for (let y = first; y <= last + 1; y++) {
    parts.push(`<line class="grid" x1="${r(x(`${y}-04-01`))}" y1="${TOP - 10}" x2="${r(x(`${y}-04-01`))}" y2="${bottom}"/>`);
    if (y <= last) parts.push(`<text class="axis-label" x="${r((x(`${y}-04-01`) + x(`${y + 1}-04-01`)) / 2)}" y="${TOP - 16}" text-anchor="middle">${y}/${String((y + 1) % 100).padStart(2, '0')}</text>`);
  }
  for (const n of t.national) parts.push(`<line class="national" x1="${r(x(n.deadline))}" y1="${TOP - 10}" x2="${r(x(n.deadline))}" y2="${bottom}"><title>${esc(`${n.title} (${n.id}): ${shortDate(n.deadline)}`)}</title></line>`);
  for (const [side, d] of [['old', t.asOf.old], ['new', t.asOf.new]] as const) {
    if (d) parts.push(`<line class="as-of ${side}" x1="${r(x(d))}" y1="${TOP - 10}" x2="${r(x(d))}" y2="${bottom}"><title>${esc(`As of ${shortDate(d)} (${side === 'old' ? 'old' : 'new'} version)`)}</title></line>`);
  }
  rows.forEach((row, i) => parts.push(rowSvg(row, TOP + i * ROW + ROW / 2, x)));
  const arrow = (cls: string) => `<marker id="qd-arrow-${cls}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="arrow ${cls}" d="M0 0L10 5L0 10Z"/></marker>`;
  const h = bottom + 16;
  return `<div class="chart-scroll"><svg class="diff-timeline" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="The old and new timelines overlaid"><defs>${arrow('slipped')}${arrow('brought-forward')}</defs>${parts.join('')}</svg></div>`;
}
