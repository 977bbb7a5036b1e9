/**
 * Writes new YAML for a part of a plan from its kind's schema: the snippets
 * completion offers (a new initiative, milestone, organisation, ...) and the
 * sections a quick fix adds. What is written passes the schema and is chosen
 * not to trip a domain rule: dates fall in the period and not before `as_of`,
 * the lead is on the initiative's side and still exists on the due date, and a
 * new finance section's target adds up to the initiatives' savings. PURE.
 */
import { ITEM, type Seg } from './cursor';
import { fyName, periodDates } from '../model';
import { ceaseDate, type Plan } from '../model';
import { isYearly, propertiesAt, typeOf, type JsonSchema } from '../check';
import { own, yamlText } from '../text';
import type { NationalMilestone, PlanKind } from '../types';

export interface SkeletonContext {
  kind: PlanKind;
  schemas: readonly JsonSchema[];
  plan?: Plan;
  timeline: readonly NationalMilestone[];
  /** Write numbered snippet placeholders (`${1:text}`) instead of plain text. */
  snippet: boolean;
  /** Ids in use; new ids are added as they are made. */
  usedIds: Set<string>;
}

/** The side an initiative in a section is on, when the section decides it. */
export function sectionSide(kind: PlanKind, section: string | undefined): 'commissioner' | 'provider' | 'joint' | undefined {
  if (section === 'commissioning') return 'commissioner';
  if (section === 'provision') return 'provider';
  if (section === 'enabling') return 'joint';
  if (kind === 'provider-plan' && section === 'initiatives') return 'provider';
  return undefined;
}

const ID_PREFIX: Record<string, string> = {
  commissioning: 'C',
  provision: 'P',
  enabling: 'E',
  actions: 'A',
  initiatives: 'T',
  improvements: 'IMP',
  risks: 'R',
};

const TEXT: Record<string, string> = {
  name: 'Name of the organisation',
  clinical_lead: 'Name of the clinical lead',
  summary: 'What the saving means for the quality of care',
  mitigation: 'What reduces the risk',
  rationale: 'Why the work is not done at a lower level',
  aims: 'An aim of this section',
  narrative: 'What the plan means here, for staff and the public',
  staff: 'How staff are engaged',
  partners: 'How the Local Authority and other partners are engaged',
  public: 'How the public is engaged',
  recognition_of_need: 'Why the change is needed, with the evidence',
  knowing_and_sharing: 'What others have done and what was learnt from them',
  local_decision: 'What was decided locally, and by whom',
  change_support: 'What support the change has',
  sustainability: 'How the improvement will last',
  leadership: 'Who leads the change',
  measures: 'A measure of the improvement',
  ask: 'The change to the national policy framework the plan needs',
  standard: 'The access standard',
  safe: 'How patients are kept safe',
  effective: 'How care is made effective',
  caring: 'How the organisation shows care',
  responsive: "How services respond to people's needs",
  'well-led': 'How the organisation is well led',
};

/** Values that keep a new part of a plan clear of the domain rules. */
const PREFERRED: Record<string, string> = {
  status: 'not-started',
  level: 'local',
  target: 'good',
  current: 'good',
  pillars: 'quality',
  topic: 'other',
};

/** Optional keys worth writing, because a rule asks for them. */
const ALSO: Record<string, string[]> = {
  initiative: ['clinical_lead'],
  milestone: ['status'],
  quality: ['key_questions'],
  key_questions: ['safe', 'effective', 'caring', 'responsive', 'well-led'],
  engagement: ['staff', 'partners', 'public', 'narrative'],
};

class Writer {
  private n = 0;
  constructor(readonly ctx: SkeletonContext) {}

  /** A text placeholder (escaped for snippets). */
  text(s: string): string {
    return this.ctx.snippet ? `\${${++this.n}:${escapeSnippet(s)}}` : s;
  }
  /** A choice among values; plain text gets the first. */
  choice(values: readonly string[]): string {
    if (!this.ctx.snippet || values.length <= 1) return this.ctx.snippet ? this.text(values[0] ?? '') : (values[0] ?? '');
    return `\${${++this.n}|${values.map((v) => v.replace(/[,|\\$}]/g, (c) => '\\' + c)).join(',')}|}`;
  }
  final(): string {
    return this.ctx.snippet ? '$0' : '';
  }
}

