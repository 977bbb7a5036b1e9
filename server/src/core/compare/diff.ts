/**
 * diffPlans(old, new): what changed between two versions of a plan, by
 * meaning (ids), not by line. PURE: two analyses in, data out.
 */
import type { Analysis } from '../check';
import type { Plan } from '../model';
import type { PlanKind } from '../types';
import { equal, initiativeChanges, milestoneChanges, organisationChanges, riskChanges } from './entities';
import { findingChanges } from './findings';
import { financeChanges, moneyTotals } from './money';
import { timelineOf } from './overlay';
import type { Change, DiffOptions, FailOn, PlanDiff, PlanField, PlanSummary, Value } from './types';

/** Why two analyses cannot be compared, in words for the person who asked; undefined when they can. */
export function cannotCompare(before: Analysis, after: Analysis): string | undefined {
  if (!before.plan || !after.plan) return 'Only plans can be compared.';
  if (before.plan.kind !== after.plan.kind) return `Plans of different kinds cannot be compared: the old version is a ${before.plan.kind}, the new one a ${after.plan.kind}.`;
  return undefined;
}

function summary(plan: Plan): PlanSummary {
  return { kind: plan.kind as PlanKind, title: plan.title ?? null, asOf: plan.asOf ?? null };
}

function planFields(a: Plan, b: Plan): Change[] {
  const text = (p: Plan, key: string): Value => {
    const pair = p.root.pairs.find((x) => x.key.value === key);
    const v = pair?.value;
    return v && v.type === 'scalar' && v.value !== null ? String(v.value) : null;
  };
  const out: Change[] = [];
  for (const field of ['title', 'organisation', 'period', 'as_of', 'status', 'version'] as PlanField[]) {
    const o = text(a, field);
    const n = text(b, field);
    if (!equal(o, n)) out.push({ type: 'plan-changed', field, old: o, new: n });
  }
  return out;
}

/**
 * Every change from `before` to `after`. Both must be plans of the same kind
 * (see cannotCompare); otherwise the diff is empty.
 */
export function diffPlans(before: Analysis, after: Analysis, options: DiffOptions = {}): PlanDiff {
  const a = before.plan;
  const b = after.plan;
  if (!a || !b || cannotCompare(before, after)) {
    const none = { years: [], funds: { non_recurrent_2pc: 0, named_support: 0, regional_funds: 0 } };
    const s: PlanSummary = { kind: (a ?? b)?.kind ?? 'qipp-reform-plan', title: null, asOf: null };
    const timeline = { rows: [], national: [], asOf: { old: null, new: null } };
    return { old: a ? summary(a) : s, new: b ? summary(b) : s, changes: [], money: { old: none, new: none }, timeline };
  }
  const initiatives = initiativeChanges(a, b);
  const changes: Change[] = [
    ...planFields(a, b),
    ...organisationChanges(a, b),
    ...initiatives.changes,
    ...milestoneChanges({ plan: a, timeline: before.timeline }, { plan: b, timeline: after.timeline }),
    ...initiatives.money,
    ...financeChanges(a, b),
    ...riskChanges(a, b),
    ...(options.findings === false ? [] : findingChanges(before, after)),
  ];
  return { old: summary(a), new: summary(b), changes, money: { old: moneyTotals(a), new: moneyTotals(b) }, timeline: timelineOf(changes, a, b, after.timeline) };
}

/** The changes `--fail-on` asks about: slips, slips past a national deadline, new errors. */
export function failing(diff: PlanDiff, on: FailOn): Change[] {
  return diff.changes.filter((c) => {
    if (on === 'slipped') return c.type === 'milestone-due' && c.direction === 'slipped';
    if (on === 'slipped-national') return (c.type === 'milestone-national' && c.new) || (c.type === 'milestone-added' && c.breaksNational !== null);
    return c.type === 'finding-new' && c.severity === 'error';
  });
}
