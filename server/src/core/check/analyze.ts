/**
 * The pipeline: text -> tree -> schema -> typed plan -> rules -> findings.
 * createEngine(config) compiles the schemas once; analyze() never throws.
 *
 * Invariants: every finding's range lies inside the text and uses UTF-16
 * columns; a rule that throws is reported as a finding, never thrown on.
 */
import { ruleInfo, type EngineConfig, type RuleId } from '../catalogue';
import { RULES } from './rules';
import { compileValidators, type RawFinding, type Validators } from './schema';
import { mapErrors } from './schemaerrors';
import { splitErrors, type ItemErrors } from './schemasplit';
import { KINDS, starterPlan as starterPlanText } from '../kinds';
import { NATIONAL_MILESTONES, buildPlan, parseTimeline, type Initiative, type Plan } from '../model';
import { changedLines, DepthMemo, LineIndex, ParseCache, parseIncremental, parseText, pairOf, toValue, tooDeepAt, tooDeepMessage, type Parsed, type PMap, type PNode, type PPair } from '../syntax';
import { closest, code, listAnd } from '../text';
import { isPlanKind, PLAN_KINDS, type AnalyzeContext, type Finding, type NationalMilestone, type PlanKind, type Severity, type Span } from '../types';

export interface Analysis {
  /** The text analysed (a leading byte-order mark removed, as editors do). */
  text: string;
  lines: LineIndex;
  /** The plan's kind when `kind` names a known one. */
  kind: PlanKind | undefined;
  /** The YAML tree, when the text could be read. */
  root: PNode | undefined;
  /** The typed plan, when the kind is known. */
  plan: Plan | undefined;
  /** The national milestones in force for this plan. */
  timeline: readonly NationalMilestone[];
  /** Every finding, sorted by position, severities resolved; rules set to `off` are absent. */
  findings: Finding<RuleId>[];
}

export interface Engine {
  readonly config: EngineConfig;
  /** Problems with the configuration itself (an extra schema that does not compile). */
  readonly problems: readonly string[];
  analyze(text: string, ctx?: AnalyzeContext): Analysis;
  /** Let go of what an incremental engine keeps for a document (it was closed). */
  forget(document: string): void;
}

export interface EngineOptions {
  /**
   * Remember parsed blocks between calls so that an edit reparses only the
   * block it touches (the editor's path). Results are identical either way.
   */
  incremental?: boolean;
}

/** Build an engine for one configuration. */
export function createEngine(config: EngineConfig, options: EngineOptions = {}): Engine {
  const { validators, problems } = compileValidators(config.extraSchemas ?? []);
  const cache = options.incremental ? new ParseCache() : undefined;
  const parse = cache ? (text: string, doc?: string, lines?: LineIndex) => parseIncremental(text, cache, doc, lines?.lineStarts) : parseText;
  // What is worked out from an unchanged list item (the same node, moved in place) is not worked out again.
  const memo: Memo | undefined = cache ? { values: new WeakMap(), finite: new WeakSet(), initiatives: new WeakMap(), itemErrors: new Map(), depth: new DepthMemo(), rules: new Map(), lines: new Map() } : undefined;
  return {
    config,
    problems,
    analyze: (text, ctx) => analyze(text, config, validators, parse, ctx ?? {}, memo),
    forget: (document) => {
      cache?.forget(document);
      memo?.depth.forget(document);
      memo?.rules.delete(document);
      memo?.lines.delete(document);
    },
  };
}

/** Parse a text (of a document, whose line index is given, on the editing path). */
type Parse = (text: string, doc?: string, lines?: LineIndex) => Parsed;

