/**
 * One card per initiative (or action): an initiative card with its lead,
 * pillars and savings, or an improvement card with the five steps; each with
 * its milestones. Which card a kind uses is the kind table's `card`.
 */
import type { KindInfo } from '../kinds';
import { effectiveSide, type Initiative, type Milestone } from '../model';
import { get, pairOf } from '../syntax';
import { PILLAR_LABELS, STATUS_LABELS } from './charts';
import { rawString, type Ctx } from './context';
import { findingRow, findingsList } from './findings';
import { attr, esc, humanise, label, longDate, money, planText, token } from './html';
import { FIVE_STEPS, LEVEL_LABELS, RAG_LABELS, SCALE_LABELS } from './labels';
import { orgHtml } from './values';

/** The card of an initiative, by the kind's `card`. */
export const CARDS: Record<KindInfo['card'], (c: Ctx, ini: Initiative) => string> = {
  initiative: initiativeCard,
  improvement: improvementCard,
};

/** The side an initiative sits on in the split. */
export function sideOf(c: Ctx, ini: Initiative): string {
  return effectiveSide(c.plan, ini) ?? 'unknown';
}

function milestonesTable(c: Ctx, ini: Initiative): string {
  if (ini.milestones.length === 0) return '<p class="missing">No milestones yet.</p>';
  const asOf = c.plan.asOf;
  // The column of national milestones only where one is delivered.
  const showDelivers = ini.milestones.some((m) => get(m.node, 'delivers') !== undefined);
  const rows = ini.milestones.map((m: Milestone) => {
    const overdue = asOf !== undefined && m.due !== undefined && m.due.value < asOf && m.status !== 'done';
    const status = m.status ? `<span class="status st-${token(m.status)}">${esc(label(STATUS_LABELS, m.status))}</span>` : '<span class="muted">No status</span>';
    const owner = m.owner ? orgHtml(c, m.owner.value) : '<span class="muted">the lead</span>';
    const after = m.after.length ? `<br><span class="muted">after ${esc(m.after.map((x) => x.value).join(', '))}</span>` : '';
    const delivers = showDelivers ? `<td>${m.delivers ? esc(nationalTitle(c, m.delivers.value)) : ''}</td>` : '';
    const done = m.doneOn ? `<br><span class="muted">${esc(`done ${longDate(m.doneOn.value)}`)}</span>` : '';
    const due = m.due ? esc(longDate(m.due.value)) : esc(rawString(get(m.node, 'due')) ?? '');
    return (
      `<tr data-line="${c.line(m.node.span)}"${attr('data-id', m.id?.value)}>` +
      `<td><code>${esc(m.id?.value ?? '')}</code></td><td>${planText(m.title ?? '')}${after}</td>` +
      `<td class="num">${due}${overdue ? '<span class="flag">overdue</span>' : ''}</td><td>${status}${done}</td><td>${owner}</td>${delivers}</tr>` +
      findingRow(c, c.claim(m.node.span), showDelivers ? 6 : 5)
    );
  });
  return `<table class="milestones"><thead><tr><th>Id</th><th>Milestone</th><th class="num">Due</th><th>Status</th><th>Owner</th>${showDelivers ? '<th>Delivers</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function nationalTitle(c: Ctx, id: string): string {
  const n = c.a.timeline.find((t) => t.id === id);
  return n ? `${n.title} (${longDate(n.deadline)})` : id;
}

function savingsSummary(ini: Initiative): string | undefined {
  if (!ini.savings || ini.savings.years.length === 0) return undefined;
  const total = ini.savings.years.reduce((s, y) => s + y.value, 0);
  const years = ini.savings.years.map((y) => `${y.year}: ${money(y.value)}`).join(', ');
  return `${money(total)} in all (${years})${ini.recurrent ? '' : ', one-off'}`;
}

/** The facts of an initiative card, as [term, HTML] pairs. */
function initiativeMeta(c: Ctx, ini: Initiative): [string, string][] {
  const meta: [string, string][] = [];
  meta.push(['Lead', ini.lead ? orgHtml(c, ini.lead.value) : '<span class="missing">none</span>']);
  if (ini.clinicalLead) meta.push(['Clinical lead', planText(ini.clinicalLead)]);
  if (ini.side) meta.push(['Side', esc(humanise(ini.side.value))]);
  meta.push([
    'QIPP pillars',
    ini.pillars && ini.pillars.value.length
      ? `<ul class="chips">${ini.pillars.value.map((p) => `<li class="chip pillar-${token(p)}">${esc(label(PILLAR_LABELS, p))}</li>`).join('')}</ul>`
      : '<span class="missing">none</span>',
  ]);
  const level = ini.level ? label(LEVEL_LABELS, ini.level.value) : undefined;
  const scale = rawString(get(ini.node, 'scale'));
  if (level) meta.push(['Level', esc(level + (scale ? ` (${label(SCALE_LABELS, scale)})` : ''))]);
  const principles = get(ini.node, 'principles');
  if (principles && principles.type === 'seq' && principles.items.length) {
    meta.push(['Principles', esc(principles.items.map((p) => humanise(rawString(p) ?? '')).join(', '))]);
  }
  const savings = savingsSummary(ini);
  if (savings) meta.push(['Savings', esc(savings)]);
  const qia = get(ini.node, 'quality_impact');
  if (qia && qia.type === 'map') {
    const on = rawString(get(qia, 'assessed_on'));
    const summary = rawString(get(qia, 'summary'));
    meta.push(['Quality impact', `${summary ? planText(summary) : ''}${on ? ` <span class="muted">${esc(`(assessed ${longDate(on)})`)}</span>` : ''}`]);
  }
  if (ini.rationale) meta.push(['Rationale', planText(ini.rationale)]);
  if (ini.transfersToPublicHealth !== undefined) meta.push(['Moves to public health', ini.transfersToPublicHealth ? 'Yes' : 'No']);
  if (ini.dependsOn.length) meta.push(['Depends on', esc(ini.dependsOn.map((d) => d.value).join(', '))]);
  return meta;
}

function initiativeCard(c: Ctx, ini: Initiative): string {
  const milestones = milestonesTable(c, ini);
  const meta = initiativeMeta(c, ini);
  const rag = ini.rag ? `<span class="badge rag rag-${token(ini.rag)}" title="Delivery confidence">${esc(label(RAG_LABELS, ini.rag))}</span>` : '';
  const sideClass = ` side-${token(sideOf(c, ini))}`;
  return (
    `<article class="card initiative${sideClass}" data-line="${c.line(ini.node.span)}"${attr('data-id', ini.id?.value)}>` +
    `<header><h4><span class="id">${esc(ini.id?.value ?? '')}</span>${esc(ini.title ?? 'Untitled initiative')}</h4>${rag}</header>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    milestones +
    findingsList(c.claim(ini.node.span)) +
    `</article>`
  );
}

