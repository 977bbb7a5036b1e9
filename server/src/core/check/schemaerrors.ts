/**
 * Ajv's errors -> findings: one per fault, at the node the spec names, in one
 * message a planning lead understands. One small handler per JSON Schema
 * keyword (HANDLERS); a value written empty (`key:`, `~`, `null`, `''`, and
 * `[]` or `{}` where a list or mapping is wanted) is one fault whatever keywords
 * it breaks, reported once by `emptyValue` (spec 3c.1 and 3c.2). PURE.
 */
import type { ErrorObject } from 'ajv';
import { describePath, holderSpan, locate, pairNamed, type Located, type PNode } from '../syntax';
import { closest, code, listAnd, listOr } from '../text';
import type { Span } from '../types';
import { isRuleId, type RuleId } from '../catalogue';
import { RULE_KEYWORD, type RawFinding } from './schema';

/** One ajv error with the node it is about and the words that name that node. */
interface Situated {
  e: ErrorObject;
  at: Located;
  /** "initiative C2", "`finance`", "the plan". */
  where: string;
  /** The last segment of the path (a key, or a list index). */
  keyName: string;
  inList: boolean;
  /** How the value is named in a sentence: `level`, or "each entry of `pillars`". */
  label: string;
}

interface Job {
  root: PNode;
  kindLabel: string;
  sink: Sink;
}

type Handler = (x: Situated, job: Job) => void;

/** Findings in order, without repeats; several missing keys of one mapping can be merged into one finding. */
class Sink {
  private readonly out: RawFinding[] = [];
  private readonly seen = new Set<string>();
  private readonly merged = new Map<string, { finding: RawFinding; keys: string[]; message: (keys: string[]) => string }>();

