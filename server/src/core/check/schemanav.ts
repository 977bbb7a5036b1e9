/**
 * Walking a kind's JSON Schema by a path of keys and list items, for
 * completion, hover and skeletons. Our schemas use only `properties`,
 * `items`, `additionalProperties`, `propertyNames` and local `$ref`s, so no
 * general JSON Schema resolver is needed. PURE.
 */
import { ITEM, type Seg } from '../syntax';
import { BUILTIN_SCHEMAS, RULE_KEYWORD } from './schema';
import type { PlanKind } from '../types';

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minProperties?: number;
  default?: unknown;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  [RULE_KEYWORD]?: string;
}

/** The schemas that apply to a kind: the built-in one first, then extra ones from the configuration. */
export function schemasFor(kind: PlanKind, extra: readonly { kind: PlanKind; schema: object }[] = []): JsonSchema[] {
  return [BUILTIN_SCHEMAS[kind] as JsonSchema, ...extra.filter((e) => e.kind === kind).map((e) => e.schema as JsonSchema)];
}

function deref(root: JsonSchema, s: JsonSchema | undefined): JsonSchema | undefined {
  let cur = s;
  for (let guard = 0; cur && cur.$ref && guard < 16; guard++) {
    const m = /^#\/(definitions|\$defs)\/(.+)$/.exec(cur.$ref);
    const defs = m ? ((root as Record<string, unknown>)[m[1]] as Record<string, JsonSchema> | undefined) : undefined;
    cur = m && defs ? defs[m[2]] : undefined;
  }
  return cur;
}

/** One step down a schema: a property or a list's items. */
export function step(root: JsonSchema, s: JsonSchema | undefined, seg: Seg): JsonSchema | undefined {
  const cur = deref(root, s);
  if (!cur) return undefined;
  if (seg === ITEM) return deref(root, cur.items);
  const prop = cur.properties?.[seg];
  if (prop) return deref(root, prop);
  return typeof cur.additionalProperties === 'object' ? deref(root, cur.additionalProperties) : undefined;
}

/** The schema at a path, in one schema. */
export function schemaAt(root: JsonSchema, path: readonly Seg[]): JsonSchema | undefined {
  let cur: JsonSchema | undefined = deref(root, root);
  for (const seg of path) {
    cur = step(root, cur, seg);
    if (!cur) return undefined;
  }
  return cur;
}

/** The schemas at a path across a kind's schemas (built-in first), resolved. */
export function schemasAt(schemas: readonly JsonSchema[], path: readonly Seg[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const root of schemas) {
    const s = schemaAt(root, path);
    if (s) out.push(s);
  }
  return out;
}

/** The properties a mapping at a path may have, merged across schemas, each resolved. */
export function propertiesAt(schemas: readonly JsonSchema[], path: readonly Seg[]): Map<string, { schema: JsonSchema; required: boolean }> {
  const out = new Map<string, { schema: JsonSchema; required: boolean }>();
  for (const root of schemas) {
    const s = schemaAt(root, path);
    if (!s?.properties) continue;
    for (const [k, v] of Object.entries(s.properties)) {
      const resolved = deref(root, v) ?? v;
      const prev = out.get(k);
      const required = (s.required ?? []).includes(k) || (prev?.required ?? false);
      out.set(k, { schema: prev ? { ...resolved, description: prev.schema.description ?? resolved.description } : resolved, required });
    }
  }
  return out;
}

export function typeOf(s: JsonSchema | undefined): string | undefined {
  if (!s) return undefined;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type[0];
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
}

/** Yearly money: a mapping from financial year to number. */
export function isYearly(s: JsonSchema | undefined): boolean {
  return !!s && s.propertyNames?.format === 'financial-year';
}