function improvementCard(c: Ctx, imp: Initiative): string {
  const milestones = milestonesTable(c, imp);
  const steps = FIVE_STEPS.map(([key, name]) => {
    const p = pairOf(imp.node, key);
    const text = p ? rawString(p.value) : undefined;
    return `<li${attr('data-line', p ? c.line(p.span) : undefined)}><span class="step-name">${esc(name)}:</span> ${text ? planText(text) : '<span class="missing">missing</span>'}${p ? findingsList(c.claim(p.span)) : ''}</li>`;
  }).join('');
  const meta: [string, string][] = [['Lead', imp.lead ? orgHtml(c, imp.lead.value) : '<span class="missing">none</span>']];
  if (imp.level) meta.push(['Level', esc(label(LEVEL_LABELS, imp.level.value))]);
  const leadership = rawString(get(imp.node, 'leadership'));
  if (leadership) meta.push(['Leadership', planText(leadership)]);
  const measures = get(imp.node, 'measures');
  if (measures && measures.type === 'seq' && measures.items.length) {
    meta.push(['Measures', `<ul class="chips">${measures.items.map((m) => `<li class="chip plain">${planText(rawString(m) ?? '')}</li>`).join('')}</ul>`]);
  }
  return (
    `<article class="card improvement" data-line="${c.line(imp.node.span)}"${attr('data-id', imp.id?.value)}>` +
    `<header><h4><span class="id">${esc(imp.id?.value ?? '')}</span>${esc(imp.title ?? 'Untitled improvement')}</h4></header>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    `<ol class="steps">${steps}</ol>` +
    milestones +
    findingsList(c.claim(imp.node.span)) +
    `</article>`
  );
}
