/**
 * The preview's money: the savings of the initiatives by financial year and
 * QIPP pillar against the kind's target (chart and table), and the rest of
 * `finance` as written. The target, its words and the heading come from the kind table.
 */
import { own } from '../text';
import { kindInfo, PLAN_KINDS, type CellFormat, type KindInfo } from '../kinds';
import { fyName, fyStart, yearlyMoney, type Plan } from '../model';
import { get, pairOf, type PMap, type PPair } from '../syntax';
import { gapOf, PILLAR_LABELS, PILLARS, recurrentTotal, renderSavingsChart, type SavingsYear } from './charts';
import { pairLine, section, type Ctx } from './context';
import { findingsList } from './findings';
import { esc, money } from './html';
import { kvRow, tableOf } from './values';

/** The preview's words for the target of a kind without one (the chart still names it). */
const DEFAULT_TARGET_LABEL = 'Efficiency target';

/** The keys of every kind's target: shown in the chart, never again among the finance details. */
const TARGET_KEYS = new Set(PLAN_KINDS.map((k) => kindInfo(k).targetKey).filter((k) => k !== undefined));

interface Savings {
  years: SavingsYear[];
  targetLabel: string;
  targetPair?: PPair;
}

/** The savings of a plan's initiatives by year and pillar, against the kind's target. */
function savingsYears(c: Ctx): Savings {
  const { plan } = c;
  const info = kindInfo(plan.kind);
  const target = info.targetKey ? yearlyMoney(get(plan.root, 'finance'), info.targetKey) : undefined;
  const years = new Map<string, SavingsYear>();
  const yearOf = (name: string, line: number): SavingsYear => {
    let y = years.get(name);
    if (!y) {
      const start = fyStart(name);
      y = { year: name, outsidePeriod: !!plan.period && (start === undefined || start < plan.period.first || start > plan.period.last), byPillar: {}, oneOff: 0, line };
      years.set(name, y);
    }
    return y;
  };
  if (plan.period) for (let fy = plan.period.first; fy <= plan.period.last; fy++) yearOf(fyName(fy), target ? c.line(target.pair.span) : pairLine(c, 'period'));
  if (target) {
    for (const t of target.years) {
      const y = yearOf(t.year, c.line(t.key.span));
      y.target = t.value;
      y.line = c.line(t.key.span);
    }
  }
  addSavings(c, plan, yearOf);
  const sorted = [...years.values()].sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0));
  return { years: sorted, targetLabel: info.targetLabel ?? DEFAULT_TARGET_LABEL, targetPair: target?.pair };
}

/** Adds each initiative's savings to its years: recurrent ones by pillar, the others as one-off. */
function addSavings(c: Ctx, plan: Plan, yearOf: (name: string, line: number) => SavingsYear): void {
  for (const ini of plan.initiatives) {
    if (!ini.savings) continue;
    // An initiative's savings are shared equally among its QIPP pillars.
    const valid = [...new Set(ini.pillars?.value.filter((p) => (PILLARS as readonly string[]).includes(p)) ?? [])];
    const pillars = valid.length ? valid : ['none'];
    for (const s of ini.savings.years) {
      const y = yearOf(s.year, c.line(s.key.span));
      if (!ini.recurrent) {
        y.oneOff += s.value;
        continue;
      }
      for (const p of pillars) y.byPillar[p] = (y.byPillar[p] ?? 0) + s.value / pillars.length;
    }
  }
}

export function savingsSection(c: Ctx): string {
  const { plan } = c;
  const info = kindInfo(plan.kind);
  const savings = savingsYears(c);
  const { years } = savings;
  const financePair = pairOf(plan.root, 'finance');
  const hasMoney = years.some((y) => y.target !== undefined || recurrentTotal(y) > 0 || y.oneOff > 0);
  const parts: string[] = [];
  if (hasMoney) {
    parts.push(savingsChartAndTable(info, savings));
    if (savings.targetPair) parts.push(findingsList(c.claim(savings.targetPair.span)));
  }
  if (financePair && financePair.value.type === 'map') {
    parts.push(financeDetails(c, financePair.value));
    parts.push(findingsList(c.claim(financePair.span)));
  }
  if (parts.length === 0) return '';
  return section('savings', info.financeHeading, financePair ? c.line(financePair.span) : years[0]?.line ?? 0, parts.join(''));
}

