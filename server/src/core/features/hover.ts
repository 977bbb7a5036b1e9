/**
 * Hover: what a key means (the schema's description, written for planning
 * leads), what an id refers to, the national milestone a `delivers` names
 * with its deadline and source, and for a diagnostic, what its rule checks
 * and why. PURE.
 */
import { ruleInfo } from '../check';
import { describeId } from './complete';
import { cursorContext } from './cursor';
import { fyStart } from '../model';
import type { Analysis } from '../check';
import { collectReferences, REFERENCE_KEYS } from './references';
import { isYearly, propertiesAt, schemasAt, schemasFor } from '../check';
import type { PlanKind, Span } from '../types';
import { valueNote } from '../model';
import { mdCode, mdText, own } from '../text';

export interface HoverResult {
  /** Markdown. */
  markdown: string;
  span: Span;
}

export interface HoverOptions {
  extraSchemas?: readonly { kind: PlanKind; schema: object }[];
}

export function hover(a: Analysis, offset: number, options: HoverOptions = {}): HoverResult | undefined {
  const parts: string[] = [];
  let span: Span | undefined;
  const ctx = cursorContext(a.lines, offset);
  if (ctx && ctx.word !== '' && offset >= ctx.span[0] && offset <= ctx.span[1]) {
    const text = about(a, ctx, options);
    if (text) {
      parts.push(text);
      span = ctx.span;
    }
  }
  const here = a.findings.filter((f) => offset >= f.span[0] && offset <= Math.max(f.span[1], f.span[0] + 1));
  const rules = [...new Set(here.map((f) => f.rule))];
  for (const id of rules) {
    const info = ruleInfo(id);
    if (!info) continue;
    parts.push(`**Rule \`${id}\`** (${here.find((f) => f.rule === id)!.severity}): ${info.summary}\n\n*Why:* ${info.why}`);
    span ??= here.find((f) => f.rule === id)!.span;
  }
  if (parts.length === 0 || !span) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), span };
}

function about(a: Analysis, ctx: NonNullable<ReturnType<typeof cursorContext>>, options: HoverOptions): string | undefined {
  const kind = a.kind;
  const schemas = kind ? schemasFor(kind, options.extraSchemas) : [];
  if (ctx.at === 'key') {
    const holder = schemasAt(schemas, ctx.path)[0];
    if (isYearly(holder)) {
      const y = fyStart(ctx.word);
      return y !== undefined ? `**Financial year ${mdText(ctx.word)}**: 1 April ${y} to 31 March ${y + 1}.` : undefined;
    }
    const p = propertiesAt(schemas, ctx.path).get(ctx.word);
    return p?.schema.description ? `**${mdCode(ctx.word)}**${p.required ? ' (required)' : ''}\n\n${p.schema.description}` : undefined;
  }
  const key = ctx.at === 'value' ? ctx.key : (ctx.path[ctx.path.length - 1] as string | undefined);
  if (typeof key !== 'string') return undefined;
  const value = ctx.word.replace(/^["']|["']$/g, '');
  const target = own(REFERENCE_KEYS, key);
  if (target === 'national') {
    const n = a.timeline.find((m) => m.id === value);
    return n
      ? `**National milestone ${mdCode(n.id)}**: ${mdText(n.title)}.\n\nDeadline: **${mdText(n.deadline)}**${n.direction === 'not-before' ? ' (a milestone that delivers it may not be due before this date)' : ''}.\n\n${mdText(n.source)}`
      : undefined;
  }
  if (target || key === 'id') {
    const d = a.plan?.byId.get(value);
    if (!d) return undefined;
    const described = describeId(d).documentation;
    if (key !== 'id') return described;
    const uses = countUses(a, value);
    return `${described}\n\n${uses === 0 ? 'Nothing in the plan refers to it yet.' : `Referred to ${uses} time${uses === 1 ? '' : 's'} in the plan.`}`;
  }
  const note = valueNote(key, value);
  const parentPath = ctx.at === 'value' ? ctx.path : ctx.path.slice(0, -1);
  const description = propertiesAt(schemas, parentPath).get(key)?.schema.description;
  if (note) return `**${mdCode(value)}**: ${note}${description ? `\n\n${mdCode(key)}: ${description}` : ''}`;
  return undefined;
}

function countUses(a: Analysis, id: string): number {
  return collectReferences(a.root).filter((r) => r.id === id && r.target !== 'national').length;
}
