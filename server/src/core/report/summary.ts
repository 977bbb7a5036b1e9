/**
 * One plan, as the cross-plan report needs it: plain data taken from its
 * Analysis (no tree), so that it can be made on a worker thread and sent
 * back, and so that the report itself (model.ts) is a pure function of the
 * summaries of any number of plans.
 */
import { planFacts, type Analysis, type PlanFacts } from '../check';
import { fyName, yearlyMoney, organisationOf, type Plan } from '../model';
import { get, type PNode } from '../syntax';
import type { NationalMilestone, PlanKind, Severity } from '../types';

/** Money by financial year (`2010/11` -> £m). */
export type YearMoney = Record<string, number>;

export interface SummaryProblem {
  rule: string;
  severity: Severity;
  message: string;
  /** Zero-based, as in LSP (shown one-based). */
  line: number;
  character: number;
}

export interface SummaryMilestone {
  id?: string;
  title?: string;
  /** The milestone's owner, or its initiative's lead. */
  owner?: string;
  due?: string;
  status?: string;
  delivers?: string;
  doneOn?: string;
}

export interface SummaryRisk {
  id?: string;
  title?: string;
  likelihood: number;
  impact: number;
  owner?: string;
  mitigated: boolean;
}

export interface PlanSummary {
  /** How the report names the plan (a path relative to the working folder). */
  file: string;
  /** Where the plan's link points (relative to the report, or a URI); the file when absent. */
  href?: string;
  kind?: PlanKind;
  title?: string;
  organisation?: string;
  organisationName?: string;
  /** `period` as written, when it reads as one. */
  period?: string;
  status?: string;
  asOf?: string;
  version?: string;
  problems: SummaryProblem[];
  facts: PlanFacts;
  finance: {
    /** The efficiency target: `efficiency_target_gbp_m` (QIPP and Reform plans) or `efficiency_gbp_m` (provider plans). */
    target?: YearMoney;
    recurrent: YearMoney;
    oneOff: YearMoney;
    allocation?: YearMoney;
    nonRecurrent: { organisation?: string; organisationName?: string; year?: string; amount: number; purpose?: string }[];
    namedSupport: { organisation?: string; organisationName?: string; amount: number; reason?: string }[];
    regionalFunds: { name?: string; amount: number; deployment?: string }[];
  };
  milestones: SummaryMilestone[];
  rag: { red: number; amber: number; green: number; none: number };
  risks: SummaryRisk[];
  /** The national milestones in force for the plan. */
  timeline: NationalMilestone[];
}

const str = (n: PNode | undefined): string | undefined => (n && n.type === 'scalar' && typeof n.value === 'string' && n.value.trim() !== '' ? n.value : undefined);
const numOf = (n: PNode | undefined): number | undefined => (n && n.type === 'scalar' && typeof n.value === 'number' && Number.isFinite(n.value) ? n.value : undefined);
const items = (n: PNode | undefined): PNode[] => (n && n.type === 'seq' ? n.items.filter((i) => i.type === 'map') : []);

function years(map: PNode | undefined, key: string): YearMoney | undefined {
  const y = yearlyMoney(map, key);
  if (!y) return undefined;
  const out: YearMoney = {};
  for (const e of y.years) out[e.year] = (out[e.year] ?? 0) + e.value;
  return out;
}

