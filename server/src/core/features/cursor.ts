/**
 * Where the cursor is in a plan, read from the text around it by indentation
 * rather than from the parsed tree: while a planning lead types a new key the
 * YAML usually does not parse, and completion must still know that the cursor
 * is, say, in a milestone of an initiative of `commissioning`. PURE.
 *
 * Covers block mappings and lists (including items that start with `- `) and
 * single-line flow collections (`{id: x, type: |}`, `[quality, |]`), which is
 * how plans are written. Multi-line flow collections give no context.
 */
import { ITEM, type LineIndex, type Seg } from '../syntax';

export { ITEM, type Seg };
import type { Span } from '../types';


export interface CursorContext {
  /**
   * What is being written: a key of a mapping; the value of `key`; or an item
   * of the list at `path` (a new `- ` item, or an item of a flow list).
   */
  at: 'key' | 'value' | 'item';
  /** Path from the root to the mapping (for `key` and `value`) or the list (for `item`). */
  path: Seg[];
  /** For `value`: the key whose value is written. */
  key?: string;
  /** The word or value under the cursor, and the span a completion replaces. */
  word: string;
  span: Span;
  /** Keys already in the mapping (for `key`), values already in the flow list (for `item`). */
  present: Set<string>;
  /** Column where the mapping's keys (or the list's dashes) start. */
  column: number;
  /** Inside `{...}` or `[...]` on one line. */
  flow: boolean;
  /** For `key`: the line is a list item (`- `) whose mapping has no other key yet. */
  newItem: boolean;
  /** For `item`: the line holds nothing yet but indentation, so an inserted item needs its `- `. */
  needsDash: boolean;
}

interface LineInfo {
  ind: number;
  /** Columns of the `- ` markers that start the line. */
  dashes: number[];
  /** Column where the content after the dashes starts. */
  keyCol: number;
  /** The key, when the content is `key:`; unquoted. */
  key?: string;
  /** What follows `key:` on the line, comment and spaces removed. */
  value?: string;
  /** Column where the value starts (after `key:` and spaces). */
  valueCol?: number;
}

/** Characters a plain key cannot start with. */
const NOT_KEY_START = /[\s#'"{}[\],:&*!|>%@`]/;
/** Line terminators, which a backslash in a double-quoted key cannot escape. */
const TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * The key that starts `s` (`key:`, `"key":` or `'key':`, then a space, a tab
 * or the end): the key as written and where the text after its colon starts.
 * A plain key runs to the first colon so followed, with no `#` before it, and
 * without the spaces before that colon. One pass over the text: the regular
 * expression it replaces took quadratic time on a line of 100,000 spaces.
 */
export function keyAt(s: string): { raw: string; end: number } | undefined {
  const q = s[0];
  if (q === '"' || q === "'") {
    const close = q === '"' ? doubleQuoteEnd(s, 0) : singleQuoteEnd(s, 0);
    if (close < 0) return undefined;
    let k = close + 1;
    while (s[k] === ' ' || s[k] === '\t') k++;
    return s[k] === ':' && colonEnds(s, k) ? { raw: s.slice(0, close + 1), end: k + 1 } : undefined;
  }
  if (s.length === 0 || NOT_KEY_START.test(q)) return undefined;
  for (let k = 1; k < s.length; k++) {
    if (s[k] === '#') return undefined;
    if (s[k] !== ':' || !colonEnds(s, k)) continue;
    let j = k;
    while (j > 1 && (s[j - 1] === ' ' || s[j - 1] === '\t')) j--;
    return { raw: s.slice(0, j), end: k + 1 };
  }
  return undefined;
}

/** A colon at `k` that ends a key: a space, a tab or the end follows it. */
function colonEnds(s: string, k: number): boolean {
  return k + 1 === s.length || s[k + 1] === ' ' || s[k + 1] === '\t';
}

/**
 * Where the double-quoted string opening at `at` closes, or -1 when it does
 * not (no closing quote, or a backslash before a line break or the end);
 * `failAt` is then where the search ended.
 */
function doubleQuoteEnd(s: string, at: number, fail?: { at: number }): number {
  let k = at + 1;
  while (k < s.length) {
    if (s[k] === '"') return k;
    if (s[k] === '\\') {
      if (k + 1 >= s.length || TERMINATOR.test(s[k + 1])) break;
      k += 2;
    } else k++;
  }
  if (fail) fail.at = Math.min(k, s.length);
  return -1;
}

/**
 * Where the single-quoted string opening at `at` closes (`''` is a quote
 * inside), or -1. With `lenient`, as `'(?:[^']|'')*'` matches anywhere: when
 * no quote stands alone after it, the first of the last two quotes closes it.
 */
function singleQuoteEnd(s: string, at: number, lenient = false): number {
  let lastPair = -1;
  for (let k = at + 1; k < s.length; k++) {
    if (s[k] !== "'") continue;
    if (s[k + 1] !== "'") return k;
    lastPair = k++;
  }
  return lenient ? lastPair : -1;
}

/** Reads one line's shape; undefined for blank and comment-only lines. */
export function lineInfo(line: string): LineInfo | undefined {
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  if (i >= line.length || line[i] === '#' || /^\s*$/.test(line.slice(i))) return undefined;
  const ind = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 >= line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  const info: LineInfo = { ind, dashes, keyCol: i };
  const m = keyAt(line.slice(i));
  if (m) {
    info.key = unquote(m.raw);
    let v = i + m.end;
    while (line[v] === ' ' || line[v] === '\t') v++;
    info.valueCol = v;
    info.value = stripComment(line.slice(v)).trim();
  }
  return info;
}

function unquote(s: string): string {
  if (s.startsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s.trim();
}

function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i);
  }
  return s;
}