/** Per node, for the incremental path: see createEngine. */
interface Memo {
  values: WeakMap<PNode, unknown>;
  /** List items known to hold no `.nan` or `.inf`. */
  finite: WeakSet<PNode>;
  initiatives: WeakMap<PMap, Initiative>;
  /** The built-in schema's errors of each unchanged initiative (see schemasplit.ts). */
  itemErrors: ItemErrors;
  /** The nesting check, scanning only the lines an edit changed where that is enough. */
  depth: DepthMemo;
  /** Per document, per rule: what the rule kept from its previous check (RuleContext.memory). */
  rules: Map<string, Map<RuleId, { value?: unknown }>>;
  /** Per document: its latest text's line index, from which the next one is worked out (LineIndex.edited). */
  lines: Map<string, LineIndex>;
}

/** The text's line index: on the editing path, the previous one's lines outside what the edit changed are reused. */
function lineIndexOf(text: string, memo: Memo | undefined, document: string | undefined): LineIndex {
  const before = memo && document !== undefined ? memo.lines.get(document) : undefined;
  const lines = before ? LineIndex.edited(before, text, changedLines(before.text, text, (c) => c === 10 || c === 13)) : new LineIndex(text);
  if (memo && document !== undefined) {
    memo.lines.delete(document); // most recently used last
    memo.lines.set(document, lines);
    if (memo.lines.size > MAX_RULE_DOCUMENTS) memo.lines.delete(memo.lines.keys().next().value!);
  }
  return lines;
}

/** Documents whose rules' memories are kept. */
const MAX_RULE_DOCUMENTS = 16;

/** The rules' memories for a document (most recently used last; bounded), when the engine keeps them. */
function ruleMemory(memo: Memo | undefined, document: string | undefined): Map<RuleId, { value?: unknown }> | undefined {
  if (!memo || document === undefined) return undefined;
  const kept = memo.rules.get(document) ?? new Map<RuleId, { value?: unknown }>();
  memo.rules.delete(document);
  memo.rules.set(document, kept);
  if (memo.rules.size > MAX_RULE_DOCUMENTS) memo.rules.delete(memo.rules.keys().next().value!);
  return kept;
}

/**
 * Compile the built-in schemas and run each kind's starter plan through the
 * engine once, so that the first plan a person opens is checked at full speed
 * (the language server calls this while it initialises).
 */
export function warmUp(): void {
  const engine = createEngine({ rules: {} });
  for (const kind of PLAN_KINDS) engine.analyze(starterPlanText(kind));
  // V8 optimises a function after it has run many times: a plan of a few dozen initiatives, read whole
  // and then edited as the editor does, brings the parser, the schema check and the rules up to speed
  // before a planning lead's own long plan arrives.
  const big = warmUpPlan(60);
  engine.analyze(big);
  const editing = createEngine({ rules: {} }, { incremental: true });
  const at = big.indexOf('title: Warm-up initiative 30') + 'title: Warm-up initiative 30'.length;
  for (let i = 0; i < 6; i++) editing.analyze(i % 2 ? big : `${big.slice(0, at)}x${big.slice(at)}`, { document: 'qipp:warm-up' });
}

/** A QIPP and Reform plan of `n` initiatives in the block style plans are written in, for warmUp. */
function warmUpPlan(n: number): string {
  const starter = starterPlanText('qipp-reform-plan');
  const at = starter.indexOf('  initiatives:\n') + '  initiatives:\n'.length;
  const items: string[] = [];
  for (let i = 1; i <= n; i++) {
    items.push(
      `    - id: W${i}\n      title: Warm-up initiative ${i}\n      side: commissioner\n      lead: pct-ayle\n      clinical_lead: Dr A. Clinician\n` +
        `      pillars: [quality, productivity]\n      level: local\n      savings_gbp_m: {2010/11: 0.5, 2011/12: 1.0, 2012/13: 1.0, 2013/14: 1.0}\n      milestones:\n` +
        `        - id: W${i}.1\n          title: Business case agreed\n          due: 2010-12-31\n          owner: pct-ayle\n          status: not-started\n` +
        `        - id: W${i}.2\n          title: Service live\n          due: 2011-06-30\n          after: [W${i}.1]\n          status: not-started\n`,
    );
  }
  return starter.slice(0, at) + items.join('') + starter.slice(at);
}

