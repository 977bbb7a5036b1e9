/**
 * YAML tree -> a typed plan for the domain rules and the preview. Lenient: a
 * value of the wrong type is left out (the schema reports it), so rules only
 * ever see values of the right shape, each with the node it came from.
 */
import { fyName, isDate, isFinancialYear, parsePeriod } from './formats';
import { get, pairOf, type PMap, type PNode, type PPair, type PScalar } from '../syntax';
import type { NationalMilestone, PlanKind } from '../types';
import { KINDS, type InitiativeSection } from '../kinds';
import { own } from '../text';

export type Side = 'commissioner' | 'provider' | 'neutral';
export type InitiativeSide = 'commissioner' | 'provider' | 'joint';

/** A value with the node it came from. */
export interface Field<T> {
  value: T;
  node: PNode;
}

export interface Organisation {
  node: PMap;
  id?: Field<string>;
  name?: string;
  type?: string;
  /** The side from `side:` or, failing that, from the type. */
  side: Side;
  ceases?: string;
}

export interface Milestone {
  node: PMap;
  id?: Field<string>;
  title?: string;
  due?: Field<string>;
  owner?: Field<string>;
  after: Field<string>[];
  status?: string;
  delivers?: Field<string>;
  doneOn?: Field<string>;
  /** The initiative or improvement it belongs to. */
  parent: Initiative;
}

/** A section that holds initiatives, of any kind (the kind table's `initiativeSections`). */
export type Section = InitiativeSection;

export interface YearlyMoney {
  pair: PPair;
  years: { year: string; value: number; key: PScalar; node: PNode }[];
  /**
   * Years whose figure cannot be read, so their totals are unknown: a value that
   * is not a usable number (the schema reports it), or a malformed key that
   * evidently means the year (fy-format reports it).
   */
  unreadableYears: string[];
}

export interface Initiative {
  node: PMap;
  section: Section;
  id?: Field<string>;
  title?: string;
  side?: Field<InitiativeSide>;
  lead?: Field<string>;
  clinicalLead?: string;
  /** `clinical_lead` is written (any value counts, even an empty one: spec 3c.1). */
  hasClinicalLead: boolean;
  pillars?: Field<string[]>;
  level?: Field<string>;
  rationale?: string;
  /** `rationale` is written (any value counts, even an empty one). */
  hasRationale: boolean;
  savings?: YearlyMoney;
  recurrent: boolean;
  transfersToPublicHealth?: boolean;
  /** `transfers_to_public_health` is written (any value counts). */
  saysTransfer: boolean;
  hasQualityImpact: boolean;
  dependsOn: Field<string>[];
  milestones: Milestone[];
  rag?: string;
}

export interface Risk {
  node: PMap;
  id?: Field<string>;
  title?: string;
  likelihood?: number;
  impact?: number;
  /** The nodes of likelihood and impact, when they are numbers. */
  scoreNodes: PNode[];
  owner?: Field<string>;
  mitigation?: string;
  /** `mitigation` is written (any value counts, even an empty one). */
  hasMitigation: boolean;
  affects: Field<string>[];
}

/** An id definition, in document order. */
export interface IdDef {
  id: Field<string>;
  what: 'organisation' | 'initiative' | 'milestone' | 'risk' | 'improvement';
  entity: Organisation | Initiative | Milestone | Risk;
}

export interface Plan {
  kind: PlanKind;
  root: PMap;
  title?: string;
  organisation?: Field<string>;
  period?: { first: number; last: number };
  asOf?: string;
  status?: string;
  organisations: Organisation[];
  initiatives: Initiative[];
  milestones: Milestone[];
  risks: Risk[];
  /** Every id definition in document order, duplicates included. */
  ids: IdDef[];
  /** First definition of each id. */
  byId: Map<string, IdDef>;
  nationalTimeline?: Field<string>;
}

export const TYPE_SIDES: Record<string, Side> = {
  dh: 'commissioner',
  'nhs-commissioning-board': 'commissioner',
  pct: 'commissioner',
  'gp-consortium': 'commissioner',
  ccg: 'commissioner',
  'nhs-england': 'commissioner',
  'pct-provider-arm': 'provider',
  'nhs-trust': 'provider',
  'foundation-trust': 'provider',
  'community-provider': 'provider',
  'independent-sector': 'provider',
  'voluntary-sector': 'provider',
  sha: 'neutral',
  'local-authority': 'neutral',
  'public-health': 'neutral',
  regulator: 'neutral',
  'nhs-improvement': 'neutral',
};

/**
 * True when a key is written, whatever its value: an explicit empty value
 * (`key:`, `~`, `null`, `''`) or one of the wrong type names the key, and the
 * schema reports what is wrong with it (spec 3c.1), so a rule that asks "is it
 * given?" must not report it again as missing. Only spaces (`'  '`), which the
 * schema lets through, still count as not given.
 */
export function present(map: PNode | undefined, key: string): boolean {
  const v = get(map, key);
  if (!v) return false;
  return !(v.type === 'scalar' && typeof v.value === 'string' && v.value !== '' && v.value.trim() === '');
}

