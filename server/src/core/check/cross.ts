/**
 * Cross-plan rules: what no single plan can show, found by comparing the facts
 * (facts.ts) of plans checked together. Pure: the CLI calls it after every
 * plan's own findings are in (fresh or replayed from its cache), the language
 * server for the plans of a workspace folder.
 *
 * Order: a finding is reported in the LATER of two plans, "later" meaning
 * later in the order of the plans' keys (the CLI's paths, the editor's URIs)
 * compared character by character (UTF-16 code units, as JavaScript sorts
 * strings), whatever order the plans are passed in. So the first plan in that
 * order to say something is taken as the reference, and the finding appears
 * where a later plan departs from it. One plan on its own gives no finding.
 */
import { ruleInfo, type RuleId } from '../catalogue';
import type { FactPlace, PlanFacts } from './facts';
import type { Finding, PlanKind, Severity, SeveritySetting } from '../types';

export const CROSS_RULES = ['cross-org-conflict', 'cross-duplicate-plan', 'cross-dual-role'] as const;

/** One plan of those compared. */
export interface CrossPlan {
  /** Decides the order (a path or URI); unique among the plans. */
  key: string;
  /** How messages name the plan to a person (a path relative to the folder, a file name). */
  label: string;
  facts: PlanFacts;
  /** The plan's own rule severities (its configuration); a rule set to `off` gives it no finding. */
  rules?: Readonly<Record<string, SeveritySetting>>;
}

/** The cross-plan findings of each plan, in the order the plans were given (a plan with none has an empty list). */
export function crossPlanFindings(plans: readonly CrossPlan[]): Finding<RuleId>[][] {
  const steps = crossPlanSteps(plans);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * crossPlanFindings in steps, for a caller that must not hold its thread for the whole of a large folder
 * (the language server over 2,000 plans): the generator pauses after every `every` plans of each rule,
 * and returns what crossPlanFindings returns. The plans' facts must not change until it is done.
 */
export function* crossPlanSteps(plans: readonly CrossPlan[], every = 100): Generator<void, Finding<RuleId>[][], void> {
  const out: Finding<RuleId>[][] = plans.map(() => []);
  if (plans.length < 2) return out;
  const order = plans.map((p, i) => ({ p, i })).sort((a, b) => (a.p.key < b.p.key ? -1 : a.p.key > b.p.key ? 1 : a.i - b.i));
  yield;
  const report = (at: number, rule: RuleId, where: FactPlace, message: string, data: Record<string, unknown>) => {
    const setting = plans[at].rules?.[rule];
    if (setting === 'off') return;
    const severity: Severity = setting ?? ruleInfo(rule)?.defaultSeverity ?? 'warning';
    out[at].push({ rule, severity, message, range: where.range, span: where.span, data });
  };
  const step = Math.max(1, every);
  yield* orgConflicts(order, report, step);
  yield* duplicatePlans(order, report, step);
  yield* dualRoles(order, report, step);
  for (const list of out) if (list.length > 1) list.sort((a, b) => a.span[0] - b.span[0] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return out;
}

type Ordered = readonly { p: CrossPlan; i: number }[];
type Report = (at: number, rule: RuleId, where: FactPlace, message: string, data: Record<string, unknown>) => void;

/** A name as compared: spaces collapsed, case ignored (two names are the same when these are equal). */
const plainWords = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
const KIND_NAMES: Record<PlanKind, string> = {
  'qipp-reform-plan': 'a QIPP and Reform plan',
  'qipp-plan': 'a QIPP plan',
  'provider-plan': 'a provider plan',
  'improvement-plan': 'an improvement plan',
};
const fy = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
const period = (p: { first: number; last: number }) => (p.first === p.last ? fy(p.first) : `${fy(p.first)} to ${fy(p.last)}`);

/**
 * `cross-org-conflict`: among plans whose periods overlap (a plan without a period overlaps any), the
 * first to name an id fixes its name and type; a later plan that differs is reported at its `id` value.
 * Plans years apart may name an organisation as it was then (SHAs took "NHS ..." names), so they are
 * not compared.
 */
function* orgConflicts(order: Ordered, report: Report, every: number): Generator<void, void, void> {
  // Each name is put in plain words once (not once per comparison, nor once per plan): 500 plans naming the same bodies compare thousands of times.
  const plain = new Map<string, string>();
  const named = new Map<string, { name?: string; words?: string; type?: string; label: string; period?: { first: number; last: number } }[]>();
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && k % every === 0) yield;
    const { p, i } = order[k];
    const seen = new Set<string>();
    for (const o of p.facts.organisations) {
      if (seen.has(o.id)) continue; // a second use within the plan is duplicate-id's
      seen.add(o.id);
      const list = named.get(o.id) ?? [];
      const ref = list.find((e) => overlaps(e.period, p.facts.period));
      let words = o.name ? plain.get(o.name) : undefined;
      if (o.name && words === undefined) plain.set(o.name, (words = plainWords(o.name)));
      list.push({ name: o.name, words, type: o.type, label: p.label, period: p.facts.period });
      named.set(o.id, list);
      if (!ref) continue;
      const diffs: string[] = [];
      if (ref.type && o.type && ref.type !== o.type) diffs.push(`type ${o.type} here but ${ref.type} in ${ref.label}`);
      if (ref.name && o.name && ref.words !== words) diffs.push(`named “${o.name}” here but “${ref.name}” in ${ref.label}`);
      if (diffs.length === 0) continue;
      report(i, 'cross-org-conflict', o, `\`${o.id}\` is ${diffs.join(', and ')}, a plan for the same years: one organisation id should mean the same organisation in every plan, or use another id.`, { other: ref.label });
    }
  }
}

