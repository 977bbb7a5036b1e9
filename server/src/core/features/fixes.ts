/**
 * Quick fixes, keyed by rule id like the rules themselves. Each fix edits only
 * the bytes it must (a value, a key, or one inserted key or section), so
 * comments and formatting elsewhere stay as written. PURE.
 */
import { fyName, fyStart, periodDates } from '../model';
import type { Analysis, RuleId } from '../check';
import type { Initiative } from '../model';
import { pairOf, type PMap, type PNode, type PPair } from '../syntax';
import { innerSpan, type TextEdit } from './references';
import { schemasFor } from '../check';
import { dueDate, sectionLines } from './skeleton';
import { yamlText } from '../text';
import { nearest } from '../text';
import type { Finding, PlanKind, Span } from '../types';

export interface Fix {
  title: string;
  rule: RuleId;
  edits: TextEdit[];
  /** The fix an editor applies with "fix all" or the quick-fix key. */
  preferred: boolean;
}

export interface FixOptions {
  extraSchemas?: readonly { kind: PlanKind; schema: object }[];
}

type FixMaker = (a: Analysis, f: Finding<RuleId>, options: FixOptions) => Fix[];

/** The quick fixes by rule id: a new fix is one entry here. */
export const FIXES: Readonly<Partial<Record<RuleId, FixMaker>>> = {
  'required-section': requiredSection,
  'fy-format': fyFormat,
  'unknown-ref': unknownRef,
  schema: schemaValue,
  'clinical-lead-missing': clinicalLead,
  'quality-impact-missing': qualityImpact,
  'split-section-side': sectionSide,
};

/** The fixes for one finding of this analysis (none when the rule has no fix or the fix does not apply). */
export function fixesFor(a: Analysis, finding: Finding<RuleId>, options: FixOptions = {}): Fix[] {
  const make = FIXES[finding.rule];
  return make ? make(a, finding, options) : [];
}

const code = (s: string) => '`' + s + '`';

function requiredSection(a: Analysis, f: Finding<RuleId>, options: FixOptions): Fix[] {
  const kind = a.kind;
  const root = a.root;
  if (!kind || !root || root.type !== 'map') return [];
  const data = (f.data ?? {}) as { missing?: string; path?: string[] };
  const schemas = schemasFor(kind, options.extraSchemas);
  const ctx = { kind, schemas, plan: a.plan, timeline: a.timeline, snippet: false, usedIds: new Set(a.plan?.ids.map((d) => d.id.value) ?? []) };
  if (typeof data.missing === 'string') {
    const lines = sectionLines(ctx, data.missing);
    const text = a.text;
    const lead = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    return [{ title: `Add the ${code(data.missing)} section`, rule: f.rule, preferred: true, edits: [{ span: [text.length, text.length], newText: lead + lines.join('\n') + '\n' }] }];
  }
  // Present but empty: fill it in under its key.
  const key = data.path?.[0];
  const pair = key !== undefined ? pairOf(root, key) : undefined;
  if (!pair || pair.key.span[0] !== f.span[0]) return [];
  const body = sectionLines(ctx, pair.key.value as string).slice(1);
  if (body.length === 0) return [];
  // `key:` with nothing after it: the section goes under the line. A written `~` or `null` is replaced below.
  if (pair.value.type === 'scalar' && pair.value.value === null && pair.value.span[0] === pair.value.span[1]) {
    const at = a.lines.lineEnd(a.lines.positionAt(pair.key.span[1]).line);
    return [{ title: `Fill in the ${code(key!)} section`, rule: f.rule, preferred: true, edits: [{ span: [at, at], newText: '\n' + body.join('\n') }] }];
  }
  if (a.lines.positionAt(pair.value.span[0]).line !== a.lines.positionAt(pair.key.span[0]).line) return [];
  const colon = a.text.indexOf(':', pair.key.span[1]);
  return [{ title: `Fill in the ${code(key!)} section`, rule: f.rule, preferred: true, edits: [{ span: [colon + 1, pair.value.span[1]], newText: '\n' + body.join('\n') }] }];
}

/** The financial year a malformed one most likely meant, preferring one inside the period. */
export function correctYear(written: string, period?: { first: number; last: number }): string | undefined {
  const m = /^\s*(\d{2}|\d{4})\s*(?:[^\d\s]\s*(\d{2}|\d{4}))?\s*$/.exec(written);
  if (!m) return undefined;
  const full = (s: string, near?: number) => (s.length === 4 ? Number(s) : (near !== undefined ? Math.floor(near / 100) * 100 : 2000) + Number(s));
  const first = full(m[1]);
  const options = [first];
  if (m[2] !== undefined) options.push(full(m[2], first) - 1);
  const inPeriod = (y: number) => !period || (y >= period.first && y <= period.last);
  const best = options.find(inPeriod) ?? options[0];
  const out = fyName(best);
  return out === written ? undefined : out;
}

