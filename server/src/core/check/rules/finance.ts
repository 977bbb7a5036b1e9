import { fyName, fyStart } from '../../model';
import { yearlyMoney, type YearlyMoney } from '../../model';
import { get, pairOf, type PNode } from '../../syntax';
import type { Rule } from './rule';

/**
 * Money is compared to within £100, 1e-4 of £1m (spec 3c.7), so 0.1 + 0.2 still
 * equals 0.3; the tiny allowance keeps a difference of exactly £100 within it,
 * though 1.0001 - 1 is a hair over 1e-4 in floating point.
 */
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-4 + 1e-12;
/** Millions of pounds to the nearest pound, so a gap just over £100 does not read as £0.0001m. */
const money = (n: number) => `£${Number(n.toFixed(6))}m`;

/** Every yearly money mapping of the plan, wherever the kind keeps one. */
function yearlyMaps(plan: Parameters<Rule['check']>[0]): YearlyMoney[] {
  const out: YearlyMoney[] = [];
  const finance = get(plan.root, 'finance');
  for (const key of ['efficiency_target_gbp_m', 'recurrent_allocation_gbp_m', 'efficiency_gbp_m']) {
    const y = yearlyMoney(finance, key);
    if (y) out.push(y);
  }
  for (const ini of plan.initiatives) if (ini.savings) out.push(ini.savings);
  return out;
}

export const fyOutsidePeriod: Rule = {
  id: 'fy-outside-period',
  check(plan, ctx) {
    if (!plan.period) return;
    const { first, last } = plan.period;
    for (const y of yearlyMaps(plan)) {
      for (const e of y.years) {
        const start = fyStart(e.year);
        if (start !== undefined && (start < first || start > last)) {
          ctx.report(e.key.span, `${e.year} is outside the plan's period (${fyName(first)} to ${fyName(last)}), so this money counts towards nothing in the plan.`);
        }
      }
    }
  },
};

export const savingsTotal: Rule = {
  id: 'savings-total',
  kinds: ['qipp-reform-plan'],
  check(plan, ctx) {
    if (!plan.period) return;
    const target = yearlyMoney(get(plan.root, 'finance'), 'efficiency_target_gbp_m');
    if (!target) return;
    // Initiatives whose `recurrent` is not false count (spec 3c.7).
    const counted = plan.initiatives.filter((i) => i.recurrent && i.savings).map((i) => i.savings!);
    // A malformed year hides only itself (spec 3c.3); a year with a figure that is not a number cannot be totalled.
    const unknown = new Set([target, ...counted].flatMap((y) => y.unreadableYears));
    // Each year's total in one pass over the initiatives, added in the same order as year by year (the same sums to the last bit).
    const sums = new Map<string, number>();
    for (const savings of counted) for (const e of savings.years) sums.set(e.year, (sums.get(e.year) ?? 0) + e.value);
    for (let start = plan.period.first; start <= plan.period.last; start++) {
      const year = fyName(start);
      if (unknown.has(year)) continue;
      const sum = sums.get(year) ?? 0;
      const t = target.years.find((e) => e.year === year);
      const want = t ? t.value : 0;
      if (same(sum, want)) continue;
      const gap = want - sum;
      ctx.report(
        t ? t.node.span : target.pair.key.span,
        t
          ? `In ${year} the recurrent initiatives save ${money(sum)} against an efficiency target of ${money(want)}: ${gap > 0 ? `${money(gap)} short` : `${money(-gap)} more than the target`}.`
          : `The efficiency target has no figure for ${year}, but the recurrent initiatives save ${money(sum)} in that year.`,
        { year, sum, target: want },
      );
    }
  },
};

export const nonRecurrentCap: Rule = {
  id: 'non-recurrent-cap',
  kinds: ['qipp-reform-plan'],
  check(plan, ctx) {
    const finance = get(plan.root, 'finance');
    if (!finance || finance.type !== 'map') return;
    const pair = pairOf(finance, 'non_recurrent_2pc');
    const allocation = yearlyMoney(finance, 'recurrent_allocation_gbp_m');
    if (!pair || pair.value.type !== 'seq' || !allocation) return;
    const byYear = new Map<string, number>();
    for (const item of pair.value.items) {
      const year = num(item, 'year', 'string');
      const amount = num(item, 'amount_gbp_m', 'number');
      if (typeof year === 'string' && typeof amount === 'number') byYear.set(year, (byYear.get(year) ?? 0) + amount);
    }
    for (const [year, total] of byYear) {
      const alloc = allocation.years.find((e) => e.year === year);
      if (!alloc) continue;
      const cap = alloc.value * 0.02;
      if (total > cap && !same(total, cap)) {
        ctx.report(pair.key.span, `The 2% non-recurring funds for ${year} add up to ${money(total)}, more than 2% of the recurrent allocation (${money(cap)} of ${money(alloc.value)}).`, { year, total, cap });
      }
    }
  },
};

function num(item: PNode, key: string, type: 'string' | 'number'): string | number | undefined {
  const v = get(item, key);
  return v && v.type === 'scalar' && typeof v.value === type ? (v.value as string | number) : undefined;
}

export const qualityImpactMissing: Rule = {
  id: 'quality-impact-missing',
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (!ini.savings || ini.savings.years.length === 0 || ini.hasQualityImpact) continue;
      if (!ini.pillars?.value.includes('productivity')) continue;
      ctx.report(ini.savings.pair.key.span, `This productivity initiative plans savings but has no quality impact assessment: add \`quality_impact\` with the date it was assessed and a summary.`);
    }
  },
};

