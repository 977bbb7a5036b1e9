/**
 * The preview's sections shown as they are written: engagement, the aims of
 * each initiative section (for a kind with `sectionAims`) and the sections
 * only some kinds have (the kind table's `previewSections`).
 */
import { kindInfo, type PreviewSection } from '../kinds';
import { get, pairOf } from '../syntax';
import { pairLine, rawString, section, type Ctx } from './context';
import { findingsList } from './findings';
import { esc, planText, token } from './html';
import { tableOf, valueHtml } from './values';

export function engagementSection(c: Ctx): string {
  const p = pairOf(c.plan.root, 'engagement');
  if (!p) return '';
  const inner = p.value.type === 'map' ? valueHtml(c, p.value, 'engagement') : '<p class="missing">No engagement yet.</p>';
  return section('engagement', 'Engagement', c.line(p.span), inner + findingsList(c.claim(p.span)));
}

/** What only some kinds have (leadership and policy asks of a QIPP plan, the provider task's sections), in the kind's order. */
export function kindSections(c: Ctx): string {
  const info = kindInfo(c.plan.kind);
  return info.previewSections.map((s) => kindSection(c, s)).join('');
}

function kindSection(c: Ctx, s: PreviewSection): string {
  const p = pairOf(c.plan.root, s.key);
  if (!p) return '';
  const inner = s.columns ? tableOf(c, p.value, s.columns) : valueHtml(c, p.value, s.key);
  return section(`extra ${token(s.key)}`, s.heading, c.line(p.span), inner + findingsList(c.claim(p.span)));
}

/** The aims of each initiative section, for a kind whose sections have them. */
export function aimsSection(c: Ctx): string {
  const info = kindInfo(c.plan.kind);
  if (!info.sectionAims) return '';
  const parts: string[] = [];
  for (const s of info.initiativeSections) {
    const p = pairOf(c.plan.root, s);
    if (!p) continue;
    const aims = get(p.value, 'aims');
    const items = aims && aims.type === 'seq' ? aims.items : [];
    const list = items.length
      ? `<ul class="aims">${items.map((it) => `<li data-line="${c.line(it.span)}">${planText(rawString(it) ?? '')}</li>`).join('')}</ul>`
      : '<p class="missing">No aims yet.</p>';
    parts.push(`<div class="section-aims" data-line="${c.line(p.span)}"><h3>${esc(info.sectionHeadings[s])}</h3>${list}${findingsList(c.claim(p.span))}</div>`);
  }
  if (!parts.length) return '';
  return section('aims', 'Aims by section', pairLine(c, info.initiativeSections[0]), parts.join(''));
}
