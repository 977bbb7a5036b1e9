/**
 * The cross-plan report as data: a pure function of the summaries of any
 * number of plans (summary.ts). Every face draws it: the CLI's html, md, json,
 * csv and xlsx, and the editor's overview. `--format json` writes this model
 * as it is; its shape is schemas/report.schema.json.
 *
 * Plans are taken in the order of their `file` (compared character by
 * character), the order the cross-plan rules call "later".
 */
import { crossPlanFindings } from '../check';
import { dayNumber } from '../render';
import type { SeveritySetting } from '../types';
import type { PlanSummary, SummaryMilestone } from './summary';

export interface ReportOptions {
  /** Judge every plan on this date (ISO); otherwise each plan on its own `as_of`. */
  asOf?: string;
  /** "Due soon": due within this many days after the as-of date (default 90). */
  horizonDays?: number;
  /** How many of the highest-scoring risks to list (default 10). */
  topRisks?: number;
}

export const REPORT_FORMAT_VERSION = 1;
export const DEFAULT_HORIZON_DAYS = 90;

/** National milestones of the commissioner/provider split, and of the new commissioning landscape (2010 transition letter). */
export const SPLIT_MILESTONES = ['regional-leadership', 'regional-split'] as const;
export const COMMISSIONING_MILESTONES = ['first-consortia', 'bridging-until', 'all-practices-in-consortia', 'pcts-cease'] as const;

export interface ReportPlan {
  file: string;
  href: string;
  kind: string | null;
  title: string | null;
  organisation: string | null;
  organisationName: string | null;
  period: string | null;
  status: string | null;
  /** The date the plan is judged on: --as-of, else its own `as_of`; null when neither. */
  asOf: string | null;
  version: string | null;
  errors: number;
  warnings: number;
  infos: number;
}

export interface ReportProblem {
  file: string;
  href: string;
  /** One-based, as editors show it. */
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

export interface MoneyRow {
  file: string;
  kind: string | null;
  organisation: string | null;
  year: string;
  target: number | null;
  recurrent: number;
  oneOff: number;
  /** target − recurrent savings: more than 0 is a shortfall; null without a target. */
  gap: number | null;
}

export interface MoneyTotal {
  /** `national` (regional plans summed) or a plan kind. */
  group: string;
  label: string;
  year: string;
  plans: number;
  target: number | null;
  recurrent: number;
  oneOff: number;
  gap: number | null;
}

export interface Delivery {
  file: string;
  organisation: string | null;
  milestone: string | null;
  title: string | null;
  owner: string | null;
  due: string | null;
  status: string | null;
  doneOn: string | null;
  /** Due after the national deadline (or, for a not-before milestone, before it), or done after it. */
  late: boolean;
  /** Days past the national deadline; 0 when not late. */
  daysLate: number;
}

export interface ReportModel {
  format: 'qipp-report';
  version: number;
  asOf: string | null;
  horizonDays: number;
  summary: { plans: number; errors: number; warnings: number; infos: number; crossPlan: number; overdue: number; dueSoon: number; lateNational: number };
  plans: ReportPlan[];
  problems: ReportProblem[];
  money: {
    years: MoneyRow[];
    totals: MoneyTotal[];
    nonRecurrent: { file: string; organisation: string | null; organisationName: string | null; year: string | null; amount: number; planYearTotal: number; cap: number | null; overCap: boolean }[];
    namedSupport: { file: string; organisation: string | null; organisationName: string | null; amount: number; reason: string | null }[];
    regionalFunds: { file: string; name: string | null; amount: number; deployment: string | null }[];
  };
  national: {
    milestones: { id: string; title: string; deadline: string; direction: 'before' | 'not-before'; deliveries: Delivery[] }[];
    late: (Delivery & { national: string; deadline: string })[];
    /** Regional plans that deliver none of the split's, or none of the new commissioning landscape's, national milestones. */
    missing: { file: string; organisation: string | null; split: boolean; commissioning: boolean }[];
  };
  delivery: {
    overdue: (Omit<Delivery, 'late' | 'daysLate'> & { asOf: string; days: number })[];
    dueSoon: (Omit<Delivery, 'late' | 'daysLate'> & { asOf: string; days: number })[];
    /** Milestones overdue and due soon, counted by plan and owner organisation; the most overdue first. */
    byOwner: { file: string; organisation: string | null; owner: string | null; overdue: number; dueSoon: number }[];
    rag: { file: string; organisation: string | null; red: number; amber: number; green: number; none: number }[];
    risks: { file: string; organisation: string | null; risk: string | null; title: string | null; likelihood: number; impact: number; score: number; owner: string | null; mitigated: boolean }[];
  };
}

const r4 = (n: number) => Math.round(n * 1e4) / 1e4;
const nul = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

export interface CrossPlanOptions {
  /** A plan's rule severities (its configuration); the catalogue's defaults when absent. */
  rulesOf?: (s: PlanSummary, i: number) => Readonly<Record<string, SeveritySetting>> | undefined;
  /** What orders the plans for "later" (a full path, a URI); the summary's `file` when absent. */
  keyOf?: (s: PlanSummary, i: number) => string;
}

/** Adds the cross-plan findings to each summary's problems (copies; the summaries given are not changed). */
export function withCrossPlan(summaries: readonly PlanSummary[], options: CrossPlanOptions = {}): PlanSummary[] {
  const cross = crossPlanFindings(summaries.map((s, i) => ({ key: options.keyOf?.(s, i) ?? s.file, label: s.file, facts: s.facts, rules: options.rulesOf?.(s, i) })));
  return summaries.map((s, i) =>
    cross[i].length === 0
      ? s
      : {
          ...s,
          problems: [...s.problems, ...cross[i].map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line, character: f.range.start.character }))].sort((a, b) => a.line - b.line || a.character - b.character),
        },
  );
}