/** The note, chart, legend and table of the savings by year. */
function savingsChartAndTable(info: KindInfo, { years, targetLabel }: Savings): string {
  const usedPillars = [...PILLARS, 'none'].filter((p) => years.some((y) => (y.byPillar[p] ?? 0) > 0));
  const hasTarget = years.some((y) => y.target !== undefined);
  // A provider's efficiency requirement is compared with its initiatives' savings only when they name any.
  const showGaps = hasTarget && (info.gapWithoutSavings || years.some((y) => recurrentTotal(y) > 0));
  const hasOneOff = years.some((y) => y.oneOff > 0);
  const cols = { usedPillars, hasTarget, showGaps, hasOneOff };
  return (
    `<p class="note">Recurrent savings of the initiatives, by financial year, by QIPP pillar (an initiative with several pillars has its savings shared equally among them)${showGaps ? `, against the ${esc(targetLabel.toLowerCase())}` : hasTarget ? `, with the ${esc(targetLabel.toLowerCase())}` : ''}.${hasOneOff ? ' One-off savings are shown hatched and are not counted against the target.' : ''}</p>` +
    renderSavingsChart(years, targetLabel, showGaps) +
    `<ul class="legend">${usedPillars.map((p) => `<li><span class="swatch pillar-${p}"></span>${esc(PILLAR_LABELS[p])}</li>`).join('')}` +
    (hasOneOff ? `<li><span class="swatch one-off"></span>One-off</li>` : '') +
    (hasTarget ? `<li><span class="swatch target"></span>${esc(targetLabel)}</li>` : '') +
    `</ul>` +
    savingsTable(years, targetLabel, cols)
  );
}

interface SavingsColumns {
  usedPillars: string[];
  hasTarget: boolean;
  showGaps: boolean;
  hasOneOff: boolean;
}

function savingsTable(years: readonly SavingsYear[], targetLabel: string, { usedPillars, hasTarget, showGaps, hasOneOff }: SavingsColumns): string {
  const head = `<tr><th>Financial year</th>${usedPillars.map((p) => `<th class="num">${esc(PILLAR_LABELS[p])}</th>`).join('')}<th class="num">Recurrent savings</th>${hasOneOff ? '<th class="num">One-off</th>' : ''}${hasTarget ? `<th class="num">${esc(targetLabel)}</th>` : ''}${showGaps ? '<th class="num">Gap</th>' : ''}</tr>`;
  const rows = years.map((y) => {
    const gap = showGaps ? gapOf(y) : undefined;
    const targetCell = hasTarget ? `<td class="num">${y.target === undefined ? '—' : esc(money(y.target))}</td>` : '';
    const gapCell = showGaps
      ? `<td class="num${gap === 0 ? ' ok' : ''}">${gap === undefined ? '—' : gap === 0 ? 'none' : gap > 0 ? esc(`${money(gap)} short`) : esc(`${money(-gap)} over`)}</td>`
      : '';
    return (
      `<tr data-line="${y.line}"${gap ? ' class="gap-row"' : ''}><td>${esc(y.year)}${y.outsidePeriod ? ' <span class="muted">(outside the period)</span>' : ''}</td>` +
      usedPillars.map((p) => `<td class="num">${esc(money(y.byPillar[p] ?? 0))}</td>`).join('') +
      `<td class="num">${esc(money(recurrentTotal(y)))}</td>${hasOneOff ? `<td class="num">${esc(money(y.oneOff))}</td>` : ''}${targetCell}${gapCell}</tr>`
    );
  });
  return `<table class="savings-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Tables of the lists in `finance`, by key. */
const FINANCE_TABLES: Record<string, { heading: string; cols: [string, string, CellFormat][] }> = {
  non_recurrent_2pc: { heading: 'The 2% non-recurring funds', cols: [['organisation', 'Organisation', 'org'], ['year', 'Year', 'text'], ['amount_gbp_m', 'Amount', 'money'], ['purpose', 'Purpose', 'text']] },
  named_support: { heading: 'Financial support for named organisations', cols: [['organisation', 'Organisation', 'org'], ['amount_gbp_m', 'Amount', 'money'], ['reason', 'Reason', 'text']] },
  regional_funds: { heading: 'Regionally lodged funds', cols: [['name', 'Fund', 'text'], ['amount_gbp_m', 'Amount', 'money'], ['deployment', 'Deployment', 'text']] },
};

/** The parts of `finance` that are not the chart: lists as tables, other values as they are written. */
function financeDetails(c: Ctx, finance: PMap): string {
  const out: string[] = [];
  const plain: PPair[] = [];
  for (const p of finance.pairs) {
    const key = String(p.key.value);
    if (TARGET_KEYS.has(key)) continue;
    const t = own(FINANCE_TABLES, key);
    if (t && p.value.type === 'seq') out.push(`<h3 data-line="${c.line(p.span)}">${esc(t.heading)}</h3>${tableOf(c, p.value, t.cols)}${findingsList(c.claim(p.span))}`);
    else plain.push(p);
  }
  if (plain.length) out.unshift(`<dl class="kv">${plain.map((p) => kvRow(c, p)).join('')}</dl>`);
  return out.join('');
}