  push(f: RawFinding): void {
    const k = `${f.rule}@${f.span[0]}:${f.span[1]}:${f.message}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.out.push(f);
  }

  /** One finding per rule and place, naming every key merged into it. */
  merge(rule: RuleId, span: Span, key: string, path: string[], message: (keys: string[]) => string): void {
    const id = `${rule}@${span[0]}`;
    const m = this.merged.get(id);
    if (m) {
      if (!m.keys.includes(key)) m.keys.push(key);
      return;
    }
    const entry = { finding: { rule, span, message: '', data: { missing: [key], path } }, keys: [key], message };
    this.merged.set(id, entry);
    this.out.push(entry.finding);
  }

  finish(): RawFinding[] {
    for (const m of this.merged.values()) {
      m.finding.message = m.message(m.keys);
      (m.finding.data as { missing: string[] }).missing = m.keys;
    }
    return this.out;
  }
}

/** Map ajv's errors to findings: one per fault, at the node the spec names. */
export function mapErrors(root: PNode, errors: readonly ErrorObject[], kindLabel: string): RawFinding[] {
  const job: Job = { root, kindLabel, sink: new Sink() };
  for (const e of selectErrors(errors)) {
    const x = situate(root, e);
    if (!x) continue; // the node is not in the document (should not happen)
    const handler = VALUE_KEYWORDS.has(e.keyword) && isEmpty(e.data) ? emptyValue : (HANDLERS[e.keyword] ?? otherKeyword);
    handler(x, job);
  }
  return job.sink.finish();
}

/** Keywords about a value itself (not about the keys of a mapping): a value breaking several is one fault. */
const VALUE_KEYWORDS = new Set(['type', 'enum', 'const', 'pattern', 'format', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'uniqueItems']);

/**
 * The errors worth reporting: one per value (its type error when it has one,
 * else the first), and no missing keys inside a section already reported empty.
 */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const emptied = new Set(errors.filter((e) => (e.keyword === 'minProperties' || e.keyword === 'minItems') && ruleOf(e.parentSchema)).map((e) => e.instancePath));
  const out: (ErrorObject | undefined)[] = [];
  const byValue = new Map<string, number>();
  for (const e of errors) {
    if (e.keyword === 'required' && emptied.has(e.instancePath)) continue;
    if (!VALUE_KEYWORDS.has(e.keyword)) {
      out.push(e);
      continue;
    }
    // A bad year used as a key is a fault of that key, not of the mapping's value.
    const k = `${e.instancePath}|${(e as ErrorObject & { propertyName?: string }).propertyName ?? ''}`;
    const i = byValue.get(k);
    if (i === undefined) {
      byValue.set(k, out.length);
      out.push(e);
    } else if (e.keyword === 'type' && out[i]?.keyword !== 'type') out[i] = e;
  }
  return out.filter((e): e is ErrorObject => e !== undefined);
}

function situate(root: PNode, e: ErrorObject): Situated | undefined {
  const at = locate(root, e.instancePath);
  if (at.path.length !== (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1)) return undefined;
  const where = describePath(root, at.path);
  const keyName = at.path.length ? at.path[at.path.length - 1] : '';
  const inList = /^\d+$/.test(keyName);
  const label = inList ? (where.startsWith('this item') ? `each entry of ${code(at.path[at.path.length - 2])}` : where) : code(keyName);
  return { e, at, where, keyName, inList, label };
}

/** Written with nothing in it: `key:`, `~`, `null`, `''`, `[]`, `{}`. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== undefined && Object.keys(v as object).length === 0;
}

/** The rule an `x-qipp-rule` annotation names; an id the catalogue does not know (in an extra schema) is not used. */
function ruleOf(schema: unknown): RuleId | undefined {
  const r = schema && typeof schema === 'object' ? (schema as Record<string, unknown>)[RULE_KEYWORD] : undefined;
  return typeof r === 'string' && isRuleId(r) ? r : undefined;
}

const HANDLERS: Record<string, Handler> = {
  required,
  additionalProperties,
  propertyNames: () => {}, // reported by the inner error, which names the key
  format,
  enum: enumValue,
  const: constValue,
  type,
  minItems: tooFew,
  minProperties: tooFew,
  pattern,
  minimum: limit,
  maximum: limit,
  exclusiveMinimum: limit,
  exclusiveMaximum: limit,
  uniqueItems: (x, job) => job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} names the same value twice.` }),
  minLength: (x, job) => job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} is empty: write something here or remove the key.` }),
};

/** A value written empty: the named rule that covers it at its key, else one `schema` finding. */
function emptyValue(x: Situated, job: Job): void {
  const { e, at } = x;
  const rule = ruleOf(e.parentSchema);
  const key = at.pair?.key.span;
  if (rule === 'five-steps') {
    // Reported at the improvement's first line, with any steps it lacks altogether (spec 3c.2).
    const item = locate(job.root, e.instancePath.slice(0, e.instancePath.lastIndexOf('/')));
    job.sink.merge(rule, holderSpan(job.root, item), x.keyName, item.path, (keys) => mergedMessage(rule, describePath(job.root, item.path), keys));
  } else if (rule && key) {
    job.sink.push({ rule, span: key, message: emptyMessage(rule, x, job.kindLabel), data: { path: at.path } });
  } else {
    // At the value, or at the key when the line holds no value text.
    const span = key && at.node.span[0] === at.node.span[1] ? key : at.node.span;
    // The allowed values, for the quick fix that writes one in (only where the value is).
    const allowed = (e.parentSchema as { enum?: unknown[] } | undefined)?.enum?.map(String);
    const data = allowed && span === at.node.span ? { allowed } : undefined;
    job.sink.push({ rule: 'schema', span, message: `${cap(x.label)} is empty: ${emptyHint(e, x)}.`, ...(data ? { data } : {}) });
  }
}

/** What an empty value should have been, from the keyword it broke. */
function emptyHint(e: ErrorObject, x: Situated): string {
  const s = (e.parentSchema ?? {}) as { enum?: unknown[]; format?: string; type?: string | string[]; required?: string[]; propertyNames?: { format?: string } };
  if (s.enum) return `use ${listOr(s.enum.map(String))}`;
  if (s.format && FORMAT_HINTS[s.format]) return `it should be ${FORMAT_HINTS[s.format]}`;
  if (x.keyName === 'id') return 'give an id that starts with a letter and uses only letters, digits, `_`, `.` and `-`';
  const t = e.keyword === 'type' ? (e.params as { type: string }).type : typeof s.type === 'string' ? s.type : '';
  if (t === 'object' && s.required?.length) return `give ${listAnd(s.required.map((k) => code(k)))}`;
  if (t === 'object' && s.propertyNames?.format === 'financial-year') return 'give a figure for each financial year, such as {2010/11: 1.5}';
  if (t === 'object') return 'give its keys and values';
  if (t === 'boolean') return 'write true or false';
  if (t === 'number' || t === 'integer') return `write ${TYPE_NAMES[t]}`;
  if (t === 'array') return 'list at least one entry';
  return 'write something here';
}

function required(x: Situated, job: Job): void {
  const { e, at, where } = x;
  const missing = (e.params as { missingProperty: string }).missingProperty;
  const rule = ruleOf((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[missing]) ?? 'schema';
  const span = holderSpan(job.root, at);
  if (rule === 'five-steps' || rule === 'engagement-incomplete') {
    job.sink.merge(rule, span, missing, at.path, (keys) => mergedMessage(rule, where, keys));
  } else if (rule === 'schema' && isEmpty(e.data)) {
    // `{}` where keys are needed: one finding naming them all.
    job.sink.merge('schema', span, missing, at.path, (keys) => `${cap(where)} is empty: give ${listAnd(keys.map((k) => code(k)))}.`);
  } else {
    job.sink.push({ rule, span, message: requiredMessage(rule, missing, where, job.kindLabel), data: { missing, path: at.path } });
  }
}

function requiredMessage(rule: string, missing: string, where: string, kindLabel: string): string {
  switch (rule) {
    case 'required-section':
      return `${cap(anArticle(kindLabel))} needs ${anArticle(code(missing))} section.`;
    case 'milestones-missing':
      return `${cap(where)} has no milestones: add at least one, with a due date.`;
    case 'pillars-missing':
      return `${cap(where)} names no QIPP pillar: add \`pillars\` with quality, innovation, productivity or prevention.`;
    default:
      return `${cap(where)} is missing ${code(missing)}.`;
  }
}

