/**
 * Each change as a sentence for a planning lead, in British English, with ids
 * in `backticks` (Markdown shows them as code, the page as <code>, the
 * terminal drops the marks). Shared by every format.
 */
import { label, longDate, money, PILLAR_LABELS, STATUS_LABELS } from '../render';
import { kindInfo } from '../kinds';
import type { PlanKind } from '../types';
import type { Change, ChangeType, FinanceKey, FundList, PlanDiff, Savings, Score, Value } from './types';

export const GROUPS = ['The plan', 'Organisations', 'Initiatives', 'Milestones', 'Money', 'Risks', 'Findings'] as const;
export type Group = (typeof GROUPS)[number];

export function groupOf(type: ChangeType): Group {
  if (type === 'plan-changed') return 'The plan';
  if (type.startsWith('organisation')) return 'Organisations';
  if (type.startsWith('initiative')) return 'Initiatives';
  if (type.startsWith('milestone')) return 'Milestones';
  if (type === 'savings' || type === 'finance' || type === 'fund') return 'Money';
  if (type.startsWith('risk')) return 'Risks';
  return 'Findings';
}

const FIELD_WORDS: Record<string, string> = { as_of: 'the as-of date', ceases: 'the cease date', rag: 'the RAG rating', type: 'the type', side: 'the side', lead: 'the lead', level: 'the level', pillars: 'the QIPP pillars', owner: 'the owner', delivers: 'the national milestone it delivers', due: 'the due date', title: 'the title', name: 'the name', status: 'the status', version: 'the version', period: 'the period', organisation: 'the owning organisation', section: 'the section' };
const FINANCE_WORDS: Record<FinanceKey, string> = { efficiency_target_gbp_m: 'Efficiency target', efficiency_gbp_m: 'Efficiency requirement', recurrent_allocation_gbp_m: 'Recurrent allocation' };
export const FUND_WORDS: Record<FundList, string> = { non_recurrent_2pc: 'the 2% non-recurring funds', named_support: 'support for named organisations', regional_funds: 'regionally lodged funds' };

const quoted = (s: string | null) => (s ? ` “${s}”` : '');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A value in words: dates written out, lists joined, nothing given said so. */
export function valueWords(field: string, v: Value): string {
  if (v === null) return 'none';
  if (Array.isArray(v)) return v.length ? v.map((p) => (field === 'pillars' ? label(PILLAR_LABELS, p) : p)).join(', ') : 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return longDate(v);
  if (field === 'status') return label(STATUS_LABELS, String(v)).toLowerCase();
  if (['lead', 'owner', 'delivers', 'initiative', 'organisation'].includes(field)) return `\`${v}\``;
  return String(v);
}

/** `£1.5m → £2m (+£0.5m)`, or `£2m (unchanged)`; a side that has no figure is `none`. */
export function moneyMove(o: number | null, n: number | null): string {
  if (o === n) return `${o === null ? 'none' : money(o)} (unchanged)`;
  const d = Math.round(((n ?? 0) - (o ?? 0)) * 1e6) / 1e6;
  return `${o === null ? 'none' : money(o)} → ${n === null ? 'none' : money(n)} (${d >= 0 ? '+' : '−'}${money(Math.abs(d))})`;
}

const scoreWords = (s: Score) => (s.score === null ? 'no score' : `${s.score} (likelihood ${s.likelihood} × impact ${s.impact})`);

function savingsWords(o: Savings, n: Savings): string {
  const parts: string[] = [];
  if (o.recurrent !== n.recurrent) parts.push(`recurrent ${moneyMove(o.recurrent, n.recurrent)}`);
  if (o.oneOff !== n.oneOff) parts.push(`one-off ${moneyMove(o.oneOff, n.oneOff)}`);
  return parts.join('; ');
}

function initiativeWords(c: Extract<Change, { type: 'initiative-changed' }>, noun: string): string {
  const it = `${cap(noun)} \`${c.id}\``;
  if (c.field === 'section') return `${it} moved from ${c.old} to ${c.new}.`;
  if (c.field === 'side') return `${it} moved from the ${valueWords('side', c.old)} side to the ${valueWords('side', c.new)} side.`;
  if (c.field === 'recurrent') return `${it}: its savings are now ${c.new ? 'recurrent' : 'one-off (not counted against the target)'}.`;
  return `${it}: ${FIELD_WORDS[c.field]} changed from ${valueWords(c.field, c.old)} to ${valueWords(c.field, c.new)}.`;
}