function analyze(rawText: string, config: EngineConfig, validators: Validators, parse: Parse, ctx: AnalyzeContext, memo?: Memo): Analysis {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = lineIndexOf(text, memo, ctx.document);
  const raw: RawFinding[] = [];
  const result = (kind: PlanKind | undefined, root: PNode | undefined, plan: Plan | undefined, timeline: readonly NationalMilestone[]): Analysis => ({
    text,
    lines,
    kind,
    root,
    plan,
    timeline,
    findings: finish(raw, config, lines),
  });

  const tree = readTree(text, parse, ctx, raw, memo?.depth, lines);
  if (!tree.read) return result(undefined, undefined, undefined, NATIONAL_MILESTONES);
  const read = readKind(tree.root, raw);
  if (!read.kind) return result(undefined, tree.root, undefined, NATIONAL_MILESTONES);
  const { root, kind, kindPair } = read;

  const rejected = schemaFindings(text, root, kind, validators, memo);
  for (const f of rejected) raw.push(f); // one by one: a spread of 200,000 findings overflows the stack
  const plan = buildPlan(root, kind, memo?.initiatives);
  const timeline = nationalTimeline(plan, config, ctx, raw);
  runRules(plan, kind, kindPair, { config, timeline, rejected, memory: ruleMemory(memo, ctx.document) }, raw);
  return result(kind, root, plan, timeline);
}

/** The YAML tree of the text; `read` is false when a fault stops the check (reported in `raw`). */
function readTree(text: string, parse: Parse, ctx: AnalyzeContext, raw: RawFinding[], depth?: DepthMemo, lines?: LineIndex): { read: boolean; root?: PNode } {
  // Refused before the parser sees it: the yaml library recurses once per level, and on Node 20 a
  // stack overflow there can abort the whole process (see depth.ts).
  const deep = depth ? depth.tooDeepAt(text, ctx.document) : tooDeepAt(text);
  if (deep !== undefined) {
    raw.push({ rule: 'yaml-syntax', span: [deep, deep], message: tooDeepMessage('This plan') });
    return { read: false };
  }
  // YAML 1.2 and LSP end a line at a lone \r as well as at \n and \r\n, but the yaml library does not:
  // hand it \n instead (same length, so every offset stays true to the text).
  // (A lone \r and the \n put for it start the same lines: the text's line index holds for the copy.)
  const parsed = parse(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, ctx.document, lines);
  const fatal = parsed.problems.filter((p) => p.fatal).sort((a, b) => a.span[0] - b.span[0]);
  if (fatal.length) {
    // Report where the parser stops; what follows would only echo the same fault.
    raw.push({ rule: 'yaml-syntax', span: fatal[0].span, message: fatal[0].message });
    return { read: false };
  }
  for (const p of parsed.problems) raw.push({ rule: 'yaml-syntax', span: p.span, message: p.message });
  return { read: true, root: parsed.root };
}

/** The plan's kind, when the tree is a mapping whose `kind` names a known one; else an unknown-kind finding in `raw`. */
function readKind(root: PNode | undefined, raw: RawFinding[]): { root: PMap; kind: PlanKind; kindPair: PPair } | { kind?: undefined } {
  if (!root || root.type !== 'map') {
    const empty = !root || (root.type === 'scalar' && root.value === null);
    raw.push({
      rule: 'unknown-kind',
      span: [0, 0],
      message: empty
        ? `This file has no plan in it yet: a plan starts with \`kind:\` (${PLAN_KINDS.join(', ')}).`
        : 'This file is not a plan: a plan is a mapping of keys that starts with `kind:`.',
    });
    return {};
  }
  const kindPair = pairOf(root, 'kind');
  const kindValue = kindPair?.value.type === 'scalar' ? kindPair.value.value : undefined;
  if (!kindPair || !isPlanKind(kindValue)) {
    raw.push(unknownKind(kindPair));
    return {};
  }
  return { root, kind: kindValue, kindPair };
}

