/**
 * Text -> a plain tree of the YAML document that keeps every node's span.
 * Never throws: every problem becomes a yaml-syntax finding. YAML 1.2 core
 * schema, so `2010-10-01` and `2010/11` stay strings and `no` is not false.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Parser, visit, type Alias, type Document, type Node as YNode } from 'yaml';
import { fastParse } from './fastparse';
import type { Span } from '../types';
import type { PMap, PNode, PPair, PScalar, SyntaxProblem } from './nodes';

export type { PMap, PNode, PPair, PScalar, PSeq, SyntaxProblem } from './nodes';

export interface Parsed {
  /** The document's root, or undefined for an empty file or one that could not be read. */
  root: PNode | undefined;
  problems: SyntaxProblem[];
}

/** How many nodes the document may expand to through aliases before it is refused. */
export const MAX_EXPANDED_NODES = 200_000;

/**
 * Read the first YAML document of the text: through the fast reader when the
 * text is in the plain subset it knows (the same tree, much sooner), else with
 * the `yaml` library.
 */
export function parseText(text: string): Parsed {
  const fast = fastParse(text);
  if (fast === undefined) return parseWithYaml(text);
  if (fast) UNIQUE.add(fast);
  return { root: fast ?? undefined, problems: [] };
}

/** Roots of trees the fast reader built: it gives up on a repeated key, so no mapping in them has one (see toValue). */
const UNIQUE = new WeakSet<PNode>();