function fyFormat(a: Analysis, f: Finding<RuleId>): Fix[] {
  const data = (f.data ?? {}) as { value?: unknown; format?: string };
  const written = innerText(a.text, f.span);
  const period = a.plan?.period;
  let fixed: string | undefined;
  if (data.format === 'fy-period') {
    const m = /^(.+?)\s*-\s*(\d{2,4}\s*\D\s*\d{2,4})$/.exec(written) ?? /^(\d{4}\D\d{2})\D(\d{4}\D\d{2})$/.exec(written);
    if (m) {
      const x = correctYear(m[1]) ?? (fyStart(m[1]) !== undefined ? m[1] : undefined);
      const y = correctYear(m[2]) ?? (fyStart(m[2]) !== undefined ? m[2] : undefined);
      if (x && y && fyStart(x)! <= fyStart(y)!) fixed = `${x}-${y}`;
    }
  } else {
    fixed = correctYear(written, period);
  }
  if (!fixed || fixed === written) return [];
  // A corrected year key must not collide with a year already in the same mapping.
  const holder = a.root ? mapWithKeyAt(a.root, f.span) : undefined;
  if (holder && holder.pairs.some((p) => p.key.value === fixed)) return [];
  return [{ title: `Write the financial year as ${code(fixed)}`, rule: f.rule, preferred: true, edits: [{ span: innerSpan(a.text, f.span), newText: fixed }] }];
}

function unknownRef(a: Analysis, f: Finding<RuleId>): Fix[] {
  const data = (f.data ?? {}) as { ref?: string; suggestion?: string; candidates?: string[] | 'national' };
  const ref = data.ref;
  if (ref === undefined) return [];
  let pool: string[];
  if (data.candidates === 'national') pool = a.timeline.map((n) => n.id);
  else {
    const want = data.candidates ?? [];
    pool = (a.plan?.ids ?? []).filter((d) => (want as string[]).includes(d.what)).map((d) => d.id.value);
  }
  // A milestone cannot come after itself, nor an initiative depend on itself.
  const own = [...(a.plan?.milestones ?? []), ...(a.plan?.initiatives ?? [])]
    .filter((e) => e.node.span[0] <= f.span[0] && f.span[1] <= e.node.span[1])
    .sort((x, y) => y.node.span[0] - x.node.span[0])[0]?.id?.value;
  const candidates = [...new Set(pool)].filter((id) => id !== own && id !== ref);
  const suggested = data.suggestion !== undefined && data.suggestion !== own ? data.suggestion : undefined;
  const near = suggested ?? nearest(ref, candidates);
  if (!near) return [];
  return [{ title: `Change to ${code(near)}${suggested ? ' (did you mean it?)' : ' (the nearest id)'}`, rule: f.rule, preferred: suggested !== undefined, edits: [{ span: innerSpan(a.text, f.span), newText: near }] }];
}

function schemaValue(a: Analysis, f: Finding<RuleId>): Fix[] {
  const data = (f.data ?? {}) as { allowed?: string[]; suggestion?: string; unknownKey?: string };
  if (data.unknownKey !== undefined) {
    if (!data.suggestion) return [];
    return [{ title: `Rename the key to ${code(data.suggestion)}`, rule: f.rule, preferred: true, edits: [{ span: innerSpan(a.text, f.span), newText: data.suggestion }] }];
  }
  if (!data.allowed?.length) return [];
  const written = innerText(a.text, f.span);
  const value = data.suggestion ?? nearest(written, data.allowed) ?? data.allowed[0];
  return [{ title: `Change to ${code(value)}${data.suggestion ? ' (the closest allowed value)' : ''}`, rule: f.rule, preferred: data.suggestion !== undefined || data.allowed.length === 1, edits: [{ span: valueSpan(a.text, f.span), newText: value }] }];
}

function initiativeAt(a: Analysis, span: Span): Initiative | undefined {
  return a.plan?.initiatives.find((i) => i.node.span[0] === span[0]) ?? a.plan?.initiatives.find((i) => i.node.span[0] <= span[0] && span[1] <= i.node.span[1]);
}

