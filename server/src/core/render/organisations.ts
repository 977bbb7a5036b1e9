/** The preview's table of the plan's organisations. */
import type { Organisation } from '../model';
import { pairOf } from '../syntax';
import { section, type Ctx } from './context';
import { findingRow, findingsList } from './findings';
import { esc, humanise, label, longDate } from './html';
import { ORG_TYPES } from './labels';

export function organisationsSection(c: Ctx): string {
  const orgs = c.plan.organisations;
  const p = pairOf(c.plan.root, 'organisations');
  if (!p) return '';
  const rows = orgs.map((o: Organisation) => {
    const cells =
      `<td><code>${esc(o.id?.value ?? '')}</code></td><td>${esc(o.name ?? '')}</td><td>${esc(label(ORG_TYPES, o.type))}</td>` +
      `<td>${esc(humanise(o.side))}</td><td>${o.ceases ? esc(longDate(o.ceases)) : ''}</td>`;
    return `<tr data-line="${c.line(o.node.span)}">${cells}</tr>${findingRow(c, c.claim(o.node.span), 5)}`;
  });
  const inner =
    `<table class="organisations"><thead><tr><th>Id</th><th>Name</th><th>Type</th><th>Side</th><th>Ceases</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    findingsList(c.claim(p.span));
  return section('organisations', 'Organisations', c.line(p.span), inner);
}
