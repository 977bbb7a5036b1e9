/**
 * How deeply a YAML text nests, found by a linear scan before any parser sees
 * it. The yaml library recurses once per level: a few hundred levels of `[`
 * or of indentation reach the stack limit, and on Node 20 a regular
 * expression compiled that deep aborts the whole process (the language
 * server with it). No plan, configuration or timeline needs more than a few
 * levels, so a text deeper than MAX_NESTING is refused with a plain message
 * instead of being parsed. PURE; never throws.
 */
import { changedLines } from './lines';

/** Deeper than any real plan by far, and far from the parser's stack limit. */
export const MAX_NESTING = 200;

/**
 * The offset at which the text first nests deeper than `limit` levels, or
 * undefined. Levels are flow brackets (`[`, `{`) outside quotes and comments,
 * plus block levels: each deeper indentation of a line, and each compact
 * entry (`- ` or `? `) that opens a line's content.
 */
export function tooDeepAt(text: string, limit = MAX_NESTING): number | undefined {
  return text.indexOf('\r') < 0 ? scanLines(text, limit) : scanCharacters(text, limit);
}

/** Quotes, comments and flow brackets: the only characters past a line's indentation that matter here. */
const SPECIAL = /["'#[\]{}]/g;

/**
 * tooDeepAt for a text without \r (nearly every text): lines found with
 * indexOf, and the rest of a line read character by character only when it
 * holds a quote, a `#` or a bracket, found with a regular expression. This
 * runs over every text on every keystroke; scanCharacters is the definition,
 * and a test holds the two to the same answers.
 */
function scanLines(text: string, limit: number): number | undefined {
  let flow = 0;
  const indents: number[] = [];
  const n = text.length;
  const specialFrom = (from: number): number => {
    SPECIAL.lastIndex = from;
    const m = SPECIAL.exec(text);
    return m ? m.index : n;
  };
  let special = specialFrom(0);
  let i = 0;
  while (i < n) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    let indent = 0;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) {
      i++;
      indent++;
    }
    const c = text.charCodeAt(i);
    const blank = i >= lineEnd || c === HASH;
    if (!blank && flow === 0) {
      const entries = openLevels(text, i, indent, indents);
      i = entries.at;
      if (indents.length + entries.count > limit) return i;
    }
    if (special < i) special = specialFrom(i);
    if (special < lineEnd) {
      let quote = 0;
      let prev = 0;
      for (; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (quote) {
          if (ch === quote) quote = 0;
          else if (ch === BACKSLASH && quote === DQUOTE && i + 1 < lineEnd) i++;
          continue;
        }
        if ((ch === DQUOTE || ch === SQUOTE) && (prev === 0 || OPENS_QUOTE.has(prev))) quote = ch;
        else if (ch === HASH && (prev === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) {
          i = lineEnd - 1;
        } else if (ch === OPEN_SQUARE || ch === OPEN_CURLY) {
          flow++;
          if (flow + indents.length > limit) return i;
        } else if ((ch === CLOSE_SQUARE || ch === CLOSE_CURLY) && flow > 0) flow--;
        if (ch !== SPACE && ch !== TAB) prev = ch;
      }
    }
    i = lineEnd + 1;
  }
  return undefined;
}

/** tooDeepAt character by character, for texts with \r line breaks (and the definition scanLines is held to). */
export function scanCharacters(text: string, limit = MAX_NESTING): number | undefined {
  let flow = 0;
  /** Indentations of the open block levels. */
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A line: its indentation closes deeper block levels and may open one.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === SPACE) {
      i++;
      indent++;
    }
    const c = text.charCodeAt(i);
    const blank = i >= n || c === LF || c === CR || c === HASH;
    if (!blank && flow === 0) {
      const entries = openLevels(text, i, indent, indents);
      i = entries.at;
      if (indents.length + entries.count > limit) return i;
    }
    // The rest of the line: flow brackets outside quotes and comments.
    let quote = 0;
    /** The last character before this one that is not blank (0: none yet); a quote opens a scalar only at the start or after one of `:-?[{,`. */
    let prev = 0;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF || ch === CR) break;
      if (quote) {
        if (ch === quote) quote = 0;
        else if (ch === BACKSLASH && quote === DQUOTE && i + 1 < n && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
        continue;
      }
      if ((ch === DQUOTE || ch === SQUOTE) && (prev === 0 || OPENS_QUOTE.has(prev))) quote = ch;
      else if (ch === HASH && (prev === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) {
        while (i + 1 < n && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
      } else if (ch === OPEN_SQUARE || ch === OPEN_CURLY) {
        flow++;
        if (flow + indents.length > limit) return i;
      } else if ((ch === CLOSE_SQUARE || ch === CLOSE_CURLY) && flow > 0) flow--;
      if (ch !== SPACE && ch !== TAB) prev = ch;
    }
    // Past the line break (\n, \r\n or a lone \r).
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else i++;
  }
  return undefined;
}