/** The report of these plans. */
export function buildReport(input: readonly PlanSummary[], options: ReportOptions = {}): ReportModel {
  const plans = [...input].sort(byFile);
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const asOfOf = (s: PlanSummary) => options.asOf ?? s.asOf;
  const problems = plans.flatMap((s) => s.problems.map((p) => ({ file: s.file, href: s.href ?? s.file, line: p.line + 1, column: p.character + 1, rule: p.rule, severity: p.severity, message: p.message })));
  const national = nationalSection(plans);
  const delivery = deliverySection(plans, asOfOf, horizonDays, options.topRisks ?? 10);
  const count = (sev: string) => problems.filter((p) => p.severity === sev).length;
  return {
    format: 'qipp-report',
    version: REPORT_FORMAT_VERSION,
    asOf: options.asOf ?? null,
    horizonDays,
    summary: {
      plans: plans.length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      crossPlan: problems.filter((p) => p.rule.startsWith('cross-')).length,
      overdue: delivery.overdue.length,
      dueSoon: delivery.dueSoon.length,
      lateNational: national.late.length,
    },
    plans: plans.map((s) => planRow(s, asOfOf(s))),
    problems,
    money: moneySection(plans),
    national,
    delivery,
  };
}

function planRow(s: PlanSummary, asOf: string | undefined): ReportPlan {
  const n = (sev: string) => s.problems.filter((p) => p.severity === sev).length;
  return {
    file: s.file,
    href: s.href ?? s.file,
    kind: nul(s.kind),
    title: nul(s.title),
    organisation: nul(s.organisation),
    organisationName: nul(s.organisationName),
    period: nul(s.period),
    status: nul(s.status),
    asOf: nul(asOf),
    version: nul(s.version),
    errors: n('error'),
    warnings: n('warning'),
    infos: n('info'),
  };
}

const KIND_TOTALS: Record<string, [string, string]> = {
  'qipp-reform-plan': ['national', 'National total (regional QIPP and Reform plans)'],
  'qipp-plan': ['qipp-plan', 'All QIPP plans'],
  'provider-plan': ['provider-plan', 'All provider plans'],
  'improvement-plan': ['improvement-plan', 'All improvement plans'],
};