function clinicalLead(a: Analysis, f: Finding<RuleId>): Fix[] {
  const ini = initiativeAt(a, f.span);
  if (!ini) return [];
  const edit = insertPair(a, ini.node, ['lead', 'side', 'title', 'id'], 'clinical_lead', 'Name of the clinical lead');
  return edit ? [{ title: 'Add a `clinical_lead` to fill in', rule: f.rule, preferred: true, edits: [edit] }] : [];
}

function qualityImpact(a: Analysis, f: Finding<RuleId>): Fix[] {
  const ini = initiativeAt(a, f.span);
  if (!ini) return [];
  const plan = a.plan!;
  const on = plan.asOf ?? (plan.period ? periodDates(plan.period).from : dueDate({ plan }));
  const edit = insertPair(a, ini.node, ['savings_gbp_m'], 'quality_impact', `{assessed_on: ${on}, summary: ${yamlText('What the saving means for the quality of care')}}`);
  return edit ? [{ title: 'Add a `quality_impact` assessment to fill in', rule: f.rule, preferred: true, edits: [edit] }] : [];
}

function sectionSide(a: Analysis, f: Finding<RuleId>): Fix[] {
  const expected = (f.data as { expected?: string } | undefined)?.expected;
  const ini = initiativeAt(a, f.span);
  if (!expected || !ini?.side) return [];
  const plan = a.plan!;
  const lead = ini.lead ? plan.byId.get(ini.lead.value) : undefined;
  const leadSide = lead?.what === 'organisation' ? (lead.entity as { side: string }).side : undefined;
  // Would the section's side raise another finding? Then joint is the safer choice.
  const trouble =
    (leadSide !== undefined && leadSide !== 'neutral' && leadSide !== expected) ||
    (expected === 'commissioner' && (!ini.clinicalLead || (ini.pillars?.value.includes('prevention') && ini.transfersToPublicHealth === undefined)));
  const span = innerSpan(a.text, ini.side.node.span);
  return [
    { title: `Make it ${expected}-side, as its section is`, rule: f.rule, preferred: !trouble, edits: [{ span, newText: expected }] },
    { title: 'Make it joint', rule: f.rule, preferred: !!trouble, edits: [{ span, newText: 'joint' }] },
  ];
}

/**
 * One edit inserting `key: value` into a mapping: in a block mapping, on a new
 * line after the first of `after` that is present (else after the first key),
 * at the mapping's indentation; in a flow mapping, before its closing brace.
 */
function insertPair(a: Analysis, map: PMap, after: readonly string[], key: string, value: string): TextEdit | undefined {
  if (map.pairs.length === 0) return undefined;
  if (a.text[map.span[0]] === '{') {
    let end = map.span[1] - 1;
    while (end > map.span[0] && a.text[end] !== '}') end--;
    let at = end;
    while (at > map.span[0] && /\s/.test(a.text[at - 1])) at--;
    return { span: [at, at], newText: `, ${key}: ${value}` };
  }
  const anchor: PPair = after.map((k) => pairOf(map, k)).find((p): p is PPair => !!p) ?? map.pairs[0];
  const column = a.lines.positionAt(map.pairs[0].key.span[0]).character;
  const last = lastContent(a.text, anchor.value, anchor.span);
  const at = a.lines.lineEnd(a.lines.positionAt(last).line);
  return { span: [at, at], newText: `\n${' '.repeat(column)}${key}: ${value}` };
}

/** The offset of the last character of a pair's value that is not trailing space. */
function lastContent(text: string, value: PNode, pairSpan: Span): number {
  let end = Math.max(value.span[1], pairSpan[1]);
  while (end > pairSpan[0] && /\s/.test(text[end - 1])) end--;
  return Math.max(pairSpan[0], end - 1);
}

/** The mapping in which a key has this span. */
function mapWithKeyAt(n: PNode, span: Span): PMap | undefined {
  if (span[0] < n.span[0] || span[0] > n.span[1]) return undefined;
  if (n.type === 'map') {
    for (const p of n.pairs) {
      if (p.key.span[0] === span[0]) return n;
      const inner = mapWithKeyAt(p.value, span);
      if (inner) return inner;
    }
  } else if (n.type === 'seq') {
    for (const it of n.items) {
      const inner = mapWithKeyAt(it, span);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** What a new value replaces: inside quotes, and for a block scalar (`>-`, `|`) its header and text but not the line break that ends it. */
function valueSpan(text: string, span: Span): Span {
  const [start, end] = innerSpan(text, span);
  if (text[start] !== '|' && text[start] !== '>') return [start, end];
  let e = end;
  while (e > start && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return [start, e];
}

function innerText(text: string, span: Span): string {
  const s = innerSpan(text, span);
  return text.slice(s[0], s[1]);
}