/**
 * At a line's first character (`from`, indented `indent`): closes the block
 * levels it ends, opens its own, and goes past the compact entries that open
 * its content (`- - - x`, `? - x`), which nest once each.
 */
function openLevels(text: string, from: number, indent: number, indents: number[]): { at: number; count: number } {
  while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
  indents.push(indent);
  const n = text.length;
  let i = from;
  let count = 0;
  for (;;) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (!(i + 1 < n && (a === DASH || a === QUERY) && (b === SPACE || b === TAB))) break;
    i += 2;
    count++;
    while (i < n && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  }
  return { at: i, count };
}

const [TAB, LF, CR, SPACE, DQUOTE, HASH, SQUOTE, DASH, QUERY, BACKSLASH] = [9, 10, 13, 32, 34, 35, 39, 45, 63, 92];
const [OPEN_SQUARE, CLOSE_SQUARE, OPEN_CURLY, CLOSE_CURLY] = [91, 93, 123, 125];
/** `:-?[{,`: after one of these a quote opens a scalar. */
const OPENS_QUOTE = new Set([58, 45, 63, 91, 123, 44]);

/** A text nesting no deeper than this is kept as a document's shallow base (see DepthMemo). */
const SHALLOW = 25;
/** Edited lines longer than this (in all) are scanned whole again. */
const WINDOW = 120;
const BRACKET = /[[\]{}]/;

/**
 * tooDeepAt for the editing path: per document, the latest text found to nest
 * no deeper than SHALLOW levels. When a new text of that document differs from
 * it only in lines that hold no flow bracket, before or after, and those lines
 * are short, no scan is needed: outside those lines every line reads as before
 * (quotes and comments end with their line) and the flow depth is unchanged
 * everywhere; the block levels of the changed lines, and of the lines they sit
 * above, can add at most one level per character of them, and the base's own
 * levels can count at most three times over (its flow levels, its block levels
 * before the change and those after), so the depth stays within
 * 3 * SHALLOW + WINDOW < MAX_NESTING. Otherwise the text is scanned whole, and
 * becomes the base when it is shallow. Same answers as tooDeepAt; PURE.
 */
export class DepthMemo {
  private readonly shallow = new Map<string, string>();

  tooDeepAt(text: string, doc?: string): number | undefined {
    const base = doc === undefined ? undefined : this.shallow.get(doc);
    if (base !== undefined) {
      const w = changedLines(base, text, (c) => c === LF || c === CR);
      if (w.end - w.start <= WINDOW && w.endBefore - w.start <= WINDOW && !BRACKET.test(text.slice(w.start, w.end)) && !BRACKET.test(base.slice(w.start, w.endBefore))) return undefined;
    }
    if (tooDeepAt(text, SHALLOW) === undefined) {
      if (doc !== undefined) this.remember(doc, text);
      return undefined;
    }
    if (doc !== undefined) this.shallow.delete(doc);
    return tooDeepAt(text);
  }

  forget(doc: string): void {
    this.shallow.delete(doc);
  }

  private remember(doc: string, text: string): void {
    this.shallow.delete(doc); // most recently used last
    this.shallow.set(doc, text);
    if (this.shallow.size > MAX_DOCUMENTS) this.shallow.delete(this.shallow.keys().next().value!);
  }
}

/** Documents a DepthMemo remembers. */
const MAX_DOCUMENTS = 16;

/** The message for a text refused as too deep. */
export function tooDeepMessage(what: string): string {
  return `${what} is nested more than ${MAX_NESTING} levels deep (lists and mappings inside one another), far more than a plan needs, so it was not read. Is a closing bracket missing, or was something pasted by mistake?`;
}
