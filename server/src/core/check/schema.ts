/**
 * JSON Schema validation of a plan, with every ajv error mapped to the exact
 * YAML node and to one message a planning lead understands. Validators are
 * compiled once per kind when the engine is created.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import reformSchema from '../../../../schemas/qipp-reform-plan.schema.json';
import qippSchema from '../../../../schemas/qipp-plan.schema.json';
import providerSchema from '../../../../schemas/provider-plan.schema.json';
import improvementSchema from '../../../../schemas/improvement-plan.schema.json';
import { isDate, isFinancialYear, isPeriod } from '../model';
import type { PNode } from '../syntax';
import { closest, code, listOr } from '../text';
import { describePath, holderSpan, locate, pairNamed } from '../syntax';
import type { PlanKind, Span } from '../types';

export const BUILTIN_SCHEMAS: Record<PlanKind, object> = {
  'qipp-reform-plan': reformSchema,
  'qipp-plan': qippSchema,
  'provider-plan': providerSchema,
  'improvement-plan': improvementSchema,
};

/** The annotation in our schemas naming the rule a missing or empty property is reported under. */
export const RULE_KEYWORD = 'x-qipp-rule';

export interface RawFinding {
  rule: string;
  span: Span;
  message: string;
  data?: Record<string, unknown>;
}

/** The validators of a kind: the built-in schema first, then any extra ones. */
export type Validators = (kind: PlanKind) => readonly ValidateFunction[];

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: true });
  ajv.addVocabulary([RULE_KEYWORD, 'markdownDescription', 'defaultSnippets']);
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('financial-year', { type: 'string', validate: isFinancialYear });
  ajv.addFormat('fy-period', { type: 'string', validate: isPeriod });
  return ajv;
}

/**
 * Validators for the built-in schemas, compiled the first time a kind is met
 * (compiling all four costs more than checking a plan), and any extra ones,
 * compiled at once so that their problems are known up front.
 */
export function compileValidators(extra: readonly { kind: PlanKind; schema: object }[] = []): { validators: Validators; problems: string[] } {
  const problems: string[] = [];
  const extras = new Map<PlanKind, ValidateFunction[]>();
  for (const e of extra) {
    try {
      const list = extras.get(e.kind) ?? [];
      list.push(newAjv().compile(e.schema));
      extras.set(e.kind, list);
    } catch (err) {
      problems.push(`The extra schema for ${e.kind} could not be used: ${(err as Error).message}`);
    }
  }
  const compiled = new Map<PlanKind, readonly ValidateFunction[]>();
  const validators: Validators = (kind) => {
    let list = compiled.get(kind);
    if (!list) {
      list = [builtinValidator(kind), ...(extras.get(kind) ?? [])];
      compiled.set(kind, list);
    }
    return list;
  };
  return { validators, problems };
}

/**
 * The built-in schemas never change, so their compiled validators are shared
 * by every engine in the process (a validator keeps no state between calls
 * that matters here: its `errors` are read right after each call).
 */
