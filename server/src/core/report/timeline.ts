/**
 * The report's combined timeline as inline SVG, in the preview's visual
 * language (its classes and colours: rows, diamonds by status, a ring for
 * late, dashed red lines for national deadlines): under each national
 * milestone some plan delivers, one `g.row` per plan milestone that delivers
 * it, at its due date. PURE; no script, no style attributes.
 */
import { attr, dayNumber, esc, longDate, shortDate, STATUS_LABELS, token, truncate } from '../render';
import type { ReportModel } from './model';

const W = 960;
const LABEL_X = 10;
const PLOT_X0 = 320;
const PLOT_X1 = 944;
const TOP = 40;
const ROW_H = 24;
const BOTTOM = 30;
const HALF = 6;

const fyOf = (iso: string) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);
const r = (n: number) => String(Math.round(n * 10) / 10);
const fyName = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

export function renderReportTimeline(m: ReportModel): string {
  const groups = m.national.milestones.filter((n) => n.deliveries.length > 0);
  if (groups.length === 0) return '<p class="empty">No plan delivers a national milestone, so there is no combined timeline to draw.</p>';
  const dates = groups.flatMap((n) => [n.deadline, ...n.deliveries.flatMap((d) => (d.due ? [d.due] : []))]).filter((d) => !Number.isNaN(dayNumber(d)));
  if (m.asOf) dates.push(m.asOf);
  const firstFy = Math.min(...dates.map(fyOf));
  const lastFy = Math.max(...dates.map(fyOf));
  const d0 = dayNumber(`${firstFy}-04-01`);
  const d1 = dayNumber(`${lastFy + 1}-04-01`);
  const x = (iso: string) => PLOT_X0 + ((dayNumber(iso) - d0) / (d1 - d0)) * (PLOT_X1 - PLOT_X0);
  const rowCount = groups.reduce((n, g) => n + 1 + g.deliveries.length, 0);
  const bottom = TOP + rowCount * ROW_H;
  const out: string[] = [];
  const step = Math.max(1, Math.ceil((lastFy - firstFy + 1) / 10));
  for (let fy = firstFy; fy <= lastFy + 1; fy++) {
    const xa = x(`${fy}-04-01`);
    out.push(`<line class="grid" x1="${r(xa)}" y1="${TOP - 16}" x2="${r(xa)}" y2="${bottom}"/>`);
    if (fy <= lastFy && (fy - firstFy) % step === 0) out.push(`<text class="axis-label" x="${r((xa + x(`${fy + 1}-04-01`)) / 2)}" y="${TOP - 22}" text-anchor="middle">${esc(fyName(fy))}</text>`);
  }
  const lines: string[] = [];
  const marks: string[] = [];
  let row = 0;
  groups.forEach((n, gi) => {
    const y0 = TOP + row * ROW_H;
    const when = n.direction === 'not-before' ? `not before ${longDate(n.deadline)}` : `by ${longDate(n.deadline)}`;
    out.push(
      `<g class="national-row" data-national="${esc(n.id)}"><title>${esc(`National milestone N${gi + 1}: ${n.title}, ${when}`)}</title>` +
        `<rect class="row-bg" x="0" y="${y0}" width="${W}" height="${ROW_H}"/>` +
        `<text class="row-label national-label" x="${LABEL_X}" y="${y0 + ROW_H / 2 + 4}">${esc(truncate(`N${gi + 1} ${n.title}`, 46))}</text></g>`,
    );
    const yEnd = y0 + (1 + n.deliveries.length) * ROW_H;
    lines.push(`<g class="national"><title>${esc(`${n.title}: ${when}`)}</title><line x1="${r(x(n.deadline))}" y1="${y0 + 2}" x2="${r(x(n.deadline))}" y2="${yEnd}"/></g>`);
    row++;
    n.deliveries.forEach((d, i) => {
      const y = TOP + row * ROW_H;
      const yc = y + ROW_H / 2;
      const name = `${d.organisation ?? d.file} · ${d.milestone ?? d.title ?? 'milestone'}`;
      out.push(
        `<g class="row${i % 2 ? ' alt' : ''}"${attr('data-file', d.file)}${attr('data-id', d.milestone ?? undefined)}><title>${esc(`${d.file}: ${d.milestone ?? ''} ${d.title ?? ''}`.trim())}</title>` +
          `<rect class="row-bg" x="0" y="${y}" width="${W}" height="${ROW_H}"/>` +
          `<text class="row-label${d.late ? ' has-error' : ''}" x="${LABEL_X + 12}" y="${yc + 4}">${esc(truncate(name, 44))}</text></g>`,
      );
      if (d.due && !Number.isNaN(dayNumber(d.due))) {
        const xm = x(d.due);
        const status = d.status && STATUS_LABELS[d.status] ? d.status : 'unknown';
        const tip = [`${d.milestone ?? ''} ${d.title ?? ''}`.trim(), `due ${longDate(d.due)}`, STATUS_LABELS[status]?.toLowerCase() ?? 'no status', d.late ? `${d.daysLate} days after the national deadline` : ''].filter(Boolean).join(', ');
        marks.push(
          `<g class="ms st-${token(status)}${d.late ? ' overdue' : ''}"><title>${esc(tip)}</title>` +
            (d.late ? `<circle class="ring" cx="${r(xm)}" cy="${yc}" r="10"/>` : '') +
            `<path class="diamond" d="M${r(xm)} ${yc - HALF}L${r(xm + HALF)} ${yc}L${r(xm)} ${yc + HALF}L${r(xm - HALF)} ${yc}Z"/>` +
            (status === 'done' ? `<path class="tick" d="M${r(xm - 3)} ${yc}L${r(xm - 1)} ${yc + 2}L${r(xm + 3)} ${yc - 2}"/>` : '') +
            `</g>`,
        );
      }
      row++;
    });
  });
  if (m.asOf) {
    const xa = x(m.asOf);
    lines.push(`<g class="as-of"><title>${esc(`As of ${longDate(m.asOf)}`)}</title><line x1="${r(xa)}" y1="${TOP - 4}" x2="${r(xa)}" y2="${bottom + 6}"/><text x="${r(xa)}" y="${bottom + 20}" text-anchor="middle">${esc(`as of ${shortDate(m.asOf)}`)}</text></g>`);
  }
  const h = bottom + BOTTOM;
  const rows = groups.reduce((n, g) => n + g.deliveries.length, 0);
  return (
    `<div class="chart-scroll"><svg class="gantt combined" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(`Combined timeline: ${rows} plan milestones delivering ${groups.length} national milestones`)}" data-rows="${rows}">` +
    out.join('') +
    lines.join('') +
    marks.join('') +
    `</svg></div>` +
    legend()
  );
}

function legend(): string {
  return (
    `<ul class="legend">` +
    Object.entries(STATUS_LABELS)
      .map(([k, v]) => `<li><svg class="key" viewBox="-8 -8 16 16" aria-hidden="true"><g class="ms st-${k}"><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/>${k === 'done' ? '<path class="tick" d="M-3 0L-1 2L3 -2"/>' : ''}</g></svg>${esc(v)}</li>`)
      .join('') +
    `<li><svg class="key" viewBox="-12 -12 24 24" aria-hidden="true"><g class="ms overdue"><circle class="ring" r="10"/><path class="diamond" d="M0 -6L6 0L0 6L-6 0Z"/></g></svg>Late against the national deadline</li>` +
    `<li><svg class="key" viewBox="0 0 16 16" aria-hidden="true"><g class="national"><line x1="8" y1="0" x2="8" y2="16"/></g></svg>National deadline</li>` +
    `</ul>`
  );
}
