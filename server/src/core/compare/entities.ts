/**
 * Organisations, initiatives, milestones and risks of two versions, matched
 * by id: added, removed, and what changed in the ones on both sides.
 */
import { effectiveSide, type Initiative, type Milestone, type Organisation, type Plan, type Risk } from '../model';
import type { NationalMilestone } from '../types';
import { savingsChanges } from './money';
import type { Change, InitiativeField, MilestoneField, OrganisationField, Score, Value } from './types';

/** The entities of one kind that an id defines first (a repeated id is a finding, not a second entity). */
function byId<T extends { id?: { value: string } }>(plan: Plan, list: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const e of list) if (e.id && plan.byId.get(e.id.value)?.entity === (e as unknown)) out.set(e.id.value, e);
  return out;
}

/** Ids of both versions: the new version's order, then those only the old one has. */
function union<T>(a: Map<string, T>, b: Map<string, T>): string[] {
  return [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
}

export function equal(a: Value, b: Value): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
}

function fields<F extends string>(pairs: [F, Value, Value][], make: (field: F, old: Value, now: Value) => Change): Change[] {
  return pairs.filter(([, o, n]) => !equal(o, n)).map(([f, o, n]) => make(f, o, n));
}

export function organisationChanges(before: Plan, after: Plan): Change[] {
  const a = byId(before, before.organisations);
  const b = byId(after, after.organisations);
  const out: Change[] = [];
  const facts = (o: Organisation) => ({ id: o.id!.value, name: o.name ?? null, orgType: o.type ?? null, side: o.side });
  for (const id of union(a, b)) {
    const o = a.get(id);
    const n = b.get(id);
    if (!o) out.push({ type: 'organisation-added', ...facts(n!) });
    else if (!n) out.push({ type: 'organisation-removed', ...facts(o) });
    else {
      const pairs: [OrganisationField, Value, Value][] = [['name', o.name ?? null, n.name ?? null], ['type', o.type ?? null, n.type ?? null], ['side', o.side, n.side], ['ceases', o.ceases ?? null, n.ceases ?? null]];
      out.push(...fields(pairs, (field, old, now) => ({ type: 'organisation-changed', id, field, old, new: now })));
    }
  }
  return out;
}

function initiativeFields(before: Plan, o: Initiative, after: Plan, n: Initiative): [InitiativeField, Value, Value][] {
  return [
    ['title', o.title ?? null, n.title ?? null],
    ['section', o.section, n.section],
    ['side', effectiveSide(before, o) ?? null, effectiveSide(after, n) ?? null],
    ['lead', o.lead?.value ?? null, n.lead?.value ?? null],
    ['level', o.level?.value ?? null, n.level?.value ?? null],
    ['pillars', o.pillars?.value ?? null, n.pillars?.value ?? null],
    ['rag', o.rag ?? null, n.rag ?? null],
    ['recurrent', o.recurrent, n.recurrent],
  ];
}

/** Initiatives added, removed or changed, with their savings. */
export function initiativeChanges(before: Plan, after: Plan): { changes: Change[]; money: Change[] } {
  const a = byId(before, before.initiatives);
  const b = byId(after, after.initiatives);
  const changes: Change[] = [];
  const money: Change[] = [];
  for (const id of union(a, b)) {
    const o = a.get(id);
    const n = b.get(id);
    money.push(...savingsChanges(id, o, n));
    if (!o || !n) {
      const [plan, ini] = o ? [before, o] : [after, n!];
      changes.push({ type: o ? 'initiative-removed' : 'initiative-added', id, title: ini.title ?? null, section: ini.section, side: effectiveSide(plan, ini) ?? null });
      continue;
    }
    changes.push(...fields(initiativeFields(before, o, after, n), (field, old, now) => ({ type: 'initiative-changed', id, field, old, new: now })));
  }
  return { changes, money };
}

/** Whole days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  return Math.round(day(to) - day(from));
}

/** Facts of a milestone in its own version: overdue at that version's `as_of`, the national deadline it breaks. */
interface MilestoneFacts {
  overdue: boolean;
  national?: NationalMilestone;
  breaks: boolean;
}

