/**
 * Completion by position and the kind's schema: keys that may appear here
 * (not those already present), allowed values with what they mean, ids of
 * the plan by what a key refers to, national milestones for `delivers`,
 * financial years of the period for yearly money, and snippets for a new
 * initiative, milestone, organisation or whole plan. PURE.
 */
import { cursorContext, ITEM, type CursorContext, type Seg } from './cursor';
import { fyName } from '../model';
import type { Analysis } from '../check';
import type { Plan } from '../model';
import { REFERENCE_KEYS, type RefTarget } from './references';
import { isYearly, propertiesAt, schemasAt, schemasFor, typeOf, type JsonSchema } from '../check';
import { escapeSnippet, sectionSide, skeletonLines, type SkeletonContext } from './skeleton';
import { KINDS, sniffKind, starterPlan, STARTER_KINDS } from '../kinds';
import { PLAN_KINDS, type NationalMilestone, type PlanKind, type Span } from '../types';
import { organisationTypeName, valueNote } from '../model';
import { mdCode, mdFence, mdText, own } from '../text';

export type CompletionKind = 'key' | 'value' | 'reference' | 'national' | 'year' | 'snippet' | 'plan';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown beside the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces `span`. A snippet (`$1`, `${1:x}`, `${1|a,b|}`) when `snippet`; lines after the first carry their full indentation. */
  insert: string;
  snippet: boolean;
  span: Span;
  sortText?: string;
  filterText?: string;
}

export interface CompleteOptions {
  /** Extra schemas from the configuration. */
  extraSchemas?: readonly { kind: PlanKind; schema: object }[];
  /** An earlier analysis of the same document with a plan, for ids while the text does not parse. */
  lastGood?: Analysis;
}

/** Completions at `offset`, best first within each kind. */
export function complete(a: Analysis, offset: number, options: CompleteOptions = {}): CompletionEntry[] {
  if (!hasContent(a.text)) return planSkeletons(a, offset);
  const ctx = cursorContext(a.lines, offset);
  if (!ctx) return [];
  const kind = a.kind ?? options.lastGood?.kind ?? sniffKind(a.text);
  if (!kind) return kindOnly(ctx);
  const plan = a.plan ?? options.lastGood?.plan;
  const timeline = a.plan ? a.timeline : (options.lastGood?.timeline ?? a.timeline);
  const c: Ctx = { ctx, kind, plan, timeline, schemas: schemasFor(kind, options.extraSchemas) };
  switch (ctx.at) {
    case 'key':
      return keyPosition(c);
    case 'value':
      return valuesFor(c, ctx.path, ctx.key!, new Set());
    case 'item':
      return itemPosition(c, ctx.path);
  }
}

interface Ctx {
  ctx: CursorContext;
  kind: PlanKind;
  plan?: Plan;
  timeline: readonly NationalMilestone[];
  schemas: JsonSchema[];
}

