/**
 * The diff as text: `stylish` for a terminal and `md` for a pull-request
 * comment or a job summary. Both list every change by group, and the years
 * whose money changed in a table (Markdown) or a line each (terminal).
 */
import type { DiffEntry, PlanDiff } from './types';
import { describe, FUND_WORDS, gapMove, groupHeading, grouped, hasTarget, headline, moneyMove, moneyRows } from './words';
import { FUND_LISTS } from './money';

const plain = (s: string) => s.replace(/`([^`]*)`/g, '$1');
/** Markdown-safe text: the plan's words cannot open a link, an image, HTML or a table cell. */
const md = (s: string) => s.replace(/[\\<>[\]|*_]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
/** A sentence for Markdown: escaped, backticked ids kept as code. */
const mdSentence = (s: string) =>
  s
    .split(/(`[^`\n]*`)/)
    .map((part) => (part.length > 1 && part.startsWith('`') && part.endsWith('`') ? `\`${part.slice(1, -1).replace(/`/g, '')}\`` : md(part)))
    .join('');

function onlyOneSide(e: DiffEntry): string {
  return e.only === 'new' ? `a new plan (not in ${e.oldLabel})` : `removed (only in ${e.oldLabel})`;
}


function moneyLines(diff: PlanDiff): string[] {
  const out = moneyRows(diff).map((row) => {
    const o = row.old;
    const n = row.new;
    const oneOff = o?.oneOff || n?.oneOff ? `, one-off savings ${moneyMove(o?.oneOff ?? 0, n?.oneOff ?? 0)}` : '';
    const target = (o?.target ?? null) !== null || (n?.target ?? null) !== null ? `, target ${moneyMove(o?.target ?? null, n?.target ?? null)}, gap ${gapMove(o?.gap, n?.gap)}` : '';
    return `${row.year}: recurrent savings ${moneyMove(o?.recurrent ?? 0, n?.recurrent ?? 0)}${oneOff}${target}`;
  });
  for (const list of FUND_LISTS) {
    const o = diff.money.old.funds[list];
    const n = diff.money.new.funds[list];
    if (o !== n) out.push(`Total of ${FUND_WORDS[list]}: ${moneyMove(o, n)}`);
  }
  return out;
}

/** The terminal report (`--format stylish`). */
export function renderDiffText(entries: readonly DiffEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`${e.path} (${e.oldLabel} → ${e.newLabel})`);
    if (!e.diff) {
      out.push(`  ${onlyOneSide(e)}`, '');
      continue;
    }
    for (const [group, list] of grouped(e.diff.changes)) {
      out.push(`  ${groupHeading(group, e.diff.new.kind)}`);
      for (const c of list) out.push(`    ${plain(describe(c, e.diff.new.kind))}`);
      const money = group === 'Money' ? moneyLines(e.diff) : [];
      if (money.length) out.push('  Totals', ...money.map((l) => `    ${l}`));
    }
    out.push(`  ${headline(e.diff)}`, '');
  }
  if (entries.length === 0) out.push('No plans to compare.', '');
  return out.join('\n');
}

function moneyTable(diff: PlanDiff): string[] {
  const rows = moneyRows(diff);
  if (!rows.length) return [];
  const targets = hasTarget(diff);
  const out = ['', `| Year | Recurrent savings | One-off savings |${targets ? ' Target | Gap |' : ''}`, `|---|---|---|${targets ? '---|---|' : ''}`];
  for (const r of rows) {
    const target = targets ? ` ${moneyMove(r.old?.target ?? null, r.new?.target ?? null)} | ${gapMove(r.old?.gap, r.new?.gap)} |` : '';
    out.push(`| ${md(r.year)} | ${moneyMove(r.old?.recurrent ?? 0, r.new?.recurrent ?? 0)} | ${moneyMove(r.old?.oneOff ?? 0, r.new?.oneOff ?? 0)} |${target}`);
  }
  return out;
}

/** Markdown (`--format md`): a heading per plan, the headline, the changes by group, the money table. */
export function renderDiffMarkdown(entries: readonly DiffEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`### ${md(e.path)}`, '', `*${md(e.oldLabel)} → ${md(e.newLabel)}*`, '');
    if (!e.diff) {
      out.push(md(onlyOneSide(e)), '');
      continue;
    }
    const diff = e.diff;
    out.push(`**${md(headline(diff))}**`, '');
    for (const [group, list] of grouped(diff.changes)) {
      out.push(`#### ${groupHeading(group, diff.new.kind)}`, '', ...list.map((c) => `- ${mdSentence(describe(c, diff.new.kind))}`));
      if (group === 'Money') out.push(...moneyTable(diff), ...moneyLines(diff).filter((l) => l.startsWith('Total of')).map((l) => `\n${md(l)}`));
      out.push('');
    }
  }
  if (entries.length === 0) out.push('No plans to compare.', '');
  return out.join('\n');
}
