/**
 * Money in a plan, as the diff compares it: each initiative's savings per
 * financial year (recurrent or one-off), the yearly finance figures, and the
 * lists of funds (the 2% non-recurring funds, named organisations' support,
 * regionally lodged funds), matched by what names an entry.
 */
import { kindInfo } from '../kinds';
import { fyStart, yearlyMoney, type Initiative, type Plan } from '../model';
import { get, type PNode } from '../syntax';
import type { Change, FinanceKey, FundList, MoneyTotals, MoneyYear, Savings } from './types';

export const FUND_LISTS: readonly FundList[] = ['non_recurrent_2pc', 'named_support', 'regional_funds'];
const FINANCE_KEYS: readonly FinanceKey[] = ['efficiency_target_gbp_m', 'efficiency_gbp_m', 'recurrent_allocation_gbp_m'];

/** Sums without float noise beyond what a plan can write (£1 is 1e-6). */
export function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

const byYear = (a: string, b: string): number => (fyStart(a) ?? 0) - (fyStart(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

/** An initiative's savings by year; the same year written twice counts once (the last), as the preview reads it. */
export function savingsOf(ini: Initiative): Map<string, Savings> {
  const out = new Map<string, Savings>();
  for (const y of ini.savings?.years ?? []) out.set(y.year, ini.recurrent ? { recurrent: y.value, oneOff: 0 } : { recurrent: 0, oneOff: y.value });
  return out;
}

/** A yearly finance figure (`finance.<key>`) by year. */
export function financeYears(plan: Plan, key: FinanceKey): Map<string, number> {
  const m = yearlyMoney(get(plan.root, 'finance'), key);
  return new Map((m?.years ?? []).map((y) => [y.year, y.value]));
}

function scalar(n: PNode | undefined): string | number | undefined {
  return n && n.type === 'scalar' && (typeof n.value === 'string' || typeof n.value === 'number') ? n.value : undefined;
}

/** A list of funds, each entry by its name (organisation and year for the 2%), amounts summed when a name repeats. */
export function fundEntries(plan: Plan, list: FundList): Map<string, number> {
  const seq = get(get(plan.root, 'finance'), list);
  const out = new Map<string, number>();
  if (!seq || seq.type !== 'seq') return out;
  seq.items.forEach((item, i) => {
    const amount = scalar(get(item, 'amount_gbp_m'));
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return;
    const name = list === 'regional_funds' ? scalar(get(item, 'name')) : scalar(get(item, 'organisation'));
    const year = list === 'non_recurrent_2pc' ? scalar(get(item, 'year')) : undefined;
    const key = name === undefined ? `entry ${i + 1}` : year === undefined ? String(name) : `${name} ${year}`;
    out.set(key, round((out.get(key) ?? 0) + amount));
  });
  return out;
}

/** Year by year: the target, recurrent and one-off savings and the gap; and each list of funds' total. */
export function moneyTotals(plan: Plan): MoneyTotals {
  const targetKey = kindInfo(plan.kind).targetKey as FinanceKey | undefined;
  const target = targetKey ? financeYears(plan, targetKey) : new Map<string, number>();
  const years = new Map<string, MoneyYear>();
  const year = (y: string): MoneyYear => {
    let e = years.get(y);
    if (!e) years.set(y, (e = { year: y, target: null, recurrent: 0, oneOff: 0, gap: null }));
    return e;
  };
  for (const [y, v] of target) year(y).target = v;
  for (const ini of plan.initiatives) {
    for (const [y, s] of savingsOf(ini)) {
      const e = year(y);
      e.recurrent = round(e.recurrent + s.recurrent);
      e.oneOff = round(e.oneOff + s.oneOff);
    }
  }
  for (const e of years.values()) e.gap = e.target === null ? null : round(e.target - e.recurrent);
  const funds = {} as Record<FundList, number>;
  for (const list of FUND_LISTS) funds[list] = round([...fundEntries(plan, list).values()].reduce((a, b) => a + b, 0));
  return { years: [...years.values()].sort((a, b) => byYear(a.year, b.year)), funds };
}

const ZERO: Savings = { recurrent: 0, oneOff: 0 };
const same = (a: Savings, b: Savings): boolean => a.recurrent === b.recurrent && a.oneOff === b.oneOff;

/** Savings changes of one initiative (either side may be absent: added or removed). */
export function savingsChanges(id: string, before: Initiative | undefined, after: Initiative | undefined): Change[] {
  const a = before ? savingsOf(before) : new Map<string, Savings>();
  const b = after ? savingsOf(after) : new Map<string, Savings>();
  const out: Change[] = [];
  for (const year of [...new Set([...a.keys(), ...b.keys()])].sort(byYear)) {
    const o = a.get(year) ?? ZERO;
    const n = b.get(year) ?? ZERO;
    if (!same(o, n)) out.push({ type: 'savings', initiative: id, year, old: o, new: n });
  }
  return out;
}

/** Changes to the yearly finance figures and to the lists of funds. */
export function financeChanges(before: Plan, after: Plan): Change[] {
  const out: Change[] = [];
  for (const key of FINANCE_KEYS) {
    const a = financeYears(before, key);
    const b = financeYears(after, key);
    for (const year of [...new Set([...a.keys(), ...b.keys()])].sort(byYear)) {
      const o = a.get(year) ?? null;
      const n = b.get(year) ?? null;
      if (o !== n) out.push({ type: 'finance', key, year, old: o, new: n });
    }
  }
  for (const list of FUND_LISTS) {
    const a = fundEntries(before, list);
    const b = fundEntries(after, list);
    for (const key of [...new Set([...a.keys(), ...b.keys()])]) {
      const o = a.get(key) ?? null;
      const n = b.get(key) ?? null;
      if (o !== n) out.push({ type: 'fund', list, key, old: o, new: n });
    }
  }
  return out;
}