const overlaps = (a?: { first: number; last: number }, b?: { first: number; last: number }) => !a || !b || (a.first <= b.last && b.first <= a.last);

/** `cross-duplicate-plan`: a later plan of the same kind and organisation whose period overlaps an earlier one's, at its `organisation` value. */
function* duplicatePlans(order: Ordered, report: Report, every: number): Generator<void, void, void> {
  // Earlier plans by kind and organisation, in order: the first of those whose period overlaps is the twin.
  const earlier = new Map<string, CrossPlan[]>();
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && k % every === 0) yield;
    const { p, i } = order[k];
    const f = p.facts;
    if (f.kind && f.organisation && f.period) {
      const key = `${f.kind}\0${f.organisation.id}`;
      const same = earlier.get(key) ?? [];
      const twin = same.find((q) => q.facts.period!.first <= f.period!.last && f.period!.first <= q.facts.period!.last);
      if (twin) {
        const q = twin.facts;
        const from = Math.max(q.period!.first, f.period.first);
        const to = Math.min(q.period!.last, f.period.last);
        report(
          i,
          'cross-duplicate-plan',
          f.organisation,
          `${twin.label} is also ${KIND_NAMES[f.kind]} for \`${f.organisation.id}\`, and both cover ${period({ first: from, last: to })}: keep one plan of each kind per organisation and period, or correct the organisation or the period.`,
          { other: twin.label },
        );
      }
      same.push(p);
      earlier.set(key, same);
    }
  }
}

/** `cross-dual-role`: an organisation that leads on the other side of the split in an earlier plan, at its `id` value in the later plan. */
function* dualRoles(order: Ordered, report: Report, every: number): Generator<void, void, void> {
  const sides = new Map<string, { commissioner?: string; provider?: string }>();
  for (let k = 0; k < order.length; k++) {
    if (k > 0 && k % every === 0) yield;
    const { p, i } = order[k];
    const here = new Map<string, Set<'commissioner' | 'provider'>>();
    for (const l of p.facts.leads) here.set(l.id, (here.get(l.id) ?? new Set()).add(l.side));
    for (const [id, s] of here) {
      const before = sides.get(id) ?? {};
      // Both sides within this plan alone is split-dual-role, reported there.
      if (s.size === 1) {
        const side = [...s][0];
        const other = side === 'commissioner' ? 'provider' : 'commissioner';
        const where = before[other] ? p.facts.organisations.find((o) => o.id === id) : undefined;
        if (before[other] && where) {
          report(i, 'cross-dual-role', where, `\`${id}\` leads ${side}-side initiatives here but ${other}-side initiatives in ${before[other]}: the commissioner/provider split asks for these roles to be separated.`, { other: before[other] });
        }
      }
      for (const side of s) before[side] ??= p.label;
      sides.set(id, before);
    }
  }
}