function factsOf(plan: Plan, m: Milestone, timeline: readonly NationalMilestone[]): MilestoneFacts {
  const due = m.due?.value;
  const overdue = !!(due && plan.asOf && due < plan.asOf && m.status !== 'done');
  const national = m.delivers ? timeline.find((t) => t.id === m.delivers!.value) : undefined;
  const breaks = !!(national && due && (national.direction === 'not-before' ? due < national.deadline : due > national.deadline));
  return { overdue, national, breaks };
}

export interface Side {
  plan: Plan;
  timeline: readonly NationalMilestone[];
}

function milestoneFields(o: Milestone, n: Milestone): [MilestoneField, Value, Value][] {
  const pairs: [MilestoneField, Value, Value][] = [
    ['title', o.title ?? null, n.title ?? null],
    ['initiative', o.parent.id?.value ?? null, n.parent.id?.value ?? null],
    ['owner', o.owner?.value ?? null, n.owner?.value ?? null],
    ['delivers', o.delivers?.value ?? null, n.delivers?.value ?? null],
  ];
  // A due date given or taken away; one moved is a milestone-due change.
  if (!o.due !== !n.due) pairs.push(['due', o.due?.value ?? null, n.due?.value ?? null]);
  return pairs;
}

function matchedMilestone(id: string, o: Milestone, n: Milestone, before: Side, after: Side): Change[] {
  const initiative = n.parent.id?.value ?? null;
  const out: Change[] = fields(milestoneFields(o, n), (field, old, now) => ({ type: 'milestone-changed', id, initiative, field, old, new: now }));
  if (o.due && n.due && o.due.value !== n.due.value) {
    const days = daysBetween(o.due.value, n.due.value);
    out.push({ type: 'milestone-due', id, initiative, old: o.due.value, new: n.due.value, days, direction: days > 0 ? 'slipped' : 'brought-forward' });
  }
  if ((o.status ?? null) !== (n.status ?? null)) out.push({ type: 'milestone-status', id, initiative, old: o.status ?? null, new: n.status ?? null });
  const fo = factsOf(before.plan, o, before.timeline);
  const fn = factsOf(after.plan, n, after.timeline);
  // Facts are those of the version where the milestone is overdue (or breaks its deadline), so that the diff reads the same both ways.
  if (fo.overdue !== fn.overdue) out.push({ type: 'milestone-overdue', id, initiative, due: (fn.overdue ? n : o).due?.value ?? null, old: fo.overdue, new: fn.overdue });
  if (fo.breaks !== fn.breaks) {
    const [m, f] = fn.breaks ? [n, fn] : [o, fo];
    out.push({ type: 'milestone-national', id, initiative, delivers: f.national!.id, deadline: f.national!.deadline, due: m.due?.value ?? null, old: fo.breaks, new: fn.breaks });
  }
  return out;
}

export function milestoneChanges(before: Side, after: Side): Change[] {
  const a = byId(before.plan, before.plan.milestones);
  const b = byId(after.plan, after.plan.milestones);
  const out: Change[] = [];
  for (const id of union(a, b)) {
    const o = a.get(id);
    const n = b.get(id);
    if (o && n) {
      out.push(...matchedMilestone(id, o, n, before, after));
      continue;
    }
    const [side, m] = o ? [before, o] : [after, n!];
    const f = factsOf(side.plan, m, side.timeline);
    out.push({
      type: o ? 'milestone-removed' : 'milestone-added',
      id,
      initiative: m.parent.id?.value ?? null,
      title: m.title ?? null,
      due: m.due?.value ?? null,
      status: m.status ?? null,
      overdue: f.overdue,
      breaksNational: f.breaks ? f.national!.id : null,
    });
  }
  return out;
}

function score(r: Risk): Score {
  const likelihood = r.likelihood ?? null;
  const impact = r.impact ?? null;
  return { likelihood, impact, score: likelihood !== null && impact !== null ? likelihood * impact : null };
}

export function riskChanges(before: Plan, after: Plan): Change[] {
  const a = byId(before, before.risks);
  const b = byId(after, after.risks);
  const out: Change[] = [];
  for (const id of union(a, b)) {
    const o = a.get(id);
    const n = b.get(id);
    if (!o || !n) {
      const r = (o ?? n)!;
      out.push({ type: o ? 'risk-removed' : 'risk-added', id, title: r.title ?? null, score: score(r) });
    } else if (o.likelihood !== n.likelihood || o.impact !== n.impact) {
      out.push({ type: 'risk-rescored', id, old: score(o), new: score(n) });
    }
  }
  return out;
}