/** What the schemas of the kind reject, with each non-finite number reported once. */
function schemaFindings(text: string, root: PMap, kind: PlanKind, validators: Validators, memo?: Memo): RawFinding[] {
  const value = toValue(root, memo?.values);
  const found: RawFinding[] = [];
  validators(kind).forEach((validate, i) => {
    // The built-in schema (the first) is checked item by item on the editing path: only the initiatives an edit touched.
    const split = i === 0 && memo ? splitErrors(kind, value, memo.itemErrors) : undefined;
    const errors = split !== undefined ? split : validate(value) ? null : validate.errors;
    // One by one: spread into push(), 200,000 findings overflow the stack.
    if (errors) for (const f of mapErrors(root, errors, KINDS[kind].label)) found.push(f);
  });
  // JSON Schema's `number` lets YAML's `.nan` and `.inf` through (or rejects them under several keywords at once);
  // either way each is one fault, reported once in words a planning lead can act on.
  for (const n of nonFiniteNumbers(root, memo?.finite)) {
    const same = (f: RawFinding) => f.span[0] === n.span[0] && f.span[1] === n.span[1];
    const first = found.findIndex(same);
    if (first < 0) found.push({ rule: 'schema', span: n.span, message: `${code(text.slice(n.span[0], n.span[1]).trim())} is not a figure a plan can use: write a number, such as 1.5.` });
    else for (let i = found.length - 1; i > first; i--) if (same(found[i])) found.splice(i, 1);
  }
  return found;
}

/** The national milestones in force: the plan's own timeline file, the configuration's, or the built-in ones. */
function nationalTimeline(plan: Plan, config: EngineConfig, ctx: AnalyzeContext, raw: RawFinding[]): readonly NationalMilestone[] {
  const fallback = config.nationalTimeline ?? NATIONAL_MILESTONES;
  if (!plan.nationalTimeline) return fallback;
  const file = ctx.readRelative?.(plan.nationalTimeline.value);
  if (file === undefined || typeof file !== 'string') {
    raw.push({
      rule: 'national-timeline',
      span: plan.nationalTimeline.node.span,
      message: ctx.readRelative
        ? `The national timeline ${code(plan.nationalTimeline.value)} cannot be read${file ? `: ${file.unreadable}` : ''}; the built-in national milestones are used instead.`
        : 'A national timeline from the workspace is not loaded here (for example in an untrusted workspace); the built-in national milestones are used instead.',
    });
    return fallback;
  }
  const t = parseTimeline(file);
  if (t.problems.length) raw.push({ rule: 'national-timeline', span: plan.nationalTimeline.node.span, message: t.problems.join(' ') });
  return t.milestones.length ? t.milestones : fallback;
}

/** Run the domain rules that apply to the kind and are not `off`; a rule that throws is a finding at `kind`. */
function runRules(plan: Plan, kind: PlanKind, kindPair: PPair, given: { config: EngineConfig; timeline: readonly NationalMilestone[]; rejected: readonly RawFinding[]; memory?: Map<RuleId, { value?: unknown }> }, raw: RawFinding[]): void {
  // Spans of values the schema rejected (not of holders of a missing key, which many faults share).
  const schemaSpans = new Set(given.rejected.filter((f) => !f.data || !('missing' in f.data)).map((f) => `${f.span[0]}:${f.span[1]}`));
  for (const rule of RULES) {
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    if (given.config.rules[rule.id] === 'off') continue;
    let memory = given.memory?.get(rule.id);
    if (given.memory && !memory) given.memory.set(rule.id, (memory = {}));
    try {
      rule.check(plan, {
        timeline: given.timeline,
        report(span: Span, message: string, data?: Record<string, unknown>) {
          // A value the schema already rejects is not reported again by a domain rule.
          if (schemaSpans.has(`${span[0]}:${span[1]}`)) return;
          raw.push({ rule: rule.id, span, message, data });
        },
        rejected: (node) => schemaSpans.has(`${node.span[0]}:${node.span[1]}`),
        memory,
      });
    } catch (e) {
      if (memory) memory.value = undefined; // nothing half-worked-out is reused
      // A rule that fails must not take the others with it; say so where a person will see it.
      raw.push({ rule: rule.id, span: kindPair.key.span, message: `The check ${code(rule.id)} could not finish on this plan (${(e as Error).message}). Please report this.` });
    }
  }
}

