/**
 * Ajv's errors -> findings: one per fault, at the node the spec names, in one
 * message a planning lead understands. One small handler per JSON Schema
 * keyword (HANDLERS). PURE.
 */
import type { ErrorObject } from 'ajv';
import { describePath, holderSpan, locate, type Located, type PNode } from '../syntax';
import { closest, code, listOr } from '../text';
import type { Span } from '../types';
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
  merge(rule: string, span: Span, key: string, path: string[], message: (keys: string[]) => string): void {
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
    (HANDLERS[e.keyword] ?? otherKeyword)(x, job);
  }
  return job.sink.finish();
}

/** The errors worth reporting: a section or list that is empty is one fault, so its missing inner keys are not reported again. */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const emptied = new Set(errors.filter((e) => (e.keyword === 'minProperties' || e.keyword === 'minItems') && ruleOf(e.parentSchema)).map((e) => e.instancePath));
  return errors.filter((e) => !(e.keyword === 'required' && emptied.has(e.instancePath)));
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

function ruleOf(schema: unknown): string | undefined {
  const r = schema && typeof schema === 'object' ? (schema as Record<string, unknown>)[RULE_KEYWORD] : undefined;
  return typeof r === 'string' ? r : undefined;
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

function required(x: Situated, job: Job): void {
  const { e, at, where } = x;
  const missing = (e.params as { missingProperty: string }).missingProperty;
  const rule = ruleOf((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[missing]) ?? 'schema';
  const span = holderSpan(job.root, at);
  if (rule === 'five-steps' || rule === 'engagement-incomplete') {
    job.sink.merge(rule, span, missing, at.path, (keys) => mergedMessage(rule, where, keys));
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
  const target = at.node.type === 'map' ? at.node.pairs.find((p) => String(p.key.value) === extra) : undefined;
  const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
  const guess = closest(extra, allowed);
  job.sink.push({
    rule: 'schema',
    span: target ? target.key.span : at.node.span,
    message: `${code(extra)} is not a key of ${where === 'the plan' ? anArticle(job.kindLabel) : where}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
    data: { unknownKey: extra, suggestion: guess, path: at.path },
  });
}

function format(x: Situated, job: Job): void {
  const { e, at } = x;
  const fmt = (e.params as { format: string }).format;
  const rule = fmt === 'financial-year' || fmt === 'fy-period' ? 'fy-format' : 'schema';
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined && at.node.type === 'map') {
    const pair = at.node.pairs.find((p) => String(p.key.value) === propertyName);
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
  const rule = ruleOf(x.e.parentSchema);
  if (rule && x.e.data === null && x.at.pair) {
    // An empty section or list written `key:` with nothing after it.
    job.sink.push({ rule, span: x.at.pair.key.span, message: emptyMessage(rule, x, job.kindLabel), data: { path: x.at.path } });
    return;
  }
  const wanted = (x.e.params as { type: string }).type.split(',').map((t) => TYPE_NAMES[t] ?? t);
  job.sink.push({ rule: 'schema', span: x.at.node.span, message: `${x.label} should be ${listOr(wanted)}, not ${describeValue(x.e.data)}.` });
}

/** minItems / minProperties: a section or list present but empty. */
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
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return code(v);
  // YAML's `.nan`, `.inf` and numbers too large for a double: "not NaN" would mean nothing to a planning lead.
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '`.nan` (not a number)' : 'an infinite number';
  return String(v);
}

/** The message of a named rule for a section or list written empty. */
function emptyMessage(rule: string, x: Situated, kindLabel: string): string {
  switch (rule) {
    case 'required-section':
      return `The ${x.label} section is empty; ${anArticle(kindLabel)} needs it filled in.`;
    case 'engagement-missing':
      return 'Engagement is empty: say how staff, partners and the public are engaged.';
    case 'milestones-missing':
      return `${cap(x.where.startsWith('`') ? 'this initiative' : x.where)} has no milestones: add at least one, with a due date.`;
    case 'pillars-missing':
      return 'No QIPP pillar is named: list at least one of quality, innovation, productivity or prevention.';
    default:
      return `${x.label} is empty.`;
  }
}

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