function additionalProperties(x: Situated, job: Job): void {
  const { e, at, where } = x;
  const extra = (e.params as { additionalProperty: string }).additionalProperty;
  const target = at.node.type === 'map' ? pairNamed(at.node, extra) : undefined;
  // A key already written is no rename: it would be repeated. A merge key is no slip for a real key.
  // (pairNamed looks a key up by the mapping's index: a mapping of 50,000 unknown keys stays linear.)
  const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).filter((k) => at.node.type !== 'map' || pairNamed(at.node, k) === undefined);
  const guess = extra === '<<' ? undefined : closest(extra, allowed);
  const what = extra === '<<' ? 'a merge key, which plans do not use (YAML 1.2 has no merge): write the keys out in full' : `not a key of ${where === 'the plan' ? anArticle(job.kindLabel) : where}`;
  job.sink.push({
    rule: 'schema',
    span: target ? target.key.span : at.node.span,
    message: `${code(extra)} is ${what}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
    data: { unknownKey: extra, suggestion: guess, path: at.path },
  });
}

function format(x: Situated, job: Job): void {
  const { e, at } = x;
  const fmt = (e.params as { format: string }).format;
  const rule = fmt === 'financial-year' || fmt === 'fy-period' ? 'fy-format' : 'schema';
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined && at.node.type === 'map') {
    const pair = pairNamed(at.node, propertyName);
    job.sink.push({ rule, span: pair ? pair.key.span : at.node.span, message: `${code(propertyName)} is not ${FORMAT_HINTS[fmt] ?? fmt}.`, data: { value: propertyName, format: fmt } });
  } else {
    job.sink.push({ rule, span: at.node.span, message: `${x.label} should be ${FORMAT_HINTS[fmt] ?? fmt}, not ${describeValue(e.data)}.`, data: { value: e.data, format: fmt } });
  }
}

function enumValue(x: Situated, job: Job): void {
  const { e, at } = x;
  const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
  const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
  job.sink.push({
    rule: 'schema',
    span: at.node.span,
    message: `${describeValue(e.data)} is not ${x.inList ? `allowed in ${code(at.path[at.path.length - 2])}` : `a valid ${x.label}`}: use ${listOr(allowed)}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
    data: { allowed, suggestion: guess },
  });
}

function constValue(x: Situated, job: Job): void {
  const allowed = (x.e.params as { allowedValue: unknown }).allowedValue;
  job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} must be ${String(allowed)}.`, data: { allowed: [String(allowed)] } });
}

function type(x: Situated, job: Job): void {
  const wanted = (x.e.params as { type: string }).type.split(',').map((t) => TYPE_NAMES[t] ?? t);
  job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} should be ${listOr(wanted)}, not ${describeValue(x.e.data)}.` });
}

