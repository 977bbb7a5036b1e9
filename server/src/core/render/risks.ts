/** The preview's risks: the likelihood-by-impact grid and the table of risks. */
import type { Plan } from '../model';
import { pairOf } from '../syntax';
import { section, type Ctx } from './context';
import { findingRow, findingsList } from './findings';
import { attr, esc, planText } from './html';
import { orgHtml } from './values';

type Risk = Plan['risks'][number];

function band(score: number): 'low' | 'moderate' | 'high' | 'extreme' {
  return score >= 15 ? 'extreme' : score >= 8 ? 'high' : score >= 4 ? 'moderate' : 'low';
}

function scored(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 5;
}

export function risksSection(c: Ctx): string {
  const p = pairOf(c.plan.root, 'risks');
  if (!p) return '';
  return section('risks', 'Risks', c.line(p.span), riskGrid(c, c.plan.risks) + riskTable(c, c.plan.risks) + findingsList(c.claim(p.span)));
}

/** Each scored risk as a chip in its likelihood-by-impact cell. */
function riskGrid(c: Ctx, risks: readonly Risk[]): string {
  const cells = new Map<string, string[]>();
  for (const r of risks) {
    if (!scored(r.likelihood) || !scored(r.impact)) continue;
    const k = `${r.likelihood}:${r.impact}`;
    cells.set(k, [...(cells.get(k) ?? []), `<span class="risk-chip" data-line="${c.line(r.node.span)}"${attr('title', r.title)}>${esc(r.id?.value ?? '?')}</span>`]);
  }
  let grid = `<table class="risk-grid"><caption class="muted">Likelihood (up) by impact (across); score = likelihood × impact</caption><tbody>`;
  for (let l = 5; l >= 1; l--) {
    grid += `<tr>${l === 5 ? '<th rowspan="5" class="axis-name">Likelihood</th>' : ''}<th>${l}</th>`;
    for (let i = 1; i <= 5; i++) grid += `<td class="band-${band(l * i)}">${(cells.get(`${l}:${i}`) ?? []).join(' ')}</td>`;
    grid += `</tr>`;
  }
  grid += `<tr><td class="blank" colspan="2"></td>${[1, 2, 3, 4, 5].map((i) => `<th>${i}</th>`).join('')}</tr><tr><td class="blank" colspan="2"></td><th colspan="5" class="axis-name">Impact</th></tr></tbody></table>`;
  return grid;
}

/** One row per risk, with its findings. */
function riskTable(c: Ctx, risks: readonly Risk[]): string {
  if (!risks.length) return '<p class="empty">No risks recorded.</p>';
  const rows = risks.map((r) => {
    const score = scored(r.likelihood) && scored(r.impact) ? r.likelihood * r.impact : undefined;
    const affects = r.affects.length ? esc(r.affects.map((a) => a.value).join(', ')) : '';
    return (
      `<tr data-line="${c.line(r.node.span)}"><td><code>${esc(r.id?.value ?? '')}</code></td><td>${planText(r.title ?? '')}</td>` +
      `<td class="num">${score === undefined ? '<span class="muted">not scored</span>' : `<span class="score">${score}</span> <span class="band-label">${esc(`${band(score)} (${r.likelihood}×${r.impact})`)}</span>`}</td>` +
      `<td>${r.owner ? orgHtml(c, r.owner.value) : ''}</td><td>${r.mitigation ? planText(r.mitigation) : '<span class="missing">none</span>'}</td><td>${affects}</td></tr>` +
      findingRow(c, c.claim(r.node.span), 6)
    );
  });
  return `<table class="risks"><thead><tr><th>Id</th><th>Risk</th><th class="num">Score</th><th>Owner</th><th>Mitigation</th><th>Affects</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