function moneySection(plans: readonly PlanSummary[]): ReportModel['money'] {
  const years: MoneyRow[] = [];
  for (const s of plans) {
    const f = s.finance;
    const all = new Set([...Object.keys(f.target ?? {}), ...Object.keys(f.recurrent), ...Object.keys(f.oneOff)]);
    for (const year of [...all].sort()) {
      const target = f.target ? (f.target[year] ?? 0) : null;
      const recurrent = r4(f.recurrent[year] ?? 0);
      years.push({ file: s.file, kind: nul(s.kind), organisation: nul(s.organisation), year, target, recurrent, oneOff: r4(f.oneOff[year] ?? 0), gap: target === null ? null : r4(target - recurrent) });
    }
  }
  const totals = new Map<string, MoneyTotal>();
  for (const row of years) {
    const [group, label] = KIND_TOTALS[row.kind ?? ''] ?? ['unknown', 'Plans of no known kind'];
    const key = `${group}\u0000${row.year}`;
    const t = totals.get(key) ?? { group, label, year: row.year, plans: 0, target: null, recurrent: 0, oneOff: 0, gap: null };
    t.plans++;
    if (row.target !== null) t.target = r4((t.target ?? 0) + row.target);
    if (row.gap !== null) t.gap = r4((t.gap ?? 0) + row.gap);
    t.recurrent = r4(t.recurrent + row.recurrent);
    t.oneOff = r4(t.oneOff + row.oneOff);
    totals.set(key, t);
  }
  const groupOrder = ['national', 'qipp-plan', 'provider-plan', 'improvement-plan', 'unknown'];
  return {
    years,
    totals: [...totals.values()].sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) || (a.year < b.year ? -1 : a.year > b.year ? 1 : 0)),
    nonRecurrent: nonRecurrentRows(plans),
    namedSupport: plans.flatMap((s) => s.finance.namedSupport.map((n) => ({ file: s.file, organisation: nul(n.organisation), organisationName: nul(n.organisationName), amount: n.amount, reason: nul(n.reason) }))),
    regionalFunds: plans.flatMap((s) => s.finance.regionalFunds.map((n) => ({ file: s.file, name: nul(n.name), amount: n.amount, deployment: nul(n.deployment) }))),
  };
}

/** The 2% non-recurring funds by plan, organisation and year, against 2% of the plan's recurrent allocation that year. */
function nonRecurrentRows(plans: readonly PlanSummary[]): ReportModel['money']['nonRecurrent'] {
  const out: ReportModel['money']['nonRecurrent'] = [];
  for (const s of plans) {
    const yearTotal = new Map<string, number>();
    const rows = new Map<string, (typeof out)[number]>();
    for (const n of s.finance.nonRecurrent) {
      const year = n.year ?? '';
      yearTotal.set(year, (yearTotal.get(year) ?? 0) + n.amount);
      const key = `${n.organisation ?? ''}\u0000${year}`;
      const row = rows.get(key) ?? { file: s.file, organisation: nul(n.organisation), organisationName: nul(n.organisationName), year: nul(n.year), amount: 0, planYearTotal: 0, cap: null, overCap: false };
      row.amount = r4(row.amount + n.amount);
      rows.set(key, row);
    }
    for (const row of rows.values()) {
      const total = r4(yearTotal.get(row.year ?? '') ?? 0);
      const alloc = row.year === null ? undefined : s.finance.allocation?.[row.year];
      row.planYearTotal = total;
      row.cap = alloc === undefined ? null : r4(alloc * 0.02);
      row.overCap = row.cap !== null && total - row.cap > 1e-4;
      out.push(row);
    }
  }
  return out;
}

function delivery(s: PlanSummary, m: SummaryMilestone): Omit<Delivery, 'late' | 'daysLate'> {
  return { file: s.file, organisation: nul(s.organisation), milestone: nul(m.id), title: nul(m.title), owner: nul(m.owner), due: nul(m.due), status: nul(m.status), doneOn: nul(m.doneOn) };
}