/**
 * The finding for a plan whose `kind` is missing or names no kind. A `kind`
 * that is empty, a list or a mapping is said in words (spec 3c.4), at the key
 * when the line holds no value text.
 */
function unknownKind(kindPair: PPair | undefined): RawFinding {
  if (!kindPair) return { rule: 'unknown-kind', span: [0, 0], message: `The plan does not say its kind: add \`kind:\` with ${PLAN_KINDS.join(', ')}.` };
  const v = kindPair.value;
  const written = v.type === 'scalar' && typeof v.value === 'string' && v.value.trim() !== '' ? v.value : undefined;
  if (written === undefined) {
    const what = v.type === 'seq' ? 'a list' : v.type === 'map' ? 'a mapping' : v.type === 'scalar' && v.value !== null && String(v.value).trim() !== '' ? code(String(v.value)) : 'empty';
    const span = v.span[0] === v.span[1] ? kindPair.key.span : v.span;
    return { rule: 'unknown-kind', span, message: `\`kind\` is ${what}: it should name a kind of plan, such as qipp-reform-plan (the kinds are ${listAnd(PLAN_KINDS)}).` };
  }
  const guess = closest(written, PLAN_KINDS);
  return {
    rule: 'unknown-kind',
    span: v.span,
    message: `${code(written)} is not a kind of plan: use ${PLAN_KINDS.join(', ')}.${guess ? ` Did you mean ${code(guess)}?` : ''}`,
    data: { suggestion: guess },
  };
}

/** Number values that are not finite (`.nan`, `.inf`, `1e999`), in document order; `finite` skips list items known to hold none. */
function nonFiniteNumbers(n: PNode, finite?: WeakSet<PNode>, out: PNode[] = []): PNode[] {
  if (n.type === 'scalar') {
    if (typeof n.value === 'number' && !Number.isFinite(n.value)) out.push(n);
  } else if (n.type === 'seq') {
    for (const it of n.items) {
      if (!finite || it.type !== 'map') nonFiniteNumbers(it, finite, out);
      else if (!finite.has(it)) {
        const had = out.length;
        nonFiniteNumbers(it, finite, out);
        if (out.length === had) finite.add(it);
      }
    }
  } else for (const p of n.pairs) nonFiniteNumbers(p.value, finite, out);
  return out;
}

/** Resolve severities, drop `off` rules, and sort by position. */
function finish(raw: readonly RawFinding[], config: EngineConfig, lines: LineIndex): Finding<RuleId>[] {
  const out: Finding<RuleId>[] = [];
  for (const f of raw) {
    const setting = config.rules[f.rule];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? ruleInfo(f.rule)?.defaultSeverity ?? 'error';
    const start = boundary(lines.text, Math.max(0, Math.min(f.span[0], lines.text.length)), -1);
    const span: Span = [start, Math.max(start, boundary(lines.text, Math.max(0, Math.min(Math.max(f.span[0], f.span[1]), lines.text.length)), 1))];
    out.push({ rule: f.rule, severity, message: f.message, range: lines.range(span), span, ...(f.data ? { data: f.data } : {}) });
  }
  out.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return out;
}

/**
 * An offset moved off the middle of a \r\n line break or a surrogate pair
 * (back for a start, on for an end), so that every range is one an editor can
 * show: the parser's positions can fall inside either, and LSP has no column
 * between \r and \n. A CRLF text then gives the ranges of its LF copy.
 */
function boundary(text: string, offset: number, direction: -1 | 1): number {
  if (offset > 0 && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10) return offset + (direction < 0 ? -1 : 1);
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return offset + (direction < 0 ? -1 : 1);
  return offset;
}