function hasContent(text: string): boolean {
  return /^[ \t]*[^\s#]/m.test(text) && /^[^#\n]*:/m.test(text);
}


function newPlanTitle(kind: PlanKind): string {
  return `New ${KINDS[kind].label}`;
}

/** A whole plan for an empty file, one entry per kind: the kind picker. */
function planSkeletons(a: Analysis, offset: number): CompletionEntry[] {
  const pos = a.lines.positionAt(offset);
  const start = a.lines.lineStart(pos.line);
  const word = a.text.slice(start, offset);
  if (!/^[A-Za-z-]*$/.test(word)) return [];
  return STARTER_KINDS.map((kind, i) => {
    const text = escapeSnippet(starterPlan(kind)).replace(/^title: (.*)$/m, (_, t: string) => `title: \${1:${t}}`);
    return {
      label: newPlanTitle(kind),
      kind: 'plan' as const,
      detail: `kind: ${kind}`,
      documentation: `${valueNote('kind', kind) ?? ''}\n\nA complete starter plan that passes every check; replace the example content.`,
      insert: text,
      snippet: true,
      span: [start, offset] as Span,
      sortText: String(i),
      filterText: `${word}${kind} ${newPlanTitle(kind)}`,
    };
  });
}

/** Before the kind is known: only `kind` and its values make sense. */
function kindOnly(ctx: CursorContext): CompletionEntry[] {
  if (ctx.at === 'key' && ctx.path.length === 0 && !ctx.present.has('kind')) {
    return [{ label: 'kind', kind: 'key', detail: 'the kind of plan', insert: `kind: \${1|${PLAN_KINDS.join(',')}|}`, snippet: true, span: ctx.span, documentation: 'The kind of plan decides which sections it needs and which rules check it.' }];
  }
  if (ctx.at === 'value' && ctx.path.length === 0 && ctx.key === 'kind') return kinds(ctx.span);
  return [];
}

function kinds(span: Span): CompletionEntry[] {
  return PLAN_KINDS.map((k, i) => ({ label: k, kind: 'value' as const, detail: KINDS[k].label, documentation: valueNote('kind', k), insert: k, snippet: false, span, sortText: String(i) }));
}

function keyPosition(c: Ctx): CompletionEntry[] {
  const { ctx } = c;
  const here = schemasAt(c.schemas, ctx.path)[0];
  if (typeOf(here) === 'array') return itemPosition(c, ctx.path, true);
  // `- |` in a list of plain values: the item's value.
  const last = ctx.path[ctx.path.length - 1];
  if (last === ITEM && here && typeOf(here) !== 'object') return itemValues(c, ctx.path.slice(0, -1), ctx.present);
  if (isYearly(here)) return yearKeys(c, ctx.present, ctx.span);
  const out: CompletionEntry[] = [];
  if (ctx.newItem) out.push(...itemSnippets(c, ctx.path.slice(0, -1), false));
  const props = propertiesAt(c.schemas, ctx.path);
  for (const [key, p] of props) {
    if (ctx.present.has(key)) continue;
    out.push({
      label: key,
      kind: 'key',
      detail: `${p.required ? 'required' : 'optional'} · ${describeType(p.schema)}`,
      documentation: p.schema.description,
      insert: keyInsert(c, key, p.schema),
      snippet: true,
      span: ctx.span,
      sortText: `${p.required ? 1 : 2}${key}`,
    });
  }
  return out;
}

function describeType(s: JsonSchema): string {
  if (isYearly(s)) return 'money by financial year (£m)';
  if (s.enum) return `one of ${s.enum.join(', ')}`;
  if (s.format === 'date') return 'date (YYYY-MM-DD)';
  if (s.format === 'fy-period') return 'period (YYYY/YY-YYYY/YY)';
  if (s.format === 'financial-year') return 'financial year (YYYY/YY)';
  switch (typeOf(s)) {
    case 'object':
      return 'mapping';
    case 'array':
      return s.items?.enum ? `list of ${s.items.enum.join(', ')}` : 'list';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'whole number';
    case 'number':
      return 'number';
    default:
      return 'text';
  }
}

function keyInsert(c: Ctx, key: string, s: JsonSchema): string {
  if (c.ctx.flow) return `${key}: $0`;
  const nl = '\n' + ' '.repeat(c.ctx.column + 2);
  if (s.const !== undefined) return `${key}: ${String(s.const)}$0`;
  if (isYearly(s)) return `${key}: ${yearlySnippet(c.plan)}$0`;
  if (s.enum) return `${key}: \${1|${s.enum.map(String).join(',')}|}$0`;
  switch (typeOf(s)) {
    case 'object':
      return `${key}:${nl}$0`;
    case 'array': {
      const items = s.items;
      if (items?.enum) return `${key}: [\${1|${items.enum.map(String).join(',')}|}]$0`;
      if (own(REFERENCE_KEYS, key)) return `${key}: [$1]$0`;
      return `${key}:${nl}- $0`;
    }
    case 'boolean':
      return `${key}: \${1|${s.default === true ? 'true,false' : 'false,true'}|}$0`;
    default:
      return `${key}: $0`;
  }
}

function yearlySnippet(plan: Plan | undefined): string {
  if (!plan?.period) return '{$1}';
  const parts: string[] = [];
  let n = 1;
  for (let y = plan.period.first; y <= plan.period.last; y++) parts.push(`${fyName(y)}: \${${n++}:0}`);
  return `{${parts.join(', ')}}`;
}

/** Financial years of the period, as keys of a yearly money mapping. */
function yearKeys(c: Ctx, present: Set<string>, span: Span): CompletionEntry[] {
  const period = c.plan?.period;
  if (!period) return [];
  const out: CompletionEntry[] = [];
  for (let y = period.first; y <= period.last; y++) {
    const year = fyName(y);
    if (present.has(year)) continue;
    out.push({ label: year, kind: 'year', detail: `financial year, 1 April ${y} to 31 March ${y + 1}`, insert: `${year}: \${1:0}$0`, snippet: true, span, sortText: year });
  }
  return out;
}

/** A new item of the list at `path`: snippets for mappings, values for plain lists. */
function itemPosition(c: Ctx, path: Seg[], needsIndent = false): CompletionEntry[] {
  const item = schemasAt(c.schemas, [...path, ITEM])[0];
  if (typeOf(item) === 'object') return c.ctx.flow ? [] : itemSnippets(c, path, c.ctx.needsDash || needsIndent);
  return itemValues(c, path, c.ctx.present, c.ctx.needsDash || needsIndent);
}

/** Values for an item of a plain list (`after`, `pillars`, ...). */
function itemValues(c: Ctx, path: Seg[], present: Set<string>, needsDash = false): CompletionEntry[] {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return [];
  const parent = path.slice(0, -1);
  const holder = propertiesAt(c.schemas, parent).get(key)?.schema;
  if (!holder || typeOf(holder) !== 'array') return [];
  const entries = valuesOfSchema(c, key, holder.items ?? {}, present, c.ctx.span);
  return needsDash ? entries.map((e) => ({ ...e, insert: `- ${e.insert}`, filterText: e.label })) : entries;
}

function valuesFor(c: Ctx, path: Seg[], key: string, present: Set<string>): CompletionEntry[] {
  if (path.length === 0 && key === 'kind') return kinds(c.ctx.span);
  const s = propertiesAt(c.schemas, path).get(key)?.schema;
  if (!s) return [];
  if (isYearly(s)) {
    if (c.ctx.word !== '') return [];
    return [{ label: 'money for each financial year', kind: 'snippet', detail: 'every year of the period', insert: `${yearlySnippet(c.plan)}$0`, snippet: true, span: c.ctx.span }];
  }
  if (typeOf(s) === 'array') {
    // `key: |` where a list is wanted: offer its values as a one-item flow list.
    return valuesOfSchema(c, key, s.items ?? {}, present, c.ctx.span).map((e) => ({ ...e, insert: `[${e.insert}]`, filterText: e.label }));
  }
  return valuesOfSchema(c, key, s, present, c.ctx.span);
}

function valuesOfSchema(c: Ctx, key: string, s: JsonSchema, present: Set<string>, span: Span): CompletionEntry[] {
  const target = own(REFERENCE_KEYS, key);
  if (target && typeOf(s) === 'string') return ids(c, target, present, span);
  if (s.enum) {
    return s.enum.map(String).filter((v) => !present.has(v)).map((v, i) => ({
      label: v,
      kind: 'value' as const,
      detail: valueNote(key, v),
      documentation: s.description,
      insert: v,
      snippet: false,
      span,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  if (s.const !== undefined) return [{ label: String(s.const), kind: 'value', insert: String(s.const), snippet: false, span }];
  if (typeOf(s) === 'boolean') {
    return ['true', 'false'].map((v) => ({ label: v, kind: 'value' as const, detail: s.default !== undefined && String(s.default) === v ? 'the default' : undefined, documentation: s.description, insert: v, snippet: false, span }));
  }
  if (s.format === 'financial-year' && c.plan?.period) {
    const out: CompletionEntry[] = [];
    for (let y = c.plan.period.first; y <= c.plan.period.last; y++) out.push({ label: fyName(y), kind: 'year', detail: 'financial year of the plan', insert: fyName(y), snippet: false, span, sortText: fyName(y) });
    return out;
  }
  return [];
}

/** Ids of the plan (or national milestones) that a reference key may name. */
function ids(c: Ctx, target: RefTarget, present: Set<string>, span: Span): CompletionEntry[] {
  if (target === 'national') {
    return c.timeline.map((n, i) => ({
      label: n.id,
      kind: 'national' as const,
      detail: `${n.direction === 'not-before' ? 'not before' : 'by'} ${n.deadline} · ${n.title}`,
      documentation: `**National milestone** ${mdCode(n.id)}: ${mdText(n.title)}.\n\nDeadline: ${mdText(n.deadline)}${n.direction === 'not-before' ? ' (a milestone that delivers it may not be due before this date)' : ''}.\n\n${mdText(n.source)}`,
      insert: n.id,
      snippet: false,
      span,
      sortText: String(i).padStart(3, '0'),
    }));
  }
  const plan = c.plan;
  if (!plan) return [];
  const out: CompletionEntry[] = [];
  const seen = new Set<string>();
  // Not the item being written: a milestone `after` itself or an initiative that `depends_on` itself is a loop.
  const at = c.ctx.span[0];
  const inside = (d: Plan['ids'][number]) => d.entity.node.span[0] <= at && at < d.entity.node.span[1];
  for (const d of plan.ids) {
    const id = d.id.value;
    if (seen.has(id) || present.has(id) || inside(d)) continue;
    const fits = target === 'any' || d.what === target || (target === 'initiative' && d.what === 'improvement');
    if (!fits) continue;
    seen.add(id);
    out.push({ label: id, kind: 'reference', ...describeId(d), insert: id, snippet: false, span, sortText: String(out.length).padStart(5, '0') });
  }
  return out;
}

/** A line and a paragraph about what an id names, for completion and hover. */
export function describeId(d: Plan['ids'][number]): { detail: string; documentation: string } {
  switch (d.what) {
    case 'organisation': {
      const o = d.entity as Plan['organisations'][number];
      const named = organisationTypeName(o.type) ?? o.type ?? 'type not given';
      const type = named.charAt(0).toUpperCase() + named.slice(1);
      return { detail: `${o.name ?? d.id.value} · ${o.side}`, documentation: `**${mdText(o.name ?? d.id.value)}** (organisation ${mdCode(d.id.value)})\n\n${mdText(type)}; ${o.side === 'neutral' ? 'neutral' : `${o.side} side`}${o.ceases ? `; ceases ${mdText(o.ceases)}` : ''}.` };
    }
    case 'milestone': {
      const m = d.entity as Plan['milestones'][number];
      return {
        detail: `${m.title ?? d.id.value}${m.due ? ` · due ${m.due.value}` : ''}`,
        documentation: `**${mdText(m.title ?? d.id.value)}** (milestone ${mdCode(d.id.value)} of ${m.parent.id ? mdCode(m.parent.id.value) : 'an initiative'})\n\n${m.due ? `Due ${mdText(m.due.value)}` : 'No due date'}${m.status ? `; ${mdText(m.status)}` : ''}${m.delivers ? `; delivers ${mdCode(m.delivers.value)}` : ''}.`,
      };
    }
    case 'risk': {
      const r = d.entity as Plan['risks'][number];
      const score = r.likelihood !== undefined && r.impact !== undefined ? r.likelihood * r.impact : undefined;
      return { detail: `${r.title ?? d.id.value}${score !== undefined ? ` · score ${score}` : ''}`, documentation: `**${mdText(r.title ?? d.id.value)}** (risk ${mdCode(d.id.value)})${score !== undefined ? `\n\nLikelihood ${mdText(r.likelihood)} × impact ${mdText(r.impact)} = ${mdText(score)}.` : ''}` };
    }
    default: {
      const i = d.entity as Plan['initiatives'][number];
      const side = i.side?.value;
      return {
        detail: `${i.title ?? d.id.value}${side ? ` · ${side}` : ''}`,
        documentation: `**${mdText(i.title ?? d.id.value)}** (${d.what} ${mdCode(d.id.value)} in ${mdCode(i.section)})\n\n${side ? mdText(`${side[0].toUpperCase()}${side.slice(1)} side`) : 'No side'}${i.lead ? `; led by ${mdCode(i.lead.value)}` : ''}; ${i.milestones.length} milestone${i.milestones.length === 1 ? '' : 's'}.`,
      };
    }
  }
}

const ITEM_LABELS: Record<string, string> = {
  initiatives: 'New initiative',
  actions: 'New action',
  improvements: 'New improvement',
  milestones: 'New milestone',
  organisations: 'New organisation',
  risks: 'New risk',
};

/** A snippet for a whole new item of the list at `path`. */
function itemSnippets(c: Ctx, path: Seg[], withDash: boolean): CompletionEntry[] {
  const holder = path[path.length - 1];
  if (typeof holder !== 'string') return [];
  const sk: SkeletonContext = { kind: c.kind, schemas: c.schemas, plan: c.plan, timeline: c.timeline, snippet: true, usedIds: new Set(c.plan?.ids.map((d) => d.id.value) ?? []) };
  const parentId = holder === 'milestones' ? parentIdOf(c) : undefined;
  const lines = skeletonLines(sk, [...path, ITEM], { parentId });
  if (lines.length === 0) return [];
  const col = c.ctx.column + (withDash ? 2 : 0);
  const body = lines[0] + lines.slice(1).map((l) => '\n' + ' '.repeat(col) + l).join('');
  const label = own(ITEM_LABELS, holder) ?? `New item of ${holder}`;
  const side = holder === 'initiatives' ? sectionSide(c.kind, typeof path[0] === 'string' ? path[0] : undefined) : undefined;
  return [{
    label,
    kind: 'snippet',
    detail: side ? `${side}-side, with a first milestone` : holder === 'initiatives' || holder === 'actions' || holder === 'improvements' ? 'with a first milestone' : 'with its required keys',
    documentation: mdFence((withDash ? '- ' : '') + lines.join('\n').replace(/\$\{\d+[:|]([^|}]*)[^}]*\}/g, '$1').replace(/\$0/g, ''), 'yaml'),
    insert: (withDash ? '- ' : '') + body,
    snippet: true,
    span: c.ctx.span,
    sortText: '0',
    filterText: c.ctx.word ? `${c.ctx.word} ${label}` : label,
  }];
}

/** The id of the initiative whose `milestones` the cursor is in, read from the text above. */
function parentIdOf(c: Ctx): string | undefined {
  const plan = c.plan;
  if (!plan) return undefined;
  const offset = c.ctx.span[0];
  let best: string | undefined;
  let bestStart = -1;
  for (const ini of plan.initiatives) {
    if (ini.node.span[0] <= offset && ini.node.span[0] > bestStart && ini.id) {
      best = ini.id.value;
      bestStart = ini.node.span[0];
    }
  }
  return best;
}
