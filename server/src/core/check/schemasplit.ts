/**
 * The built-in schema check for the editing path, item by item: the plan is
 * validated with each initiative list's items set aside (`items: false`, so
 * ajv marks every item where its errors belong), and each item is validated on
 * its own against the item schema, remembered by the item's JSON value. An
 * unchanged item keeps its value object from one edit to the next (see
 * syntax/parse.ts toValue), so only the items an edit touched are validated
 * again. The errors are those of the whole-plan check, in the same order, with
 * the same paths (an item's remembered errors are relative to the item and put
 * under its current place in the list). A JSON Schema check of an item depends
 * on nothing outside the item. PURE.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { KINDS } from '../kinds';
import type { PlanKind } from '../types';
import { BUILTIN_SCHEMAS, newAjv } from './schema';

interface Split {
  /** The plan with the initiative lists' items set aside. */
  plan: ValidateFunction;
  /** The item schema of each set-aside list, by the schema path of the error ajv gives for each of its items. */
  items: Map<string, ValidateFunction>;
}

/** Errors remembered per item value, per list schema (one map per engine and kind). */
export type ItemErrors = Map<ValidateFunction, WeakMap<object, readonly ErrorObject[]>>;

const NONE: readonly ErrorObject[] = [];
const splits = new Map<PlanKind, Split | null>();

/** The split check of a kind's built-in schema (compiled once per process), or null when its lists cannot be set aside. */
function splitOf(kind: PlanKind): Split | null {
  let s = splits.get(kind);
  if (s === undefined) {
    s = compileSplit(kind);
    splits.set(kind, s);
  }
  return s;
}

function compileSplit(kind: PlanKind): Split | null {
  const schema = structuredClone(BUILTIN_SCHEMAS[kind]) as { $id?: string; properties?: Record<string, Sub> };
  const info = KINDS[kind];
  const lists: { at: string; ref: string; list: Sub }[] = [];
  for (const section of info.initiativeSections) {
    const path = info.nestedInitiatives ? ['properties', section, 'properties', 'initiatives'] : ['properties', section];
    const list = dig(schema, path);
    const ref = list?.items ? list.items.$ref : undefined;
    // Only an item schema that is a reference within the plan's schema, resolvable on its own.
    if (!list || typeof ref !== 'string' || !ref.startsWith('#/') || !schema.$id || Object.keys(list.items as object).length !== 1) return null;
    lists.push({ at: `#/${path.join("/")}/items/false schema`, ref: `${schema.$id}${ref}`, list });
  }
  for (const l of lists) l.list.items = false;
  try {
    const ajv = newAjv();
    const plan = ajv.compile(schema);
    return { plan, items: new Map(lists.map((l) => [l.at, ajv.compile({ $ref: l.ref })])) };
  } catch {
    return null; // the whole plan is validated instead
  }
}

interface Sub {
  items?: { $ref?: unknown } | false;
  properties?: Record<string, Sub>;
  [key: string]: unknown;
}

function dig(schema: object, path: string[]): Sub | undefined {
  let at: unknown = schema;
  for (const k of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined;
  return at && typeof at === 'object' ? (at as Sub) : undefined;
}

/**
 * The errors of the kind's built-in schema for `value` (null when it passes),
 * exactly as the whole-plan validator gives them; undefined when this kind is
 * not checked item by item (the caller then validates the whole plan).
 */
export function splitErrors(kind: PlanKind, value: unknown, memo: ItemErrors): ErrorObject[] | null | undefined {
  const split = splitOf(kind);
  if (!split) return undefined;
  if (split.plan(value)) return null;
  const out: ErrorObject[] = [];
  for (const e of split.plan.errors ?? []) {
    const item = e.keyword === 'false schema' ? split.items.get(e.schemaPath) : undefined;
    if (!item) {
      out.push(e);
      continue;
    }
    for (const ie of itemErrors(item, e.data, memo)) out.push({ ...ie, instancePath: e.instancePath + ie.instancePath });
  }
  return out.length ? out : null;
}

/** An item's errors, relative to the item: remembered by its value when it is a mapping. */
function itemErrors(validate: ValidateFunction, data: unknown, memo: ItemErrors): readonly ErrorObject[] {
  const check = () => (validate(data) ? NONE : [...(validate.errors ?? [])]);
  if (data === null || typeof data !== 'object') return check();
  let byValue = memo.get(validate);
  if (!byValue) memo.set(validate, (byValue = new WeakMap()));
  let found = byValue.get(data);
  if (!found) byValue.set(data, (found = check()));
  return found;
}