/** Reads lines of the text through its LineIndex without splitting the whole text. */
export class Lines {
  constructor(readonly index: LineIndex) {}
  get count(): number {
    return this.index.lineCount;
  }
  text(line: number): string {
    return this.index.text.slice(this.index.lineStart(line), this.index.lineEnd(line));
  }
  info(line: number): LineInfo | undefined {
    return lineInfo(this.text(line));
  }
  isDocumentMarker(line: number): boolean {
    return /^(---|\.\.\.)(\s|$)/.test(this.text(line));
  }
}

/**
 * The path of the block mapping whose keys start at `col`, read upwards from
 * `fromLine`. `present` collects the keys of that innermost mapping seen above.
 * Undefined when the lines do not form a mapping there (for example the cursor
 * is inside a block of text).
 */
function scanUp(lines: Lines, fromLine: number, col: number, mode: 'map' | 'seq', present?: Set<string>): Seg[] | undefined {
  const path: Seg[] = [];
  let inner = mode === 'map';
  const enterItem = (info: LineInfo) => {
    for (let k = 0; k < info.dashes.length; k++) path.unshift(ITEM);
    col = info.dashes[0];
    mode = 'seq';
  };
  for (let l = fromLine; l >= 0; l--) {
    if (lines.isDocumentMarker(l)) break;
    const info = lines.info(l);
    if (!info) continue;
    if (mode === 'map') {
      if (info.keyCol > col || (info.dashes.length === 0 && info.ind > col)) continue;
      if (info.keyCol === col) {
        if (inner && present && info.key !== undefined) present.add(info.key);
        if (info.dashes.length === 0) continue;
        inner = false;
        enterItem(info);
        continue;
      }
      if (info.dashes.length > 0 && info.dashes[info.dashes.length - 1] >= col) continue;
      if (info.key === undefined || info.value !== '') return undefined;
      inner = false;
      path.unshift(info.key);
      if (info.dashes.length) enterItem(info);
      else col = info.keyCol;
      continue;
    }
    // mode 'seq': the list's dashes are at `col`
    if (info.ind > col) continue;
    if (info.ind === col && info.dashes.length) continue;
    if (info.key === undefined || info.value !== '') return undefined;
    path.unshift(info.key);
    if (info.dashes.length) enterItem(info);
    else {
      col = info.keyCol;
      mode = 'map';
    }
  }
  return mode === 'map' && col === 0 ? path : undefined;
}

/** Keys of the block mapping at `col` below `fromLine`, up to where it ends. */
function scanDown(lines: Lines, fromLine: number, col: number, present: Set<string>): void {
  for (let l = fromLine; l < lines.count; l++) {
    if (lines.isDocumentMarker(l)) return;
    const info = lines.info(l);
    if (!info) continue;
    if (info.ind < col || (info.ind === col && info.dashes.length)) return;
    if (info.ind === col && info.key !== undefined) present.add(info.key);
  }
}

/**
 * The first non-blank line above `line` at or left of `col`: tells whether an
 * empty line at `col` sits among the items of a list whose dashes are at `col`.
 */