/** Read the first YAML document with the `yaml` library (the reference reader). */
export function parseWithYaml(text: string): Parsed {
  const problems: SyntaxProblem[] = [];
  let docs: Document.Parsed[];
  const keys = new KeyCheck();
  try {
    docs = parseAllDocuments(text, { version: '1.2', schema: 'core', resolveKnownTags: false, uniqueKeys: keys.isEqual, prettyErrors: false, keepSourceTokens: false }) as Document.Parsed[];
  } catch (e) {
    return { root: undefined, problems: [{ span: [0, 0], message: `The file could not be read as YAML: ${firstLine((e as Error).message)}`, fatal: true }] };
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const directive = text.charCodeAt(0) === 37 || text.includes('\n%') ? directiveProblem(text) : undefined;
  if (directive) problems.push(directive);
  if (docs.length === 0) return { root: undefined, problems };
  const doc = docs[0];
  for (const err of doc.errors) {
    const dup = err.code === 'DUPLICATE_KEY';
    if (dup && !keys.repeats()) continue;
    problems.push({
      span: [err.pos[0], Math.max(err.pos[1], err.pos[0])],
      message: dup ? duplicateKeyMessage(text, err.pos[0]) : syntaxMessage(err.code, err.message),
      fatal: !dup,
    });
  }
  if (docs.length > 1) {
    const second = docs[1];
    const at = second.range?.[0] ?? text.length;
    problems.push({ span: [at, at], message: 'A plan file holds one YAML document; everything after the second `---` is ignored. Put the other plan in a file of its own.', fatal: false });
  }
  if (problems.some((p) => p.fatal)) return { root: undefined, problems };
  const converter = new Converter(doc);
  let root: PNode | undefined;
  try {
    root = doc.contents ? converter.node(doc.contents as YNode) : undefined;
    for (const p of converter.repeated) problems.push(p); // not spread: there may be more than the stack holds
  } catch (e) {
    if (e instanceof TooLarge) {
      return { root: undefined, problems: [...problems, { span: e.span, message: 'This file uses aliases (`*name`) that expand to more than the plan format allows; write the values out instead.', fatal: true }] };
    }
    return { root: undefined, problems: [...problems, { span: [0, 0], message: `The file could not be read as YAML: ${firstLine((e as Error).message)}`, fatal: true }] };
  }
  return { root, problems };
}

/**
 * Directive faults that `yaml` lets pass (suite cases 9MMA, SF5V): a directive
 * with no document after it, and a second `%YAML` before one document.
 */
function directiveProblem(text: string): SyntaxProblem | undefined {
  let pending: Span | undefined;
  let yamlAt = -1;
  for (const token of new Parser().parse(text)) {
    if (token.type === 'directive') {
      pending ??= [token.offset, token.offset + token.source.length];
      if (/^%YAML(?:[ \t]|$)/.test(token.source)) {
        if (yamlAt >= 0) return { span: [token.offset, token.offset + token.source.length], message: 'A document may have only one `%YAML` directive; remove this one.', fatal: true };
        yamlAt = token.offset;
      }
    } else if (token.type === 'document') {
      pending = undefined;
      yamlAt = -1;
    }
  }
  if (!pending) return undefined;
  return { span: pending, message: 'A `%` directive must be followed by a document that starts with `---`.', fatal: true };
}

/**
 * Repeated keys in linear time. `yaml` checks each key of a mapping against
 * every earlier key of it (`items.some(pair => isEqual(pair.key, key))`), so a
 * mapping of 50,000 keys took half a minute. This `isEqual` answers `true` at
 * the first comparison of each key, which ends that search at once, and
 * records whether the key really repeats one: it keeps, per mapping (known by
 * its first key's node, the `pair.key` of every first comparison), the values
 * of its keys in a Set. `yaml` then reports a DUPLICATE_KEY for every key but
 * the first of each mapping, in order, each at the very position it would give
 * a real one; `repeats()` tells, in the same order, which of them to keep.
 * Keys compare as `yaml`'s own check compares them: scalars by value (`===`,
 * so `.nan` repeats nothing), other nodes never.
 */
class KeyCheck {
  private readonly seen = new WeakMap<object, Set<unknown>>();
  private readonly verdicts: boolean[] = [];
  private next = 0;

  readonly isEqual = (first: unknown, key: unknown): boolean => {
    let values = this.seen.get(first as object);
    if (!values) {
      values = new Set();
      if (isScalar(first) && first.value === first.value) values.add(first.value);
      this.seen.set(first as object, values);
    }
    const comparable = isScalar(key) && key.value === key.value;
    this.verdicts.push(comparable && values.has(key.value));
    if (comparable) values.add(key.value);
    return true;
  };

  /** For the next DUPLICATE_KEY error `yaml` reported (documents and errors in order): is it a real one? */
  repeats(): boolean {
    return this.verdicts[this.next++] ?? true;
  }
}

class TooLarge extends Error {
  constructor(readonly span: Span) {
    super('too large');
  }
}

/** Builds the plain tree; aliases share the anchored node's subtree, and their expanded size is bounded. */
class Converter {
  private expanded = 0;
  private readonly sizes = new Map<PNode, number>();
  private readonly done = new Map<YNode, PNode>();
  /** Each alias's anchored node, found in one walk of the document (see `target`). */
  private targets: Map<Alias, YNode | undefined> | undefined;
  /** Keys written as aliases that repeat a key of their mapping (`yaml` compares only scalar keys). */
  readonly repeated: SyntaxProblem[] = [];

  constructor(private readonly doc: Document.Parsed) {}

  /**
   * The node an alias stands for: the last node anchored with its name before
   * it, in the order `yaml`'s `Alias.resolve` looks (which walks the whole
   * document for every alias it resolves: 20,000 aliases took a minute). All
   * aliases are resolved in one walk, the first time one is asked for.
   */
  private target(alias: Alias): YNode | undefined {
    if (!this.targets) {
      const targets = new Map<Alias, YNode | undefined>();
      const last = new Map<string, YNode>();
      visit(this.doc, {
        Node: (_key, node): void => {
          if (isAlias(node)) targets.set(node, last.get(node.source));
          else if (node.anchor) last.set(node.anchor, node);
        },
      });
      this.targets = targets;
    }
    return this.targets.get(alias);
  }

  node(n: YNode | null | undefined, fallback: Span = [0, 0]): PNode {
    if (n == null) return { type: 'scalar', span: fallback, value: null };
    const span = spanOf(n, fallback);
    if (isAlias(n)) {
      const target = this.target(n);
      if (!target) return { type: 'scalar', span, value: null };
      const resolved = this.done.get(target as YNode) ?? this.node(target as YNode, span);
      this.expanded += this.size(resolved);
      if (this.expanded > MAX_EXPANDED_NODES) throw new TooLarge(span);
      return { ...resolved, span } as PNode;
    }
    let out: PNode;
    if (isMap(n)) {
      out = { type: 'map', span, pairs: this.pairs(n.items, span) };
    } else if (isSeq(n)) {
      out = { type: 'seq', span, items: n.items.map((it) => this.node(it as YNode | null, span)) };
    } else if (isScalar(n)) {
      out = { type: 'scalar', span, value: scalarValue(n.value) };
    } else {
      out = { type: 'scalar', span, value: null };
    }
    this.done.set(n, out);
    return out;
  }

  private pairs(items: readonly unknown[], span: Span): PPair[] {
    const pairs: PPair[] = [];
    /** The keys so far, as text, for keys written as aliases. */
    const keys = new Set<string>();
    for (const p of items) {
      if (!isPair(p)) continue;
      const keyNode = p.key as YNode | null;
      // An alias as a key stands for its anchor's node: `*a : x` is keyed by a's value, not by "*a".
      const keyTarget = isAlias(keyNode) ? this.target(keyNode) : keyNode;
      const key: PScalar = isScalar(keyTarget)
        ? { type: 'scalar', span: spanOf(keyNode as YNode, span), value: scalarValue(keyTarget.value) }
        : { type: 'scalar', span: keyNode ? spanOf(keyNode, span) : span, value: keyTarget ? String(keyTarget) : null };
      if (keyTarget !== keyNode && keys.has(String(key.value))) {
        this.repeated.push({ span: key.span, message: `The alias \`${String(keyNode)}\` stands for the key \`${String(key.value)}\`, which this mapping already has; only one value can count. Remove or rename one of them.`, fatal: false });
      }
      keys.add(String(key.value));
      const value = this.node(p.value as YNode | null, [key.span[1], key.span[1]]);
      pairs.push({ key, value, span: [key.span[0], Math.max(key.span[1], value.span[1])] });
    }
    return pairs;
  }

  /** Number of nodes a subtree expands to (memoised, so shared subtrees cost once). */
  private size(n: PNode): number {
    const known = this.sizes.get(n);
    if (known !== undefined) return known;
    let s = 1;
    if (n.type === 'map') for (const p of n.pairs) s += 1 + this.size(p.value);
    else if (n.type === 'seq') for (const it of n.items) s += this.size(it);
    this.sizes.set(n, s);
    return s;
  }
}

function spanOf(n: YNode, fallback: Span): Span {
  const r = n.range;
  return r ? [r[0], Math.max(r[0], r[1])] : fallback;
}

function scalarValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function duplicateKeyMessage(text: string, at: number): string {
  const m = /^[^:\n\r]+/.exec(text.slice(at, at + 200));
  const key = m ? m[0].trim() : 'this key';
  return `\`${key}\` appears twice in the same mapping; only one value can count. Remove or rename one of them.`;
}

const FRIENDLY: Record<string, string> = {
  TAB_AS_INDENT: 'Tabs cannot be used to indent YAML; use spaces.',
  BAD_INDENT: 'The indentation here does not line up with the lines above it.',
  MISSING_CHAR: 'A closing bracket, brace or quote is missing.',
  MULTILINE_IMPLICIT_KEY: 'A key must be on one line; is a colon or indentation missing above?',
  UNEXPECTED_TOKEN: 'The YAML cannot be read from here on: check the indentation and punctuation of this line.',
  BLOCK_AS_IMPLICIT_KEY: 'A key must be on one line; is a colon or indentation missing above?',
  DUPLICATE_KEY: 'A key appears twice in the same mapping.',
  BAD_ALIAS: 'This alias (`*name`) refers to no anchor (`&name`) above it.',
  ALIAS_PROPS: 'An alias cannot have an anchor or tag.',
  BAD_DIRECTIVE: 'This `%` directive is not one YAML knows.',
  BAD_SCALAR_START: 'A plain value cannot start with this character; put the value in quotes.',
  MISSING_ANCHOR: 'This alias refers to no anchor above it.',
  TAG_RESOLVE_FAILED: 'The value does not match its tag.',
};

function syntaxMessage(code: string, message: string): string {
  const friendly = FRIENDLY[code];
  const detail = firstLine(message).replace(/ at line \d+, column \d+:?$/, '');
  return friendly ? `${friendly} (YAML: ${detail})` : `The file is not valid YAML here: ${detail}.`;
}

/** The pair of a map with this key (the first, when a key is repeated). */
export function pairOf(map: PMap, key: string): PPair | undefined {
  for (const p of map.pairs) if (p.key.value === key) return p;
  return undefined;
}

/** The value of a map's key. */
export function get(map: PNode | undefined, key: string): PNode | undefined {
  return map && map.type === 'map' ? pairOf(map, key)?.value : undefined;
}

/**
 * The plain JavaScript value of a tree, as JSON would give it (first of
 * repeated keys wins). With `memo`, the values of list items are remembered by
 * node, for trees whose unchanged items are the same nodes from one call to
 * the next (the incremental path); nothing may change a value handed out.
 */
export function toValue(n: PNode, memo?: WeakMap<PNode, unknown>): unknown {
  if (n.type === 'scalar') return n.value;
  if (!memo && UNIQUE.has(n)) return uniqueValue(n);
  if (n.type === 'seq') {
    if (!memo) return n.items.map((it) => toValue(it));
    return n.items.map((it) => {
      if (it.type !== 'map') return toValue(it, memo);
      let v = memo.get(it);
      if (v === undefined) memo.set(it, (v = toValue(it, memo)));
      return v;
    });
  }
  const out: Record<string, unknown> = {};
  for (const p of n.pairs) {
    const k = String(p.key.value);
    if (Object.prototype.hasOwnProperty.call(out, k)) continue;
    // `__proto__` must become a key like any other, not the object's prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: toValue(p.value, memo), enumerable: true, writable: true, configurable: true });
    else out[k] = toValue(p.value, memo);
  }
  return out;
}

/**
 * toValue of a tree in which no mapping repeats a key (the fast reader's): the
 * same value, with no look-up of each key before it is set and no closure per
 * list (a fifth less time on a cold run over the bench plans).
 */
function uniqueValue(n: PNode): unknown {
  if (n.type === 'scalar') return n.value;
  if (n.type === 'seq') {
    const out: unknown[] = [];
    for (const it of n.items) out.push(uniqueValue(it));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const p of n.pairs) {
    const key = p.key.value;
    const k = typeof key === 'string' ? key : String(key);
    // `__proto__` must become a key like any other, not the object's prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: uniqueValue(p.value), enumerable: true, writable: true, configurable: true });
    else out[k] = uniqueValue(p.value);
  }
  return out;
}
