/**
 * Plan values as HTML: organisation references, values shown as they are
 * written (mappings as definition lists, lists as lists) and lists of mappings
 * as tables. Each item carries its source line and its findings.
 */
import type { CellFormat } from '../kinds';
import { organisationOf } from '../model';
import { get, type PNode, type PPair } from '../syntax';
import { rawString, type Ctx } from './context';
import { findingRow, findingsList } from './findings';
import { esc, label, longDate, money, num, planText } from './html';
import { ENUM_KEYS, KEY_LABELS, VALUE_LABELS } from './labels';

/** An organisation by its id: its name, or the id marked as unknown. */
export function orgHtml(c: Ctx, id: string): string {
  const org = organisationOf(c.plan, id);
  if (!org) return `<span class="unknown-ref" title="No organisation in the plan has this id">${esc(id)}</span>`;
  return org.name ? `${esc(org.name)} <span class="muted">(${esc(id)})</span>` : esc(id);
}

function formatted(c: Ctx, n: PNode | undefined, fmt: CellFormat): string {
  if (!n) return '';
  if (n.type !== 'scalar') return valueHtml(c, n, '');
  const v = n.value;
  if (v === null) return '';
  switch (fmt) {
    case 'org':
      return typeof v === 'string' ? orgHtml(c, v) : esc(String(v));
    case 'money':
      return typeof v === 'number' ? esc(money(v)) : esc(String(v));
    case 'pct':
      return typeof v === 'number' ? esc(`${num(v)}%`) : esc(String(v));
    case 'date':
      return esc(longDate(String(v)));
    case 'enum':
      return esc(label(VALUE_LABELS, String(v)));
    default:
      return typeof v === 'string' ? planText(v) : esc(String(v));
  }
}

export function tableOf(c: Ctx, seq: PNode, cols: readonly (readonly [string, string, CellFormat])[]): string {
  if (seq.type !== 'seq' || seq.items.length === 0) return '<p class="empty">None.</p>';
  const rows = seq.items.map((item) => {
    const cells = cols.map(([key, , fmt]) => `<td${fmt === 'money' || fmt === 'pct' ? ' class="num"' : ''}>${formatted(c, get(item, key), fmt)}</td>`).join('');
    return `<tr data-line="${c.line(item.span)}">${cells}</tr>${findingRow(c, c.claim(item.span), cols.length)}`;
  });
  return `<table><thead><tr>${cols.map(([, name, fmt]) => `<th${fmt === 'money' || fmt === 'pct' ? ' class="num"' : ''}>${esc(name)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function keyLabel(key: string): string {
  return label(KEY_LABELS, key);
}

function scalarHtml(key: string, v: string | number | boolean | null): string {
  if (v === null) return '<span class="muted">not given</span>';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return esc(key.endsWith('_gbp_m') ? money(v) : key.endsWith('_pct') ? `${num(v)}%` : num(v));
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return esc(longDate(v));
  if (ENUM_KEYS.has(key)) return esc(label(VALUE_LABELS, v));
  return planText(v);
}

/** Any YAML value as HTML: mappings as definition lists, lists as lists; each item with its findings. */
export function valueHtml(c: Ctx, n: PNode, key: string): string {
  if (n.type === 'scalar') return scalarHtml(key, n.value);
  if (n.type === 'seq') {
    if (n.items.length === 0) return '<span class="muted">none</span>';
    if (n.items.every((i) => i.type === 'scalar')) {
      return `<ul class="chips">${n.items.map((i) => `<li class="chip plain" data-line="${c.line(i.span)}">${valueHtml(c, i, key)}</li>`).join('')}</ul>`;
    }
    return `<ul>${n.items.map((i) => `<li data-line="${c.line(i.span)}">${valueHtml(c, i, key)}${findingsList(c.claim(i.span))}</li>`).join('')}</ul>`;
  }
  const yearly = n.pairs.length > 0 && n.pairs.every((p) => /^\d{4}\/\d{2}$/.test(String(p.key.value)));
  if (yearly) {
    return esc(n.pairs.map((p) => `${String(p.key.value)}: ${p.value.type === 'scalar' && typeof p.value.value === 'number' ? (key.endsWith('_gbp_m') ? money(p.value.value) : num(p.value.value)) : String(rawString(p.value) ?? '')}`).join(', '));
  }
  return `<dl class="kv">${n.pairs.map((p) => kvRow(c, p)).join('')}</dl>`;
}

export function kvRow(c: Ctx, p: PPair): string {
  const key = String(p.key.value);
  return `<div data-line="${c.line(p.span)}"><dt>${esc(keyLabel(key))}</dt><dd>${valueHtml(c, p.value, key)}${findingsList(c.claim(p.span))}</dd></div>`;
}