function listAt(lines: Lines, line: number, col: number): boolean {
  for (let l = line - 1; l >= 0; l--) {
    const info = lines.info(l);
    if (!info) continue;
    if (info.ind > col) continue;
    return info.ind === col && info.dashes.length > 0;
  }
  return false;
}

const WORD = /[A-Za-z0-9_./-]/;

/** The cursor's context at `offset`, or undefined where no completion makes sense (inside a comment or text block). */
export function cursorContext(index: LineIndex, offset: number): CursorContext | undefined {
  const lines = new Lines(index);
  const pos = index.positionAt(offset);
  const lineStart = index.lineStart(pos.line);
  const full = lines.text(pos.line);
  const prefix = full.slice(0, pos.character);
  if (/(^|\s)#/.test(stripQuotes(prefix))) return undefined; // in a comment

  const info = lineInfo(prefix + 'x') ?? { ind: prefix.length, dashes: [], keyCol: prefix.length };
  const base = (present: Set<string> | undefined): { path: Seg[]; seqLevel: boolean } | undefined => {
    if (info.dashes.length) {
      const p = scanUp(lines, pos.line - 1, info.dashes[0], 'seq');
      return p && { path: [...p, ...info.dashes.map(() => ITEM as Seg)], seqLevel: false };
    }
    if (listAt(lines, pos.line, info.keyCol)) {
      const p = scanUp(lines, pos.line - 1, info.keyCol, 'seq');
      return p && { path: p, seqLevel: true };
    }
    const p = scanUp(lines, pos.line - 1, info.keyCol, 'map', present);
    return p && { path: p, seqLevel: false };
  };

  // A value: `key: |` (possibly inside a flow collection that starts after the colon).
  if (info.key !== undefined && info.valueCol !== undefined && pos.character >= info.valueCol) {
    const b = base(undefined);
    if (!b) return undefined;
    const valueText = full.slice(info.valueCol);
    const flow = flowContext(valueText, pos.character - info.valueCol);
    if (flow) return shift(flow, [...b.path, info.key], lineStart + info.valueCol, info.valueCol);
    const end = lineStart + info.valueCol + stripComment(valueText).trimEnd().length;
    const start = lineStart + info.valueCol;
    return {
      at: 'value',
      path: b.path,
      key: info.key,
      word: index.text.slice(start, Math.max(start, end)),
      span: [start, Math.max(start, end, offset)],
      present: new Set(),
      column: info.keyCol,
      flow: false,
      newItem: false,
      needsDash: false,
    };
  }

  // A flow collection that starts the item or the line: `- {id: x, |`.
  const rest = full.slice(info.keyCol);
  if (rest.startsWith('{') || rest.startsWith('[')) {
    const b = base(undefined);
    if (!b || b.seqLevel) return undefined;
    const flow = flowContext(rest, pos.character - info.keyCol);
    return flow ? shift(flow, b.path, lineStart + info.keyCol, info.keyCol) : undefined;
  }

  // A key (or a new list item) being typed.
  const typed = prefix.slice(info.keyCol);
  if (!/^[A-Za-z0-9_./-]*$/.test(typed)) return undefined;
  const present = new Set<string>();
  const b = base(present);
  if (!b) return undefined;
  let end = pos.character;
  while (end < full.length && WORD.test(full[end])) end++;
  const span: Span = [lineStart + info.keyCol, lineStart + end];
  const word = full.slice(info.keyCol, end);
  if (b.seqLevel) {
    return { at: 'item', path: b.path, word, span, present, column: info.keyCol, flow: false, newItem: true, needsDash: true };
  }
  if (info.dashes.length) present.clear();
  scanDown(lines, pos.line + 1, info.keyCol, present);
  present.delete(word);
  return {
    at: 'key',
    path: b.path,
    word,
    span,
    present,
    column: info.keyCol,
    flow: false,
    newItem: info.dashes.length > 0 && present.size === 0,
    needsDash: false,
  };
}

/**
 * The text with each quoted string replaced by `""`, as
 * `s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""')` gives it, in one
 * pass: that expression looks for the end of every quote it meets again, which
 * is quadratic on a line of `\"` repeated. An unclosed double quote fails at
 * the same place from every quote inside it, and an unclosed single quote
 * means no later one closes either.
 */
export function stripQuotes(s: string): string {
  let out = '';
  let copied = 0;
  let doubleFailsBefore = -1;
  let singleFails = false;
  const fail = { at: 0 };
  for (let i = 0; i < s.length; i++) {
    let close = -1;
    if (s[i] === '"' && i >= doubleFailsBefore) {
      close = doubleQuoteEnd(s, i, fail);
      if (close < 0) doubleFailsBefore = fail.at;
    } else if (s[i] === "'" && !singleFails) {
      close = singleQuoteEnd(s, i, true);
      singleFails = close < 0;
    }
    if (close < 0) continue;
    out += s.slice(copied, i) + '""';
    copied = close + 1;
    i = close;
  }
  return out + s.slice(copied);
}

/** A context found inside a flow collection, relative to the collection's own text. */
interface FlowResult {
  at: CursorContext['at'];
  path: Seg[];
  key?: string;
  word: string;
  span: Span;
  present: Set<string>;
}

function shift(f: FlowResult, base: Seg[], offset: number, column: number): CursorContext {
  return {
    at: f.at,
    path: [...base, ...f.path],
    key: f.key,
    word: f.word,
    span: [f.span[0] + offset, f.span[1] + offset],
    present: f.present,
    column,
    flow: true,
    newItem: false,
    needsDash: false,
  };
}

/**
 * Reads a one-line flow collection `text` (which starts with `{` or `[`, or is
 * a plain value) up to `cursor`, and says what the cursor is writing.
 */
function flowContext(text: string, cursor: number): FlowResult | undefined {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  interface Frame {
    type: 'map' | 'seq';
    key?: string;
    afterColon: boolean;
    tokenStart: number;
    seen: string[];
  }
  const frames: Frame[] = [];
  let i = 0;
  for (; i < cursor && i < text.length; i++) {
    const c = text[i];
    const top = frames[frames.length - 1];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0 || close >= cursor) return undefined; // inside a quoted string
      i = close;
      continue;
    }
    if (c === '{' || c === '[') {
      frames.push({ type: c === '{' ? 'map' : 'seq', afterColon: false, tokenStart: i + 1, seen: [] });
    } else if (c === '}' || c === ']') {
      frames.pop();
      if (frames.length === 0) return undefined; // the cursor is after the collection
    } else if (c === ',' && top) {
      const token = text.slice(top.tokenStart, i).trim();
      if (top.type === 'map' && top.key !== undefined) top.seen.push(top.key);
      else if (top.type === 'seq' && token) top.seen.push(unquote(token));
      top.key = undefined;
      top.afterColon = false;
      top.tokenStart = i + 1;
    } else if (c === ':' && top && top.type === 'map' && !top.afterColon && (text[i + 1] === ' ' || text[i + 1] === undefined || i + 1 === cursor)) {
      top.key = unquote(text.slice(top.tokenStart, i).trim());
      top.afterColon = true;
      top.tokenStart = i + 1;
    } else if (c === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return undefined; // in a comment
    }
  }
  if (frames.length === 0) return undefined;
  const top = frames[frames.length - 1];
  const path: Seg[] = [];
  for (const f of frames.slice(0, -1)) path.push(f.type === 'map' ? (f.key ?? '') : ITEM);
  let start = top.tokenStart;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
  let end = start;
  // A key being written ends at its colon: `{2010/11: 1.0, 20|11/12: 2.0}` is on the key `2011/12`.
  const atKey = top.type === 'map' && !top.afterColon;
  while (end < text.length && !',}]'.includes(text[end]) && !(atKey && text[end] === ':' && /^[\s,}\]]?$/.test(text[end + 1] ?? ''))) end++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  end = Math.max(end, Math.min(cursor, text.length));
  const word = text.slice(start, end);
  // What else the collection holds, after the cursor as well, for "not already present".
  const present = new Set(top.seen);
  for (const part of splitFlowRest(text, end)) {
    if (top.type === 'map') {
      const m = /^\s*("[^"]*"|'[^']*'|[^:\s]+)\s*:/.exec(part);
      if (m) present.add(unquote(m[1]));
    } else if (part.trim()) present.add(unquote(part.trim()));
  }
  if (top.type === 'map') {
    return top.afterColon
      ? { at: 'value', path, key: top.key, word, span: [start, end], present: new Set() }
      : { at: 'key', path, word, span: [start, end], present };
  }
  return { at: 'item', path, word, span: [start, end], present };
}

/** The entries after `from` up to the end of the innermost collection (top level only). */
function splitFlowRest(text: string, from: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  let started = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      if (started) parts.push(cur);
      cur = '';
      started = true;
      continue;
    }
    if (started) cur += c;
  }
  if (started) parts.push(cur);
  return parts;
}