function str(map: PNode | undefined, key: string): Field<string> | undefined {
  const v = get(map, key);
  return v && v.type === 'scalar' && typeof v.value === 'string' ? { value: v.value, node: v } : undefined;
}
function text(map: PNode | undefined, key: string): string | undefined {
  const f = str(map, key);
  return f && f.value.trim() !== '' ? f.value : undefined;
}
function numField(map: PNode | undefined, key: string): Field<number> | undefined {
  const v = get(map, key);
  // `.nan` and `.inf` are numbers to YAML but no figure a plan can use (the engine reports them as schema faults).
  return v && v.type === 'scalar' && typeof v.value === 'number' && Number.isFinite(v.value) ? { value: v.value, node: v } : undefined;
}
function bool(map: PNode | undefined, key: string): boolean | undefined {
  const v = get(map, key);
  return v && v.type === 'scalar' && typeof v.value === 'boolean' ? v.value : undefined;
}
function date(map: PNode | undefined, key: string): Field<string> | undefined {
  const f = str(map, key);
  return f && isDate(f.value) ? f : undefined;
}
function strings(map: PNode | undefined, key: string): Field<string>[] {
  const v = get(map, key);
  if (!v || v.type !== 'seq') return [];
  const out: Field<string>[] = [];
  for (const it of v.items) if (it.type === 'scalar' && typeof it.value === 'string') out.push({ value: it.value, node: it });
  return out;
}
function maps(node: PNode | undefined): PMap[] {
  return node && node.type === 'seq' ? node.items.filter((i): i is PMap => i.type === 'map') : [];
}
function oneOf<T extends string>(f: Field<string> | undefined, values: readonly T[]): Field<T> | undefined {
  return f && (values as readonly string[]).includes(f.value) ? (f as Field<T>) : undefined;
}

/** Yearly money (`{2010/11: 1.5}`): the numeric entries, keys as written. */
export function yearlyMoney(map: PNode | undefined, key: string): YearlyMoney | undefined {
  if (!map || map.type !== 'map') return undefined;
  const pair = pairOf(map, key);
  if (!pair || pair.value.type !== 'map') return undefined;
  const years: YearlyMoney['years'] = [];
  const unreadableYears: string[] = [];
  for (const p of pair.value.pairs) {
    const year = String(p.key.value);
    if (!isFinancialYear(year)) {
      // A malformed year (fy-format) hides only the year it evidently means: `2011/2012` or `2011-12` is 2011/12.
      const start = /^(\d{4})(?!\d)/.exec(year.trim());
      if (start) unreadableYears.push(fyName(Number(start[1])));
      continue;
    }
    if (p.value.type === 'scalar' && typeof p.value.value === 'number' && Number.isFinite(p.value.value)) {
      years.push({ year, value: p.value.value, key: p.key, node: p.value });
    } else {
      unreadableYears.push(year);
    }
  }
  return { pair, years, unreadableYears };
}

const SIDES = ['commissioner', 'provider', 'joint'] as const;

function initiative(node: PMap, section: Section): Initiative {
  const pillarsNode = get(node, 'pillars');
  const ini: Initiative = {
    node,
    section,
    id: str(node, 'id'),
    title: text(node, 'title'),
    side: oneOf(str(node, 'side'), SIDES),
    lead: str(node, 'lead'),
    clinicalLead: text(node, 'clinical_lead'),
    hasClinicalLead: present(node, 'clinical_lead'),
    pillars: pillarsNode && pillarsNode.type === 'seq' ? { value: strings(node, 'pillars').map((f) => f.value), node: pillarsNode } : undefined,
    level: str(node, 'level'),
    rationale: text(node, 'rationale'),
    hasRationale: present(node, 'rationale'),
    savings: yearlyMoney(node, 'savings_gbp_m'),
    recurrent: bool(node, 'recurrent') ?? true,
    transfersToPublicHealth: bool(node, 'transfers_to_public_health'),
    saysTransfer: present(node, 'transfers_to_public_health'),
    hasQualityImpact: present(node, 'quality_impact'),
    dependsOn: strings(node, 'depends_on'),
    milestones: [],
    rag: text(node, 'rag'),
  };
  ini.milestones = maps(get(node, 'milestones')).map((m) => ({
    node: m,
    id: str(m, 'id'),
    title: text(m, 'title'),
    due: date(m, 'due'),
    owner: str(m, 'owner'),
    after: strings(m, 'after'),
    status: text(m, 'status'),
    delivers: str(m, 'delivers'),
    doneOn: date(m, 'done_on'),
    parent: ini,
  }));
  return ini;
}

/**
 * The typed plan of a tree whose `kind` is known. With `memo`, initiatives are
 * remembered by node, for trees whose unchanged items are the same nodes from
 * one call to the next (the incremental path); rules only read them.
 */