/** minItems / minProperties on a value that is not empty (empty ones go to emptyValue). */
function tooFew(x: Situated, job: Job): void {
  const rule = ruleOf(x.e.parentSchema) ?? 'schema';
  const span = x.at.pair ? x.at.pair.key.span : x.at.node.span;
  job.sink.push({ rule, span, message: emptyMessage(rule, x, job.kindLabel), data: { path: x.at.path } });
}

function pattern(x: Situated, job: Job): void {
  job.sink.push({
    rule: 'schema',
    span: x.at.node.span,
    message:
      x.keyName === 'id'
        ? `${describeValue(x.e.data)} cannot be used as an id: an id starts with a letter and uses only letters, digits, \`_\`, \`.\` and \`-\`.`
        : `${describeValue(x.e.data)} is not in the form ${x.label} needs.`,
  });
}

function limit(x: Situated, job: Job): void {
  const p = x.e.params as { comparison: string; limit: number };
  job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} must be ${p.comparison} ${p.limit}; it is ${describeValue(x.e.data)}.` });
}

function otherKeyword(x: Situated, job: Job): void {
  job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${cap(x.where)}: ${x.e.message ?? 'does not match the plan format'}.` });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys and values',
  array: 'a list',
  null: 'empty',
};

const FORMAT_HINTS: Record<string, string> = {
  date: 'a real date written YYYY-MM-DD, such as 2010-12-31',
  'financial-year': 'a financial year written YYYY/YY with consecutive years, such as 2010/11',
  'fy-period': 'a period of financial years written YYYY/YY-YYYY/YY, such as 2010/11-2013/14',
};

function describeValue(v: unknown): string {
  if (v === null || v === '') return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // A `|` block keeps the line break after its text: say so rather than show it inside the quotes.
  if (typeof v === 'string' && /\n$/.test(v) && v.trim() !== '') return `${code(v.trim())} with a line break after it (write it on the key's line, or use \`|-\`)`;
  if (typeof v === 'string') return code(v);
  // YAML's `.nan`, `.inf` and numbers too large for a double: "not NaN" would mean nothing to a planning lead.
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '`.nan` (not a number)' : 'an infinite number';
  return String(v);
}

/** The message of a named rule for a section, list or member written empty. */
function emptyMessage(rule: string, x: Situated, kindLabel: string): string {
  switch (rule) {
    case 'required-section':
      return `The ${x.label} section is empty; ${anArticle(kindLabel)} needs it filled in.`;
    case 'engagement-missing':
    case 'engagement-incomplete':
      if (x.at.path.length > 1) return `${cap(x.label)} is empty: ${ENGAGEMENT_ASKS[x.keyName] ?? 'write something here'}.`;
      return 'Engagement is empty: say how staff, partners and the public are engaged.';
    case 'milestones-missing':
      return `${cap(x.where.startsWith('`') ? 'this initiative' : x.where)} has no milestones: add at least one, with a due date.`;
    case 'pillars-missing':
      return 'No QIPP pillar is named: list at least one of quality, innovation, productivity or prevention.';
    default:
      return `${x.label} is empty.`;
  }
}

const ENGAGEMENT_ASKS: Record<string, string> = {
  narrative: 'write the clear narrative of what QIPP means here and why it matters',
  staff: 'say how staff are engaged',
  partners: 'say how the local authority and other partners are engaged',
  public: 'say how patients and the public are engaged',
};

const STEP_NAMES: Record<string, string> = {
  recognition_of_need: 'recognition of need',
  knowing_and_sharing: 'knowing and sharing',
  local_decision: 'local decision',
  change_support: 'change support',
  sustainability: 'sustainability',
  narrative: 'the narrative',
  staff: 'staff',
  partners: 'partners',
  public: 'the public',
};

function mergedMessage(rule: string, where: string, keys: string[]): string {
  const names = keys.map((k) => `${STEP_NAMES[k] ?? k} (${code(k)})`);
  if (rule === 'five-steps') {
    return `${cap(where)} lacks ${keys.length > 1 ? 'these steps' : 'the step'}: ${names.join(', ')}. Every improvement needs all five: recognition of need, knowing and sharing, local decision, change support and sustainability.`;
  }
  return `Engagement does not say ${keys.length > 1 ? 'these' : 'this'}: ${names.join(', ')}. A QIPP plan needs a clear narrative and how staff, partners and the public are engaged.`;
}

/** "a provider plan", "an improvement plan", "an `enabling`". */
function anArticle(phrase: string): string {
  return `${/^`?[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