type MilestoneChange = Extract<Change, { type: `milestone-${string}` }>;

function milestoneWords(c: MilestoneChange, noun: string): string {
  const m = `Milestone \`${c.id}\``;
  switch (c.type) {
    case 'milestone-added':
    case 'milestone-removed': {
      const facts = [c.due ? `due ${longDate(c.due)}` : 'no due date', c.overdue ? 'overdue' : '', c.breaksNational ? `breaks the national deadline of \`${c.breaksNational}\`` : ''].filter(Boolean).join(', ');
      return `${m}${quoted(c.title)} ${c.type === 'milestone-added' ? 'added to' : 'removed from'} ${c.initiative ? `\`${c.initiative}\`` : `its ${noun}`} (${facts}).`;
    }
    case 'milestone-due':
      return `${m} ${c.direction === 'slipped' ? 'slipped' : 'brought forward'} by ${Math.abs(c.days)} day${Math.abs(c.days) === 1 ? '' : 's'}: from ${longDate(c.old)} to ${longDate(c.new)}.`;
    case 'milestone-status':
      return c.new === 'done' ? `${m} is newly done (was ${valueWords('status', c.old)}).` : `${m}: the status changed from ${valueWords('status', c.old)} to ${valueWords('status', c.new)}.`;
    case 'milestone-overdue':
      return c.new ? `${m} is newly overdue (due ${c.due ? longDate(c.due) : 'earlier'}, not done).` : `${m} is no longer overdue.`;
    case 'milestone-national':
      return c.new
        ? `${m} now breaks its national deadline: it delivers \`${c.delivers}\` (${longDate(c.deadline)}) and is due ${c.due ? longDate(c.due) : 'at another date'}.`
        : `${m} now meets its national deadline (\`${c.delivers}\`, ${longDate(c.deadline)}).`;
    case 'milestone-changed':
      if (c.field === 'initiative') return `${m} moved from ${noun} ${valueWords('initiative', c.old)} to ${valueWords('initiative', c.new)}.`;
      return `${m}: ${FIELD_WORDS[c.field]} changed from ${valueWords(c.field, c.old)} to ${valueWords(c.field, c.new)}.`;
  }
}

/** One change as a sentence, in the words of the plan's kind (initiative, action or improvement). */
export function describe(c: Change, kind?: PlanKind): string {
  const noun = kind ? kindInfo(kind).itemNoun : 'initiative';
  switch (c.type) {
    case 'plan-changed':
      return `${cap(FIELD_WORDS[c.field])} changed from ${valueWords(c.field, c.old)} to ${valueWords(c.field, c.new)}.`;
    case 'organisation-added':
    case 'organisation-removed':
      return `Organisation \`${c.id}\`${quoted(c.name)} ${c.type === 'organisation-added' ? 'added' : 'removed'} (${c.orgType ?? 'no type'}, ${c.side}).`;
    case 'organisation-changed':
      return `Organisation \`${c.id}\`: ${FIELD_WORDS[c.field]} changed from ${valueWords(c.field, c.old)} to ${valueWords(c.field, c.new)}.`;
    case 'initiative-added':
    case 'initiative-removed':
      return `${cap(noun)} \`${c.id}\`${quoted(c.title)} ${c.type === 'initiative-added' ? 'added to' : 'removed from'} ${c.section}${c.side ? ` (${c.side} side)` : ''}.`;
    case 'initiative-changed':
      return initiativeWords(c, noun);
    case 'savings':
      return `Savings of \`${c.initiative}\` in ${c.year}: ${savingsWords(c.old, c.new)}.`;
    case 'finance':
      return `${FINANCE_WORDS[c.key]} for ${c.year}: ${moneyMove(c.old, c.new)}.`;
    case 'fund':
      return `${cap(FUND_WORDS[c.list])}, ${c.key}: ${moneyMove(c.old, c.new)}.`;
    case 'risk-added':
    case 'risk-removed':
      return `Risk \`${c.id}\`${quoted(c.title)} ${c.type === 'risk-added' ? 'added' : 'removed'}, score ${scoreWords(c.score)}.`;
    case 'risk-rescored':
      return `Risk \`${c.id}\` re-scored from ${scoreWords(c.old)} to ${scoreWords(c.new)}.`;
    case 'finding-fixed':
    case 'finding-new':
      return `${c.type === 'finding-fixed' ? 'Fixed' : `New ${c.severity}`}: \`${c.rule}\` at \`${c.where}\` (line ${c.line}${c.type === 'finding-fixed' ? ' of the old version' : ''}): ${c.message}`;
    default:
      return milestoneWords(c, noun);
  }
}

