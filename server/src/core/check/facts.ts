/**
 * What the cross-plan rules (cross.ts) need to know of one plan, taken from
 * its Analysis: small, plain data (no tree), so that it can cross a worker
 * thread, be kept in the CLI's cache beside the plan's own findings, and be
 * compared with the facts of other plans without reading them again.
 */
import type { Analysis } from './analyze';
import { effectiveSide } from '../model';
import type { PlanKind, Range, Span } from '../types';

/** A place in the plan's text, as both a range (LSP) and a span (offsets). */
export interface FactPlace {
  range: Range;
  span: Span;
}

export interface PlanFacts {
  kind?: PlanKind;
  /** The plan's `organisation` value and where it is written. */
  organisation?: { id: string } & FactPlace;
  /** First and last financial years (by first calendar year) of `period`. */
  period?: { first: number; last: number };
  /** Every organisation the plan names, where its `id` value is written, in document order. */
  organisations: ({ id: string; name?: string; type?: string } & FactPlace)[];
  /** Organisations that lead commissioner-side or provider-side initiatives (joint work is neither). */
  leads: { id: string; side: 'commissioner' | 'provider' }[];
}

/** The facts of one analysed plan; a text whose kind is unknown gives facts that match nothing. */
export function planFacts(a: Analysis): PlanFacts {
  const plan = a.plan;
  if (!plan) return { organisations: [], leads: [] };
  const place = (span: Span): FactPlace => ({ range: a.lines.range(span), span: [span[0], span[1]] });
  const leads = new Map<string, 'commissioner' | 'provider'>();
  const both = new Set<string>();
  for (const ini of plan.initiatives) {
    const side = effectiveSide(plan, ini);
    if (!ini.lead || (side !== 'commissioner' && side !== 'provider')) continue;
    const seen = leads.get(ini.lead.value);
    if (seen && seen !== side) both.add(ini.lead.value);
    else leads.set(ini.lead.value, side);
  }
  return {
    kind: plan.kind,
    ...(plan.organisation ? { organisation: { id: plan.organisation.value, ...place(plan.organisation.node.span) } } : {}),
    ...(plan.period ? { period: { first: plan.period.first, last: plan.period.last } } : {}),
    organisations: plan.organisations.flatMap((o) => (o.id ? [{ id: o.id.value, ...(o.name ? { name: o.name } : {}), ...(o.type ? { type: o.type } : {}), ...place(o.id.node.span) }] : [])),
    // An organisation on both sides within the plan is split-dual-role's to report; across plans it counts once per side.
    leads: [...leads].flatMap(([id, side]) => (both.has(id) ? [{ id, side: 'commissioner' as const }, { id, side: 'provider' as const }] : [{ id, side }])),
  };
}