/** The summary of one analysed plan. `file` names it in the report. */
export function summarisePlan(a: Analysis, file: string, href?: string): PlanSummary {
  const plan = a.plan;
  const problems = a.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line, character: f.range.start.character }));
  const base: PlanSummary = {
    file,
    ...(href !== undefined ? { href } : {}),
    problems,
    facts: planFacts(a),
    finance: { recurrent: {}, oneOff: {}, nonRecurrent: [], namedSupport: [], regionalFunds: [] },
    milestones: [],
    rag: { red: 0, amber: 0, green: 0, none: 0 },
    risks: [],
    timeline: [...a.timeline],
  };
  if (!plan) return base;
  const root = plan.root;
  const orgName = (id: string | undefined) => organisationOf(plan, id)?.name;
  base.kind = plan.kind;
  base.title = plan.title;
  base.organisation = plan.organisation?.value;
  base.organisationName = orgName(plan.organisation?.value);
  if (plan.period) base.period = plan.period.first === plan.period.last ? fyName(plan.period.first) : `${fyName(plan.period.first)}-${fyName(plan.period.last)}`;
  base.status = plan.status;
  base.asOf = plan.asOf;
  const version = get(root, 'version');
  if (version && version.type === 'scalar' && (typeof version.value === 'string' || typeof version.value === 'number')) base.version = String(version.value);
  base.finance = finance(plan, orgName);
  for (const ini of plan.initiatives) {
    const rag = ini.rag === 'red' || ini.rag === 'amber' || ini.rag === 'green' ? ini.rag : 'none';
    base.rag[rag]++;
  }
  base.milestones = plan.milestones.map((m) => {
    const owner = m.owner?.value ?? m.parent.lead?.value;
    return { id: m.id?.value, title: m.title, owner, due: m.due?.value, status: m.status, delivers: m.delivers?.value, doneOn: m.doneOn?.value };
  });
  base.risks = plan.risks.flatMap((r) =>
    r.likelihood !== undefined && r.impact !== undefined ? [{ id: r.id?.value, title: r.title, likelihood: r.likelihood, impact: r.impact, owner: r.owner?.value, mitigated: r.hasMitigation }] : [],
  );
  return base;
}

function finance(plan: Plan, orgName: (id: string | undefined) => string | undefined): PlanSummary['finance'] {
  const f = get(plan.root, 'finance');
  const recurrent: YearMoney = {};
  const oneOff: YearMoney = {};
  for (const ini of plan.initiatives) {
    const into = ini.recurrent ? recurrent : oneOff;
    for (const e of ini.savings?.years ?? []) into[e.year] = (into[e.year] ?? 0) + e.value;
  }
  const target = plan.kind === 'qipp-reform-plan' ? years(f, 'efficiency_target_gbp_m') : plan.kind === 'provider-plan' ? years(f, 'efficiency_gbp_m') : undefined;
  const reform = plan.kind === 'qipp-reform-plan';
  return {
    ...(target ? { target } : {}),
    recurrent,
    oneOff,
    ...(reform ? { allocation: years(f, 'recurrent_allocation_gbp_m') } : {}),
    nonRecurrent: reform
      ? items(get(f, 'non_recurrent_2pc')).flatMap((i) => {
          const amount = numOf(get(i, 'amount_gbp_m'));
          const org = str(get(i, 'organisation'));
          return amount === undefined ? [] : [{ organisation: org, organisationName: orgName(org), year: str(get(i, 'year')), amount, purpose: str(get(i, 'purpose')) }];
        })
      : [],
    namedSupport: reform
      ? items(get(f, 'named_support')).flatMap((i) => {
          const amount = numOf(get(i, 'amount_gbp_m'));
          const org = str(get(i, 'organisation'));
          return amount === undefined ? [] : [{ organisation: org, organisationName: orgName(org), amount, reason: str(get(i, 'reason')) }];
        })
      : [],
    regionalFunds: reform
      ? items(get(f, 'regional_funds')).flatMap((i) => {
          const amount = numOf(get(i, 'amount_gbp_m'));
          return amount === undefined ? [] : [{ name: str(get(i, 'name')), amount, deployment: str(get(i, 'deployment')) }];
        })
      : [],
  };
}

/** A plan that could not be read or checked, as the report and the overview show one: its one problem says why. */
export function unreadableSummary(file: string, href: string, message: string, rule = 'file-unreadable'): PlanSummary {
  return {
    file,
    href,
    problems: [{ rule, severity: 'error', message, line: 0, character: 0 }],
    facts: { organisations: [], leads: [] },
    finance: { recurrent: {}, oneOff: {}, nonRecurrent: [], namedSupport: [], regionalFunds: [] },
    milestones: [],
    rag: { red: 0, amber: 0, green: 0, none: 0 },
    risks: [],
    timeline: [],
  };
}