function nationalSection(plans: readonly PlanSummary[]): ReportModel['national'] {
  const known = new Map<string, ReportModel['national']['milestones'][number]>();
  for (const s of plans) for (const n of s.timeline) if (!known.has(n.id)) known.set(n.id, { id: n.id, title: n.title, deadline: n.deadline, direction: n.direction, deliveries: [] });
  const late: ReportModel['national']['late'] = [];
  for (const s of plans) {
    const own = new Map(s.timeline.map((n) => [n.id, n]));
    for (const m of s.milestones) {
      const n = m.delivers ? own.get(m.delivers) : undefined;
      const entry = n && known.get(n.id);
      if (!n || !entry) continue;
      let days = 0;
      if (n.direction === 'not-before') days = m.due && m.due < n.deadline ? dayNumber(n.deadline) - dayNumber(m.due) : 0;
      else days = Math.max(m.due && m.due > n.deadline ? dayNumber(m.due) - dayNumber(n.deadline) : 0, m.doneOn && m.doneOn > n.deadline ? dayNumber(m.doneOn) - dayNumber(n.deadline) : 0);
      const d: Delivery = { ...delivery(s, m), late: days > 0, daysLate: days };
      entry.deliveries.push(d);
      if (d.late) late.push({ ...d, national: n.id, deadline: n.deadline });
    }
  }
  const milestones = [...known.values()].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
  const delivers = (s: PlanSummary, ids: readonly string[]) => s.milestones.some((m) => m.delivers !== undefined && ids.includes(m.delivers));
  const missing = plans
    .filter((s) => s.kind === 'qipp-reform-plan')
    .map((s) => ({ file: s.file, organisation: nul(s.organisation), split: !delivers(s, SPLIT_MILESTONES), commissioning: !delivers(s, COMMISSIONING_MILESTONES) }))
    .filter((r) => r.split || r.commissioning);
  return { milestones, late, missing };
}

/** An ISO date `days` after another. */
function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);
}

function deliverySection(plans: readonly PlanSummary[], asOfOf: (s: PlanSummary) => string | undefined, horizon: number, top: number): ReportModel['delivery'] {
  const overdue: ReportModel['delivery']['overdue'] = [];
  const dueSoon: ReportModel['delivery']['dueSoon'] = [];
  for (const s of plans) {
    const asOf = asOfOf(s);
    if (!asOf || Number.isNaN(dayNumber(asOf))) continue;
    const until = addDays(asOf, horizon);
    for (const m of s.milestones) {
      if (!m.due || m.status === 'done') continue;
      if (m.due < asOf) overdue.push({ ...delivery(s, m), asOf, days: dayNumber(asOf) - dayNumber(m.due) });
      else if (m.due <= until) dueSoon.push({ ...delivery(s, m), asOf, days: dayNumber(m.due) - dayNumber(asOf) });
    }
  }
  const byDue = (a: { due: string | null; file: string }, b: { due: string | null; file: string }) => ((a.due ?? '') < (b.due ?? '') ? -1 : (a.due ?? '') > (b.due ?? '') ? 1 : byFile(a, b));
  const risks = plans
    .flatMap((s) => s.risks.map((r) => ({ file: s.file, organisation: nul(s.organisation), risk: nul(r.id), title: nul(r.title), likelihood: r.likelihood, impact: r.impact, score: r.likelihood * r.impact, owner: nul(r.owner), mitigated: r.mitigated })))
    .sort((a, b) => b.score - a.score || byFile(a, b))
    .slice(0, top);
  const byOwner = new Map<string, ReportModel['delivery']['byOwner'][number]>();
  const count = (d: { file: string; organisation: string | null; owner: string | null }, key: 'overdue' | 'dueSoon') => {
    const k = `${d.file}\u0000${d.owner ?? ''}`;
    const row = byOwner.get(k) ?? { file: d.file, organisation: d.organisation, owner: d.owner, overdue: 0, dueSoon: 0 };
    row[key]++;
    byOwner.set(k, row);
  };
  overdue.forEach((d) => count(d, 'overdue'));
  dueSoon.forEach((d) => count(d, 'dueSoon'));
  return {
    overdue: overdue.sort(byDue),
    dueSoon: dueSoon.sort(byDue),
    // The most overdue first, then the most due soon: where a reviewer looks first.
    byOwner: [...byOwner.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || byFile(a, b) || ((a.owner ?? '') < (b.owner ?? '') ? -1 : (a.owner ?? '') > (b.owner ?? '') ? 1 : 0)),
    rag: plans.map((s) => ({ file: s.file, organisation: nul(s.organisation), ...s.rag })),
    risks,
  };
}