export function buildPlan(root: PMap, kind: PlanKind, memo?: WeakMap<PMap, Initiative>): Plan {
  const organisations: Organisation[] = maps(get(root, 'organisations')).map((o) => {
    const type = text(o, 'type');
    const override = oneOf(str(o, 'side'), ['commissioner', 'provider', 'neutral'] as const)?.value;
    return {
      node: o,
      id: str(o, 'id'),
      name: text(o, 'name'),
      type,
      side: override ?? (own(TYPE_SIDES, type) ?? 'neutral'),
      ceases: date(o, 'ceases')?.value,
    };
  });
  const initiatives: Initiative[] = [];
  const info = KINDS[kind];
  for (const section of info.initiativeSections) {
    const holder = info.nestedInitiatives ? get(get(root, section), 'initiatives') : get(root, section);
    for (const m of maps(holder)) {
      let ini = memo?.get(m);
      if (!ini || ini.section !== section) {
        ini = initiative(m, section);
        memo?.set(m, ini);
      }
      initiatives.push(ini);
    }
  }
  const risks: Risk[] = maps(get(root, 'risks')).map((r) => ({
    node: r,
    id: str(r, 'id'),
    title: text(r, 'title'),
    likelihood: numField(r, 'likelihood')?.value,
    impact: numField(r, 'impact')?.value,
    scoreNodes: [numField(r, 'likelihood')?.node, numField(r, 'impact')?.node].filter((n): n is PNode => n !== undefined),
    owner: str(r, 'owner'),
    mitigation: text(r, 'mitigation'),
    hasMitigation: present(r, 'mitigation'),
    affects: strings(r, 'affects'),
  }));
  const milestones: Milestone[] = [];
  for (const i of initiatives) for (const m of i.milestones) milestones.push(m); // (flatMap is several times slower here)

  const ids: IdDef[] = [];
  for (const o of organisations) if (o.id) ids.push({ id: o.id, what: 'organisation', entity: o });
  for (const i of initiatives) if (i.id) ids.push({ id: i.id, what: i.section === 'improvements' ? 'improvement' : 'initiative', entity: i });
  for (const m of milestones) if (m.id) ids.push({ id: m.id, what: 'milestone', entity: m });
  for (const r of risks) if (r.id) ids.push({ id: r.id, what: 'risk', entity: r });
  const sorted = byPosition(ids);
  const byId = new Map<string, IdDef>();
  // The first definition of an id in document order is the one that counts: set from the last, each earlier one overwriting.
  for (let i = sorted.length - 1; i >= 0; i--) byId.set(sorted[i].id.value, sorted[i]);

  return {
    kind,
    root,
    title: text(root, 'title'),
    organisation: str(root, 'organisation'),
    period: parsePeriod(str(root, 'period')?.value),
    asOf: date(root, 'as_of')?.value,
    status: text(root, 'status'),
    organisations,
    initiatives,
    milestones,
    risks,
    ids: sorted,
    byId,
    nationalTimeline: str(root, 'national_timeline'),
  };
}

/**
 * Ids in document order, as a stable sort by where each id starts would give
 * them: positions and places in the list packed into one number each
 * (position * 2^22 + place; texts are under 2^31 characters, lists far under
 * 2^22 ids) and sorted natively, with no comparison function called thousands
 * of times on every keystroke.
 */
function byPosition(ids: IdDef[]): IdDef[] {
  if (ids.length >= 1 << 22) return ids.slice().sort((a, b) => a.id.node.span[0] - b.id.node.span[0]);
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = ids[i].id.node.span[0] * 4194304 + i;
  keys.sort();
  const out = new Array<IdDef>(ids.length);
  for (let i = 0; i < keys.length; i++) out[i] = ids[keys[i] % 4194304];
  return out;
}

/**
 * The day an organisation no longer exists: its own `ceases`, else for PCTs
 * and SHAs the national timeline's `pcts-cease` / `shas-cease` (1 April 2013
 * and 1 April 2012 when the timeline has no such milestone).
 */
export function ceaseDate(org: Pick<Organisation, 'type' | 'ceases'>, timeline: readonly NationalMilestone[]): string | undefined {
  if (org.ceases) return org.ceases;
  const nationally = (id: string, fallback: string) => timeline.find((n) => n.id === id)?.deadline ?? fallback;
  if (org.type === 'pct') return nationally('pcts-cease', '2013-04-01');
  if (org.type === 'sha') return nationally('shas-cease', '2012-04-01');
  return undefined;
}

/** The organisation an id names, if it is one. */
export function organisationOf(plan: Plan, id: string | undefined): Organisation | undefined {
  const d = id === undefined ? undefined : plan.byId.get(id);
  return d && d.what === 'organisation' ? (d.entity as Organisation) : undefined;
}

/**
 * The side an initiative works on: its `side`, or for kinds without `side`
 * (QIPP plan actions), its lead organisation's side.
 */
export function effectiveSide(plan: Plan, ini: Initiative): InitiativeSide | 'neutral' | undefined {
  if (ini.side) return ini.side.value;
  if (get(ini.node, 'side')) return undefined; // present but invalid: the schema reports it
  const lead = organisationOf(plan, ini.lead?.value);
  return lead ? lead.side : undefined;
}