/** A group's heading in the plan's words: Actions in a QIPP plan, Improvements in an improvement plan. */
export function groupHeading(group: Group, kind?: PlanKind): string {
  return group === 'Initiatives' && kind ? `${cap(kindInfo(kind).itemNoun)}s` : group;
}

/** Changes by group, in the order of GROUPS; empty groups left out. */
export function grouped(changes: readonly Change[]): [Group, Change[]][] {
  const by = new Map<Group, Change[]>();
  for (const c of changes) {
    const g = groupOf(c.type);
    const list = by.get(g) ?? [];
    list.push(c);
    by.set(g, list);
  }
  return GROUPS.filter((g) => by.has(g)).map((g) => [g, by.get(g)!]);
}

/** The headline: how many changes, and the ones a reviewer looks for first. */
export function headline(diff: PlanDiff): string {
  const n = diff.changes.length;
  if (n === 0) return 'No changes in meaning.';
  const count = (f: (c: Change) => boolean) => diff.changes.filter(f).length;
  const facts: [number, string, string][] = [
    [count((c) => c.type === 'milestone-due' && c.direction === 'slipped'), 'slipped', 'slipped'],
    [count((c) => c.type === 'milestone-national' && c.new), 'now past a national deadline', 'now past a national deadline'],
    [count((c) => c.type === 'milestone-overdue' && c.new), 'newly overdue', 'newly overdue'],
    [count((c) => c.type === 'finding-new' && c.severity === 'error'), 'new error', 'new errors'],
    [count((c) => c.type === 'finding-fixed'), 'finding fixed', 'findings fixed'],
  ];
  const extra = facts.filter(([k]) => k > 0).map(([k, one, many]) => `${k} ${k === 1 ? one : many}`);
  return `${n} change${n === 1 ? '' : 's'}${extra.length ? ` (${extra.join(', ')})` : ''}.`;
}

/** The years whose money differs between the versions, old and new side by side, in order. */
export function moneyRows(diff: PlanDiff) {
  const years = new Map<string, { year: string; old?: PlanDiff['money']['old']['years'][number]; new?: PlanDiff['money']['new']['years'][number] }>();
  for (const y of diff.money.old.years) years.set(y.year, { year: y.year, old: y });
  for (const y of diff.money.new.years) years.set(y.year, { ...(years.get(y.year) ?? { year: y.year }), new: y });
  const same = (a?: { target: number | null; recurrent: number; oneOff: number }, b?: typeof a) => !!a && !!b && a.target === b.target && a.recurrent === b.recurrent && a.oneOff === b.oneOff;
  return [...years.values()].filter((r) => !same(r.old, r.new)).sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0));
}

/** A gap in words: `£1m short`, `£0.5m over`, `met` (to within £100, as the rules compare money), or `no target`. */
export function gapWords(g: number | null | undefined): string {
  if (g === null || g === undefined) return 'no target';
  if (Math.abs(g) < 1e-4) return 'met';
  return g > 0 ? `${money(g)} short` : `${money(-g)} over`;
}

/** A gap before and after: `met → £1m short`, or `met (unchanged)`. */
export function gapMove(o: number | null | undefined, n: number | null | undefined): string {
  const a = gapWords(o);
  const b = gapWords(n);
  return a === b ? `${a} (unchanged)` : `${a} → ${b}`;
}

/** Whether either version has an efficiency target (a QIPP plan has none: its tables leave target and gap out). */
export function hasTarget(diff: PlanDiff): boolean {
  return [...diff.money.old.years, ...diff.money.new.years].some((y) => y.target !== null);
}
