/**
 * The outline (sections → initiatives → milestones), folding ranges and
 * selection ranges of a plan. PURE.
 */
import { Lines } from './cursor';
import type { Analysis } from '../check';
import type { Initiative } from '../model';
import type { PMap, PNode } from '../syntax';
import type { Span } from '../types';

export type SymbolKind = 'section' | 'key' | 'initiative' | 'milestone' | 'organisation' | 'risk';

export interface PlanSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry. */
  span: Span;
  /** What to reveal and select: the key or the id. */
  selection: Span;
  children: PlanSymbol[];
}

const inside = (inner: Span, outer: Span) => inner[0] >= outer[0] && inner[1] <= outer[1];

/** The outline: each top-level key, with initiatives and milestones, organisations and risks below their sections. */
export function documentSymbols(a: Analysis): PlanSymbol[] {
  const root = a.root;
  if (!root || root.type !== 'map') return [];
  const plan = a.plan;
  return root.pairs.map((p) => {
    const name = String(p.key.value);
    const sym: PlanSymbol = { name, kind: 'section', span: p.span, selection: p.key.span, children: [] };
    if (!plan) return sym;
    const initiatives = plan.initiatives.filter((i) => inside(i.node.span, p.value.span) && p.value.type !== 'scalar');
    if (initiatives.length) {
      sym.children = initiatives.map((i) => initiativeSymbol(i));
      sym.detail = `${initiatives.length} ${initiatives[0].section === 'improvements' ? 'improvement' : 'initiative'}${initiatives.length === 1 ? '' : 's'}`;
    } else if (name === 'organisations') {
      sym.children = plan.organisations.map((o) => ({ name: o.id?.value ?? o.name ?? '(no id)', detail: `${o.name ?? ''}${o.name ? ' · ' : ''}${o.side}`, kind: 'organisation' as const, span: o.node.span, selection: o.id?.node.span ?? o.node.span, children: [] }));
    } else if (name === 'risks') {
      sym.children = plan.risks.map((r) => ({ name: r.id?.value ?? '(no id)', detail: r.title, kind: 'risk' as const, span: r.node.span, selection: r.id?.node.span ?? r.node.span, children: [] }));
    } else if (p.value.type === 'map') {
      sym.children = (p.value as PMap).pairs.map((q) => ({ name: String(q.key.value), kind: 'key' as const, span: q.span, selection: q.key.span, children: [] }));
    }
    return sym;
  });
}

function initiativeSymbol(i: Initiative): PlanSymbol {
  const side = i.side?.value;
  return {
    name: i.id ? `${i.id.value}${i.title ? ` ${i.title}` : ''}` : (i.title ?? '(no id)'),
    detail: side ?? i.level?.value,
    kind: 'initiative',
    span: i.node.span,
    selection: i.id?.node.span ?? i.node.span,
    children: i.milestones.map((m) => ({
      name: m.id ? `${m.id.value}${m.title ? ` ${m.title}` : ''}` : (m.title ?? '(no id)'),
      detail: m.due ? `due ${m.due.value}` : undefined,
      kind: 'milestone' as const,
      span: m.node.span,
      selection: m.id?.node.span ?? m.node.span,
      children: [],
    })),
  };
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment';
}

/**
 * Folding by indentation, so that folds stay while the YAML does not parse:
 * a line folds the lines after it that are indented deeper (a key and its
 * block, a list item and its keys), and runs of two or more comment lines fold.
 */
export function foldingRanges(a: Analysis): FoldingRange[] {
  const lines = new Lines(a.lines);
  const out: FoldingRange[] = [];
  const open: { line: number; ind: number }[] = [];
  let lastContent = -1;
  let commentStart = -1;
  let commentEnd = -1;
  const closeComments = () => {
    if (commentStart >= 0 && commentEnd > commentStart) out.push({ startLine: commentStart, endLine: commentEnd, kind: 'comment' });
    commentStart = -1;
  };
  for (let l = 0; l < lines.count; l++) {
    const text = lines.text(l);
    if (/^\s*#/.test(text)) {
      if (commentStart < 0) commentStart = l;
      commentEnd = l;
      continue;
    }
    closeComments();
    if (/^\s*$/.test(text)) continue;
    const ind = text.length - text.trimStart().length;
    while (open.length && open[open.length - 1].ind >= ind) {
      const o = open.pop()!;
      if (lastContent > o.line) out.push({ startLine: o.line, endLine: lastContent });
    }
    open.push({ line: l, ind });
    lastContent = l;
  }
  closeComments();
  while (open.length) {
    const o = open.pop()!;
    if (lastContent > o.line) out.push({ startLine: o.line, endLine: lastContent });
  }
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}

/** Spans around the offset, innermost first: the word, its pair, its mapping, its item, and so on up to the document. */
export function selectionSpans(a: Analysis, offset: number): Span[] {
  const chain: Span[] = [];
  const push = (s: Span) => {
    const last = chain[chain.length - 1];
    if (!last || last[0] !== s[0] || last[1] !== s[1]) chain.push(s);
  };
  const visit = (n: PNode): boolean => {
    if (offset < n.span[0] || offset > n.span[1]) return false;
    if (n.type === 'map') {
      for (const p of n.pairs) {
        if (offset < p.span[0] || offset > p.span[1]) continue;
        if (offset <= p.key.span[1] && offset >= p.key.span[0]) push(p.key.span);
        else visit(p.value);
        push(trimmed(a.text, p.span));
        break;
      }
    } else if (n.type === 'seq') {
      for (const it of n.items) if (visit(it)) break;
    }
    push(trimmed(a.text, n.span));
    return true;
  };
  if (a.root) visit(a.root);
  push([0, a.text.length]);
  return chain;
}

function trimmed(text: string, span: Span): Span {
  let end = span[1];
  while (end > span[0] && /\s/.test(text[end - 1])) end--;
  return [span[0], end];
}