export function escapeSnippet(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

interface State {
  /** The section the new part sits in (first key of its path). */
  section?: string;
  side?: 'commissioner' | 'provider' | 'joint';
  lead?: string;
  due: string;
  parentId?: string;
}

/**
 * The lines of a new mapping at `path` (without indentation or a leading `- `).
 * `path` ends with ITEM for a new list item.
 */
export function skeletonLines(ctx: SkeletonContext, path: readonly Seg[], extra: { parentId?: string } = {}): string[] {
  const w = new Writer(ctx);
  const section = typeof path[0] === 'string' ? path[0] : undefined;
  const state: State = { section, due: dueDate(ctx), parentId: extra.parentId };
  const lines = objectLines(w, state, path);
  if (ctx.snippet && lines.length) lines[lines.length - 1] += w.final();
  return lines;
}

/** The lines of a new section `key` of the plan: `key:` and its content. */
export function sectionLines(ctx: SkeletonContext, key: string): string[] {
  const w = new Writer(ctx);
  const state: State = { section: key, due: dueDate(ctx) };
  const v = valueOf(w, state, [key], key);
  return 'inline' in v ? [`${key}: ${v.inline}`] : [`${key}:`, ...v.block.map((l) => '  ' + l)];
}

function nounOf(path: readonly Seg[]): string | undefined {
  const last = path[path.length - 1];
  const holder = last === ITEM ? path[path.length - 2] : last;
  if (holder === 'milestones') return 'milestone';
  if (holder === 'initiatives' || holder === 'actions' || holder === 'improvements') return 'initiative';
  return typeof holder === 'string' ? holder : undefined;
}

function objectLines(w: Writer, state: State, path: readonly Seg[]): string[] {
  const props = propertiesAt(w.ctx.schemas, path);
  if (props.size === 0) return [];
  const noun = nounOf(path);
  const isInitiative = noun === 'initiative';
  let keys = [...props.entries()].filter(([k, p]) => p.required || (noun !== undefined && own(ALSO, noun)?.includes(k))).map(([k]) => k);
  if (keys.length === 0) {
    const first = [...props.entries()].find(([, p]) => typeOf(p.schema) === 'string') ?? [...props.entries()][0];
    keys = [first[0]];
  }
  const local: State = { ...state };
  if (isInitiative) {
    local.side = props.has('side') ? sectionSide(w.ctx.kind, state.section) : undefined;
    const pick = pickLead(w.ctx, local.side, local.due);
    local.lead = pick?.id;
    if (props.has('side') && pick) local.side = pick.side;
  }
  const out: string[] = [];
  for (const key of keys) {
    const v = valueOf(w, local, [...path, key], key);
    if (key === 'id' && isInitiative) local.parentId = idFromWritten(v);
    if ('inline' in v) out.push(`${key}: ${v.inline}`);
    else out.push(`${key}:`, ...v.block.map((l) => '  ' + l));
  }
  return out;
}

function idFromWritten(v: { inline: string } | { block: string[] }): string | undefined {
  if (!('inline' in v)) return undefined;
  const m = /^(?:\$\{\d+:)?([A-Za-z][A-Za-z0-9_.-]*)\}?$/.exec(v.inline);
  return m?.[1];
}

type Written = { inline: string } | { block: string[] };

function valueOf(w: Writer, state: State, path: readonly Seg[], key: string): Written {
  const ctx = w.ctx;
  const schema = schemaOf(ctx, path);
  const type = typeOf(schema);
  if (schema?.const !== undefined) return { inline: String(schema.const) };
  if (isYearly(schema)) return { inline: yearly(ctx, key) };
  if (type === 'object') {
    const lines = objectLines(w, state, path);
    return lines.length ? { block: lines } : { inline: '{}' };
  }
  if (type === 'array') {
    const item = schemaOf(ctx, [...path, ITEM]);
    if (typeOf(item) === 'object') {
      const lines = objectLines(w, state, [...path, ITEM]);
      return { block: lines.length ? [`- ${lines[0]}`, ...lines.slice(1).map((l) => '  ' + l)] : ['- {}'] };
    }
    if (item?.enum) return { inline: `[${w.choice(ordered(item.enum.map(String), own(PREFERRED, key)))}]` };
    return { block: [`- ${w.text(own(TEXT, key) ?? 'To be written')}`] };
  }
  if (type === 'number' || type === 'integer') return { inline: w.text(String(schema?.minimum ?? 0)) };
  if (type === 'boolean') return { inline: w.choice(schema?.default === true ? ['true', 'false'] : ['false', 'true']) };
  // Text of some kind.
  if (schema?.enum) {
    if (key === 'side' && state.side) return { inline: w.choice(ordered(schema.enum.map(String), state.side)) };
    return { inline: w.choice(ordered(schema.enum.map(String), own(PREFERRED, key))) };
  }
  if (key === 'id') return { inline: w.text(newId(ctx, path, state)) };
  if (key === 'lead' || key === 'owner' || key === 'organisation') {
    const lead = state.lead ?? ctx.plan?.organisation?.value ?? ctx.plan?.organisations.find((o) => o.id)?.id?.value;
    if (ctx.snippet && ctx.plan) {
      const ids = ctx.plan.organisations.flatMap((o) => (o.id ? [o.id.value] : []));
      return { inline: w.choice(ordered(ids, lead)) };
    }
    return { inline: w.text(lead ?? 'organisation-id') };
  }
  if (schema?.format === 'date') return { inline: w.text(state.due) };
  if (schema?.format === 'financial-year') return { inline: w.text(ctx.plan?.period ? fyName(ctx.plan.period.first) : '2010/11') };
  if (schema?.format === 'fy-period') return { inline: w.text('2010/11-2013/14') };
  const words = key === 'title' ? `Title of the ${(nounOf(path.slice(0, -1)) ?? 'item').replace(/s$/, '')}` : (own(TEXT, key) ?? 'To be written');
  return { inline: ctx.snippet ? w.text(words) : yamlText(words) };
}

function schemaOf(ctx: SkeletonContext, path: readonly Seg[]): JsonSchema | undefined {
  const parent = path.slice(0, -1);
  const last = path[path.length - 1];
  if (last === ITEM) {
    for (const root of ctx.schemas) {
      const s = itemSchema(root, parent);
      if (s) return s;
    }
    return undefined;
  }
  return propertiesAt(ctx.schemas, parent).get(last)?.schema;
}

function itemSchema(root: JsonSchema, path: readonly Seg[]): JsonSchema | undefined {
  const holder = path.length ? propertiesAt([root], path.slice(0, -1)).get(path[path.length - 1] as string)?.schema : undefined;
  const items = holder?.items;
  if (!items) return undefined;
  if (items.$ref) {
    const m = /^#\/(definitions|\$defs)\/(.+)$/.exec(items.$ref);
    return m ? ((root as Record<string, Record<string, JsonSchema>>)[m[1]]?.[m[2]]) : undefined;
  }
  return items;
}

function ordered(values: readonly string[], first: string | undefined): string[] {
  return first !== undefined && values.includes(first) ? [first, ...values.filter((v) => v !== first)] : [...values];
}

function yearly(ctx: SkeletonContext, key: string): string {
  const period = ctx.plan?.period;
  if (!period) return '{}';
  const entries: string[] = [];
  for (let y = period.first; y <= period.last; y++) {
    const year = fyName(y);
    let v = 0;
    if (key === 'efficiency_target_gbp_m' && ctx.plan) {
      for (const ini of ctx.plan.initiatives) {
        if (!ini.recurrent || !ini.savings) continue;
        for (const e of ini.savings.years) if (e.year === year) v += e.value;
      }
    }
    entries.push(`${year}: ${Number(v.toFixed(4))}`);
  }
  return `{${entries.join(', ')}}`;
}

function newId(ctx: SkeletonContext, path: readonly Seg[], state: State): string {
  const noun = nounOf(path.slice(0, -1));
  let make: (n: number) => string;
  if (noun === 'milestone') make = (n) => `${state.parentId ?? 'M'}.${n}`;
  else if (noun === 'organisations') make = (n) => `org-${n}`;
  else {
    const holder = path.slice(0, -1).filter((s): s is string => typeof s === 'string');
    const prefix = ID_PREFIX[noun === 'initiative' ? (holder[0] ?? '') : (holder[holder.length - 1] ?? '')] ?? ID_PREFIX[holder[holder.length - 1] ?? ''] ?? 'X';
    make = (n) => `${prefix}${n}`;
  }
  for (let n = 1; ; n++) {
    const id = make(n);
    if (!ctx.usedIds.has(id)) {
      ctx.usedIds.add(id);
      return id;
    }
  }
}

/** A due date inside the period and not before `as_of`. */
export function dueDate(ctx: Pick<SkeletonContext, 'plan'>): string {
  const plan = ctx.plan;
  if (!plan?.period) return plan?.asOf ?? '2010-12-31';
  const { from, to } = periodDates(plan.period);
  const d = plan.asOf && plan.asOf > from ? plan.asOf : from;
  return d > to ? to : d;
}

/**
 * A lead for a new initiative on `side`, still in existence on `due`, that
 * does not already lead work on the other side. Prefers the plan's owner, then
 * neutral organisations, then those on the same side. When none fits, the
 * initiative becomes joint (which any organisation may lead).
 */
export function pickLead(ctx: SkeletonContext, side: 'commissioner' | 'provider' | 'joint' | undefined, due: string): { id: string; side: 'commissioner' | 'provider' | 'joint' } | undefined {
  const plan = ctx.plan;
  if (!plan) return undefined;
  const leads = new Map<string, Set<string>>();
  for (const ini of plan.initiatives) {
    if (!ini.lead || !ini.side || ini.side.value === 'joint') continue;
    const s = leads.get(ini.lead.value) ?? new Set<string>();
    s.add(ini.side.value);
    leads.set(ini.lead.value, s);
  }
  const alive = plan.organisations.filter((o) => {
    if (!o.id) return false;
    const end = ceaseDate(o, ctx.timeline);
    return !end || due < end;
  });
  const rank = (o: (typeof alive)[number]) => (o.id!.value === plan.organisation?.value ? 0 : o.side === 'neutral' ? 1 : 2);
  const sorted = [...alive].sort((a, b) => rank(a) - rank(b));
  if (side === 'commissioner' || side === 'provider') {
    const other = side === 'commissioner' ? 'provider' : 'commissioner';
    const fit = sorted.find((o) => (o.side === 'neutral' || o.side === side) && !leads.get(o.id!.value)?.has(other));
    if (fit) return { id: fit.id!.value, side };
    return sorted[0] ? { id: sorted[0].id!.value, side: 'joint' } : undefined;
  }
  return sorted[0] ? { id: sorted[0].id!.value, side: side ?? 'joint' } : undefined;
}
