/**
 * The preview's body of work: the initiatives' cards, split by side (the
 * commissioner/provider split) for a kind with a `splitHeading`, otherwise
 * listed under their section's heading.
 */
import { own } from '../text';
import { kindInfo, type KindInfo } from '../kinds';
import type { Initiative, Section } from '../model';
import { pairOf } from '../syntax';
import { sideOf } from './cards';
import { section, type Ctx } from './context';
import { findingsList } from './findings';
import { esc, plural, token } from './html';
import { SIDE_LABELS, SIDE_ORDER } from './labels';

/** The initiatives' cards (rendered before, innermost first), as the kind shows them. */
export function workSection(c: Ctx, cards: Map<Initiative, string>): string {
  const info = kindInfo(c.plan.kind);
  return info.splitHeading === undefined ? listSections(c, info, cards) : splitSection(c, info, info.splitHeading, cards);
}

/** Each initiative section with its cards, for a kind without a split by side. */
function listSections(c: Ctx, info: KindInfo, cards: Map<Initiative, string>): string {
  return info.initiativeSections
    .map((s) => {
      const p = pairOf(c.plan.root, s);
      const inner =
        c.plan.initiatives
          .filter((i) => i.section === s)
          .map((i) => cards.get(i))
          .join('') || `<p class="empty">No ${info.itemNoun}s yet.</p>`;
      return section(`work ${token(s)}`, info.sectionHeadings[s], p ? c.line(p.span) : 0, inner + (p ? findingsList(c.claim(p.span)) : ''));
    })
    .join('');
}

/** The commissioner/provider split: initiatives grouped by side, then by section. */
function splitSection(c: Ctx, info: KindInfo, heading: string, cards: Map<Initiative, string>): string {
  const { plan } = c;
  const bySide = new Map<string, Initiative[]>();
  for (const ini of plan.initiatives) {
    const side = sideOf(c, ini);
    bySide.set(side, [...(bySide.get(side) ?? []), ini]);
  }
  const groups = SIDE_ORDER.filter((s) => bySide.has(s)).map((side) => sideGroup(c, info, side, bySide.get(side)!, cards));
  // Where initiatives are the section's own list, findings on the section itself are shown here.
  const holders = info.nestedInitiatives ? [] : info.initiativeSections;
  const held = holders.map((h) => pairOf(plan.root, h)).map((hp) => (hp ? findingsList(c.claim(hp.span)) : ''));
  const inner = (groups.length ? `<div class="sides">${groups.join('')}</div>` : `<p class="empty">No ${info.itemNoun}s yet.</p>`) + held.join('');
  return section('work split', heading, plan.initiatives[0] ? c.line(plan.initiatives[0].node.span) : 0, inner);
}

/** One side of the split, its initiatives by section (labelled when the kind has several). */
function sideGroup(c: Ctx, info: KindInfo, side: string, list: Initiative[], cards: Map<Initiative, string>): string {
  const multiSection = info.initiativeSections.length > 1;
  const sections: Section[] = [...new Set(list.map((i) => i.section))];
  const inner = sections
    .map((s) => (multiSection ? `<p class="section-label">${esc(info.sectionHeadings[s])}</p>` : '') + list.filter((i) => i.section === s).map((i) => cards.get(i)).join(''))
    .join('');
  return `<section class="side-group side-${side}" data-line="${c.line(list[0].node.span)}"><h3>${esc(`${own(SIDE_LABELS, side) ?? side} (${plural(list.length, info.itemNoun)})`)}</h3>${inner}</section>`;
}