const builtins = new Map<PlanKind, ValidateFunction>();
let builtinAjv: Ajv | undefined;
function builtinValidator(kind: PlanKind): ValidateFunction {
  let v = builtins.get(kind);
  if (!v) {
    builtinAjv ??= newAjv();
    v = builtinAjv.compile(BUILTIN_SCHEMAS[kind]);
    builtins.set(kind, v);
  }
  return v;
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

function ruleOf(schema: unknown): string | undefined {
  const r = schema && typeof schema === 'object' ? (schema as Record<string, unknown>)[RULE_KEYWORD] : undefined;
  return typeof r === 'string' ? r : undefined;
}

/** Map ajv's errors to findings: one per fault, at the node the spec names. */
export function mapErrors(root: PNode, errors: readonly ErrorObject[], kindLabel: string): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new Set<string>();
  const push = (f: RawFinding) => {
    const k = `${f.rule}@${f.span[0]}:${f.span[1]}:${f.message}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(f);
  };
  // Missing keys of the same mapping under a merging rule (five-steps, engagement-*) become one finding.
  const merged = new Map<string, { finding: RawFinding; keys: string[]; where: string }>();

  // A section or list that is empty is one fault: its missing inner keys are not reported again.
  const emptied = new Set(errors.filter((e) => (e.keyword === 'minProperties' || e.keyword === 'minItems') && ruleOf(e.parentSchema)).map((e) => e.instancePath));

  for (const e of errors) {
    if (e.keyword === 'required' && emptied.has(e.instancePath)) continue;
    const at = locate(root, e.instancePath);
    const exact = at.path.length === (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1);
    if (!exact) continue; // the node is not in the document (should not happen)
    const where = describePath(root, at.path);
    const keyName = at.path.length ? at.path[at.path.length - 1] : '';
    const inList = /^\d+$/.test(keyName);
    // How a value is named in a sentence: `level`, or "each entry of `pillars`" for list items without a noun.
    const label = inList ? (where.startsWith('this item') ? `each entry of ${code(at.path[at.path.length - 2])}` : where) : code(keyName);
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        const propSchema = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[missing];
        const rule = ruleOf(propSchema) ?? 'schema';
        const span = holderSpan(root, at);
        if (rule === 'five-steps' || rule === 'engagement-incomplete') {
          const key = `${rule}@${span[0]}`;
          const m = merged.get(key);
          if (m) m.keys.push(missing);
          else {
            const entry = { finding: { rule, span, message: '', data: { missing: [missing], path: at.path } }, keys: [missing], where };
            merged.set(key, entry);
            out.push(entry.finding);
          }
          break;
        }
        const message =
          rule === 'required-section'
            ? `${cap(anArticle(kindLabel))} needs ${anArticle(code(missing))} section.`
            : rule === 'milestones-missing'
              ? `${cap(where)} has no milestones: add at least one, with a due date.`
              : rule === 'pillars-missing'
                ? `${cap(where)} names no QIPP pillar: add \`pillars\` with quality, innovation, productivity or prevention.`
                : `${cap(where)} is missing ${code(missing)}.`;
        push({ rule, span, message, data: { missing, path: at.path } });
        break;
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const target = at.node.type === 'map' ? pairNamed(at.node, extra) : undefined;
        const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
        const guess = closest(extra, allowed);
        push({
          rule: 'schema',
          span: target ? target.key.span : at.node.span,
          message: `${code(extra)} is not a key of ${where === 'the plan' ? anArticle(kindLabel) : where}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
          data: { unknownKey: extra, suggestion: guess, path: at.path },
        });
        break;
      }
      case 'propertyNames':
        break; // reported by the inner error, which names the key
      case 'format': {
        const format = (e.params as { format: string }).format;
        const rule = format === 'financial-year' || format === 'fy-period' ? 'fy-format' : 'schema';
        const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
        if (propertyName !== undefined && at.node.type === 'map') {
          const pair = pairNamed(at.node, propertyName);
          push({ rule, span: pair ? pair.key.span : at.node.span, message: `${code(propertyName)} is not ${FORMAT_HINTS[format] ?? format}.`, data: { value: propertyName, format } });
        } else {
          push({ rule, span: at.node.span, message: `${label} should be ${FORMAT_HINTS[format] ?? format}, not ${describeValue(e.data)}.`, data: { value: e.data, format } });
        }
        break;
      }
      case 'enum': {
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
        const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
        push({
          rule: 'schema',
          span: at.node.span,
          message: `${describeValue(e.data)} is not ${inList ? `allowed in ${code(at.path[at.path.length - 2])}` : `a valid ${label}`}: use ${listOr(allowed)}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
          data: { allowed, suggestion: guess },
        });
        break;
      }
      case 'const': {
        const allowed = (e.params as { allowedValue: unknown }).allowedValue;
        push({ rule: 'schema', span: at.node.span, message: `${label} must be ${String(allowed)}.`, data: { allowed: [String(allowed)] } });
        break;
      }
      case 'type': {
        const rule = ruleOf(e.parentSchema);
        if (rule && e.data === null && at.pair) {
          // An empty section or list written `key:` with nothing after it.
          push({ rule, span: at.pair.key.span, message: emptyMessage(rule, label, where, kindLabel), data: { path: at.path } });
          break;
        }
        const t = (e.params as { type: string }).type;
        const wanted = t.split(',').map((x) => TYPE_NAMES[x] ?? x);
        push({ rule: 'schema', span: at.node.span, message: `${label} should be ${listOr(wanted)}, not ${describeValue(e.data)}.` });
        break;
      }
      case 'minItems':
      case 'minProperties': {
        const rule = ruleOf(e.parentSchema) ?? 'schema';
        const span = at.pair ? at.pair.key.span : at.node.span;
        push({ rule, span, message: emptyMessage(rule, label, where, kindLabel), data: { path: at.path } });
        break;
      }
      case 'pattern': {
        const isId = keyName === 'id';
        push({
          rule: 'schema',
          span: at.node.span,
          message: isId
            ? `${describeValue(e.data)} cannot be used as an id: an id starts with a letter and uses only letters, digits, \`_\`, \`.\` and \`-\`.`
            : `${describeValue(e.data)} is not in the form ${label} needs.`,
        });
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const p = e.params as { comparison: string; limit: number };
        push({ rule: 'schema', span: at.node.span, message: `${label} must be ${p.comparison} ${p.limit}; it is ${describeValue(e.data)}.` });
        break;
      }
      case 'uniqueItems':
        push({ rule: 'schema', span: at.node.span, message: `${label} names the same value twice.` });
        break;
      case 'minLength':
        push({ rule: 'schema', span: at.node.span, message: `${label} is empty: write something here or remove the key.` });
        break;
      default:
        push({ rule: 'schema', span: at.node.span, message: `${cap(where)}: ${e.message ?? 'does not match the plan format'}.` });
    }
  }
  for (const m of merged.values()) {
    m.finding.message = mergedMessage(m.finding.rule, m.where, m.keys);
    (m.finding.data as { missing: string[] }).missing = m.keys;
  }
  return out;
}

function emptyMessage(rule: string, label: string, where: string, kindLabel: string): string {
  switch (rule) {
    case 'required-section':
      return `The ${label} section is empty; ${anArticle(kindLabel)} needs it filled in.`;
    case 'engagement-missing':
      return 'Engagement is empty: say how staff, partners and the public are engaged.';
    case 'milestones-missing':
      return `${cap(where.startsWith('`') ? 'this initiative' : where)} has no milestones: add at least one, with a due date.`;
    case 'pillars-missing':
      return 'No QIPP pillar is named: list at least one of quality, innovation, productivity or prevention.';
    default:
      return `${label} is empty.`;
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
