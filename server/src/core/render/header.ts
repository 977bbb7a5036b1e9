/** The preview's header: the kind, the title, the plan's facts and the counts of findings. */
import { KINDS } from '../kinds';
import { fyName } from '../model';
import { pairOf } from '../syntax';
import type { Ctx, RenderOptions } from './context';
import { counts, findingsList } from './findings';
import { esc, label, longDate } from './html';
import { STATUS_OF_PLAN } from './labels';
import { orgHtml } from './values';

export function headerSection(c: Ctx, o: RenderOptions): string {
  const { plan } = c;
  const root = plan.root;
  const fact = (key: string, name: string, value: string | undefined): string => {
    const p = pairOf(root, key);
    if (!p) return '';
    const shown = value ?? (p.value.type === 'scalar' && p.value.value !== null ? esc(String(p.value.value)) : '<span class="missing">not given</span>');
    return `<div data-line="${c.line(p.span)}"><dt>${esc(name)}</dt><dd>${shown}${findingsList(c.claim(p.span))}</dd></div>`;
  };
  const org = plan.organisation ? orgHtml(c, plan.organisation.value) : undefined;
  const period = plan.period ? esc(`${fyName(plan.period.first)} to ${fyName(plan.period.last)}`) : undefined;
  const titlePair = pairOf(root, 'title');
  const titleFindings = titlePair ? findingsList(c.claim(titlePair.span)) : '';
  const facts = [
    fact('organisation', 'Organisation', org),
    fact('period', 'Period (financial years)', period),
    fact('status', 'Status', plan.status ? esc(label(STATUS_OF_PLAN, plan.status)) : undefined),
    fact('as_of', 'Reported as of', plan.asOf ? esc(longDate(plan.asOf)) : undefined),
    fact('version', 'Version', undefined),
    fact('schema_version', 'Format version', undefined),
  ].join('');
  const kindPair = pairOf(root, 'kind');
  return (
    `<header class="plan-header" data-line="${c.line(titlePair ? titlePair.span : root.span)}">` +
    `<p class="kind-label" data-line="${kindPair ? c.line(kindPair.span) : 0}">${esc(KINDS[plan.kind].title)}</p>` +
    `<h1 data-line="${c.line(titlePair ? titlePair.span : root.span)}">${esc(plan.title ?? o.fileName ?? 'Untitled plan')}</h1>${titleFindings}` +
    `<dl class="facts">${facts}</dl>` +
    counts(c.a.findings, o) +
    `</header>`
  );
}
