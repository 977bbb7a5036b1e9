/**
 * A fast reader for the plain YAML that plan files are nearly always written
 * in: block mappings and sequences, one-line flow collections, and one-line
 * plain or quoted scalars, resolved with the YAML 1.2 core schema.
 *
 * Invariant: for any text it accepts, the tree is identical, span for span and
 * value for value, to what parse.ts builds with the `yaml` library. Anything
 * else (anchors, aliases, tags, block scalars, multi-line scalars or flow
 * collections, complex or quoted keys, tabs, CR line breaks, several
 * documents, duplicate keys, and every error) makes it give up and return
 * undefined, and the caller reads the text with `yaml`. A property test checks
 * the two readers against each other on random edits of real plans.
 */
import type { PMap, PNode, PPair, PScalar, PSeq } from './nodes';

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Try to read the text fast; undefined when it holds anything outside the subset. */
export function fastParse(text: string): PNode | null | undefined {
  if (/[\t\r\u0085\u2028\u2029\uFEFF]|^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof GiveUp || e instanceof RangeError) return undefined;
    throw e;
  }
}

class Reader {
  private readonly starts: number[] = [0];
  /** Per line: indentation, and where its content starts (-1 for blank or comment-only lines). */
  private readonly content: number[] = [];
  /** Per line: the column of a comment that is all the line holds, else -1. */
  private readonly commentAt: number[] = [];
  private line = 0;
  /** Where the node read last ends, as each reading method says. */
  private end = 0;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    const starts = this.starts;
    const n = starts.length;
    for (let l = 0; l < n; l++) {
      const start = starts[l];
      const end = l + 1 < n ? starts[l + 1] - 1 : text.length;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      const c = i < end ? text.charCodeAt(i) : -1;
      this.content.push(c >= 0 && c !== HASH ? i : -1);
      this.commentAt.push(c === HASH ? i - start : -1);
    }
  }

  document(): PNode | null {
    // Comment lines indented deeper than the content after them trail the
    // value before them, and `yaml` counts them into that value's end in ways
    // not worth mirroring: leave such texts to it.
    let next = 0;
    for (let l = this.starts.length - 1; l >= 0; l--) {
      if (this.content[l] >= 0) next = this.indentOf(l);
      else if (this.commentAt[l] > next) giveUp();
    }
    this.skipBlank();
    if (this.line >= this.starts.length) return null; // empty: the caller's general path says so
    const root = this.block(0);
    this.skipBlank();
    if (this.line < this.starts.length) giveUp();
    return root;
  }

  private lineEnd(l: number): number {
    return l + 1 < this.starts.length ? this.starts[l + 1] - 1 : this.text.length;
  }

  /** Offset just after the line break of a line (the end of the text on the last line). */
  private afterBreak(l: number): number {
    return l + 1 < this.starts.length ? this.starts[l + 1] : this.text.length;
  }

  /**
   * Whether comment lines follow line `l` before the next content line, deeper
   * than `indent` (or at any depth when `indent` is -1). `yaml` counts such
   * comments into the end of the value before them; rather than mirror every
   * case of that, the general reader takes these texts.
   */
  private commentsFollow(l: number, indent: number): boolean {
    for (let n = l + 1; n < this.starts.length && this.content[n] < 0; n++) {
      if (this.commentAt[n] > indent) return true;
    }
    return false;
  }

  private skipBlank(): void {
    while (this.line < this.starts.length && this.content[this.line] < 0) this.line++;
  }

  private indentOf(l: number): number {
    return this.content[l] - this.starts[l];
  }

  /** A block node starting on the current content line, indented at least `min`. */
  private block(min: number): PNode {
    const l = this.line;
    const at = this.content[l];
    const indent = at - this.starts[l];
    if (indent < min) giveUp();
    if (this.isDash(at)) return this.seq(indent);
    const kEnd = this.keyEnd(at, this.lineEnd(l));
    if (kEnd < 0) giveUp();
    return this.map(indent, at, kEnd);
  }

  private isDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === SPACE || Number.isNaN(next) || next === NL;
  }

  /**
   * Where a plain key that starts at `at` ends (its `:` follows), or -1 when
   * the line does not start with `key:` followed by a space or the line's end.
   */
  private keyEnd(at: number, end: number): number {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (isIndicator(c)) return -1;
    for (let i = at; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === COLON) {
        const n = i + 1 < end ? t.charCodeAt(i + 1) : NL;
        if (n === SPACE || n === NL) {
          let k = i;
          while (k > at && t.charCodeAt(k - 1) === SPACE) k--;
          return k > at ? k : -1;
        }
      } else if (ch === HASH && t.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** A block mapping whose keys stand at column `indent`; the first key starts at `first` and ends at `firstEnd`. */
  private map(indent: number, first: number, firstEnd: number): PMap {
    const pairs: PPair[] = [];
    const keys = new MappingKeys();
    let start = first;
    let end = first;
    for (;;) {
      const l = this.line;
      const end0 = this.lineEnd(l);
      const kEnd = start === first ? firstEnd : this.keyEnd(start, end0);
      if (kEnd < 0) giveUp();
      const key: PScalar = { type: 'scalar', span: [start, kEnd], value: resolvePlain(this.text.slice(start, kEnd)) };
      addKey(keys, key.value); // duplicate keys: `yaml` reports them
      let colon = kEnd;
      while (this.text.charCodeAt(colon) !== COLON) colon++;
      const node = this.value(l, colon + 1, end0, indent);
      pairs.push({ key, value: node, span: [start, Math.max(kEnd, node.span[1])] });
      end = this.end;
      // The next key of this mapping, if any.
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const nl = this.line;
      const ind = this.indentOf(nl);
      if (ind < indent) break;
      if (ind > indent) giveUp();
      const at = this.content[nl];
      if (this.isDash(at)) break; // a sequence at the parent's indentation resumes
      start = at;
    }
    return { type: 'map', span: [first, end], pairs };
  }

  /** A block sequence whose dashes stand at column `indent`. */
  private seq(indent: number): PSeq {
    const items: PNode[] = [];
    const first = this.content[this.line];
    let end = first;
    for (;;) {
      const l = this.line;
      const dash = this.content[l];
      const lineEnd = this.lineEnd(l);
      let at = dash + 1;
      while (at < lineEnd && this.text.charCodeAt(at) === SPACE) at++;
      if (at >= lineEnd || this.text.charCodeAt(at) === HASH) giveUp(); // an item on the next line, or empty
      if (this.isDash(at)) giveUp(); // `- - x`
      let item: PNode;
      let kEnd: number;
      const bc = this.text.charCodeAt(at);
      if (bc === 124 || bc === 62) {
        item = this.blockScalar(l, at, lineEnd, indent);
        if (this.commentsFollow(this.line - 1, indent)) giveUp();
        end = this.end;
      } else if ((kEnd = this.keyEnd(at, lineEnd)) >= 0) {
        // `- key: value`: a mapping whose keys stand at this column.
        item = this.map(at - this.starts[l], at, kEnd);
        end = item.span[1];
      } else {
        item = this.inline(l, at, lineEnd);
        if (this.commentsFollow(l, indent)) giveUp();
        end = this.end;
        this.line = l + 1;
      }
      items.push(item);
      this.skipBlank();
      if (this.line >= this.starts.length) break;
      const nl = this.line;
      const ind = this.indentOf(nl);
      if (ind < indent) break;
      if (ind > indent || !this.isDash(this.content[nl])) {
        if (ind === indent) break; // a key of the parent mapping at the same column
        giveUp();
      }
    }
    return { type: 'seq', span: [first, end], items };
  }

  /**
   * The value after `key:` on line `l` from offset `from`. Sets `end` to where
   * it ends including what follows it on its line (comment, line break), as
   * `yaml` counts a block collection's end.
   */
  private value(l: number, from: number, lineEnd: number, indent: number): PNode {
    let at = from;
    while (at < lineEnd && this.text.charCodeAt(at) === SPACE) at++;
    if (at >= lineEnd || this.text.charCodeAt(at) === HASH) {
      // Nothing (or only a comment) on this line: a block below, or an empty value.
      this.line = l + 1;
      this.skipBlank();
      if (this.line < this.starts.length) {
        const nl = this.line;
        const ind = this.indentOf(nl);
        if (ind > indent || (ind === indent && this.isDash(this.content[nl]))) {
          const node = this.block(ind === indent ? indent : indent + 1);
          this.end = node.span[1];
          return node;
        }
      }
      if (at < lineEnd || this.commentsFollow(l, -1)) giveUp(); // an empty value with comments: rare, and `yaml` places it oddly
      this.line = l + 1;
      this.end = lineEnd;
      return { type: 'scalar', span: [lineEnd, lineEnd], value: null };
    }
    const bc = this.text.charCodeAt(at);
    if (bc === 124 /* | */ || bc === 62 /* > */) {
      const b = this.blockScalar(l, at, lineEnd, indent);
      if (this.commentsFollow(this.line - 1, indent)) giveUp();
      return b;
    }
    const v = this.inline(l, at, lineEnd);
    if (this.commentsFollow(l, indent)) giveUp();
    this.line = l + 1;
    // A deeper line that is not a new key would continue a multi-line scalar.
    const save = this.line;
    this.skipBlank();
    if (this.line < this.starts.length && this.indentOf(this.line) > indent) giveUp();
    this.line = save;
    return v;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose lines all share one
   * indentation, deeper than `parent`. Leaves the reader after its last line.
   */
  private blockScalar(l: number, at: number, lineEnd: number, parent: number): PScalar {
    const t = this.text;
    const literal = t.charCodeAt(at) === 124;
    let i = at + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const ch = t.charCodeAt(i);
    if (ch === DASH) {
      chomp = 'strip';
      i++;
    } else if (ch === 43 /* + */) {
      chomp = 'keep';
      i++;
    }
    if (i < lineEnd && t.charCodeAt(i) !== SPACE) giveUp(); // an indentation indicator, or something odd
    while (i < lineEnd && t.charCodeAt(i) === SPACE) i++;
    if (i < lineEnd && t.charCodeAt(i) !== HASH) giveUp();
    // Content lines: blank lines (spaces only), or lines at exactly the content indentation.
    let contentIndent = -1;
    const lines: string[] = [];
    let lastContent = -1;
    let n = l + 1;
    for (; n < this.starts.length; n++) {
      const s0 = this.starts[n];
      const e0 = this.lineEnd(n);
      let k = s0;
      while (k < e0 && t.charCodeAt(k) === SPACE) k++;
      if (k === e0) {
        if (contentIndent >= 0 && k - s0 > contentIndent) giveUp(); // spaces that would be content
        if (contentIndent < 0 && k - s0 > parent + 1) giveUp();
        lines.push('');
        continue;
      }
      const ind = k - s0;
      if (contentIndent < 0) {
        if (ind <= parent) break;
        contentIndent = ind;
      }
      if (ind < contentIndent) break;
      if (ind > contentIndent) giveUp(); // more-indented lines fold differently
      lines.push(t.slice(k, e0));
      lastContent = n;
    }
    if (lastContent < 0) giveUp();
    const used = lastContent - l; // lines from l+1 to lastContent
    const trailingBlank = lines.length - used;
    const body = lines.slice(0, used);
    let value = '';
    let blanks = 0;
    let started = false;
    for (const line of body) {
      if (line === '') {
        blanks++;
        continue;
      }
      if (started) value += literal ? '\n'.repeat(blanks + 1) : blanks ? '\n'.repeat(blanks) : ' ';
      else if (blanks) value += '\n'.repeat(blanks);
      value += line;
      started = true;
      blanks = 0;
    }
    let endLine = lastContent;
    if (chomp === 'clip') value += '\n';
    else if (chomp === 'keep') {
      // Each blank line keeps its line break; the text's last line has none (after a final
      // newline it is the empty line that follows it). A last line of spaces alone is rare,
      // and `yaml` ends the scalar before or after it by its indentation: leave it to `yaml`.
      const toEnd = n === this.starts.length && trailingBlank > 0;
      if (toEnd && this.starts[n - 1] < t.length) giveUp();
      const kept = toEnd ? trailingBlank - 1 : trailingBlank;
      value += '\n' + '\n'.repeat(kept);
      endLine = lastContent + trailingBlank;
    }
    this.line = endLine + 1;
    const end = this.afterBreak(endLine);
    this.end = end;
    return { type: 'scalar', span: [at, end], value };
  }

  /** A one-line value: flow collection, quoted or plain scalar, then only a comment. Sets `end` after its line break. */
  private inline(l: number, at: number, lineEnd: number): PNode {
    const c = this.text.charCodeAt(at);
    let node: PNode;
    let after: number;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      node = this.flow(at, lineEnd);
      after = this.end;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      node = this.quoted(at, lineEnd);
      after = this.end;
    } else {
      if (isIndicator(c) && !(c === DASH || c === 63 /* ? */ || c === COLON)) giveUp();
      if (c === DASH || c === 63 || c === COLON) {
        // An indicator before a space or the line's end is not the start of a plain scalar:
        // `- ?` is a mapping with an empty key, `a: -` not YAML at all.
        const n = this.text.charCodeAt(at + 1);
        if (n === SPACE || n === NL || Number.isNaN(n)) giveUp();
      }
      const t = this.text;
      let e = at;
      while (e < lineEnd) {
        const ch = t.charCodeAt(e);
        if (ch === HASH && t.charCodeAt(e - 1) === SPACE) break;
        if (ch === COLON && (e + 1 >= lineEnd || t.charCodeAt(e + 1) === SPACE)) giveUp();
        e++;
      }
      let v = e;
      while (v > at && this.text.charCodeAt(v - 1) === SPACE) v--;
      const value = resolvePlain(this.text.slice(at, v));
      node = { type: 'scalar', span: [at, v], value };
      after = v;
    }
    // Only spaces and a comment may follow on the line.
    let k = after;
    while (k < lineEnd && this.text.charCodeAt(k) === SPACE) k++;
    if (k < lineEnd && !(this.text.charCodeAt(k) === HASH && k > after)) giveUp();
    this.end = this.afterBreak(l);
    return node;
  }

  /** A quoted scalar on one line; sets `end` after its closing quote. */
  private quoted(at: number, lineEnd: number): PScalar {
    const q = this.text.charCodeAt(at);
    let out = '';
    let i = at + 1;
    for (;;) {
      if (i >= lineEnd) giveUp(); // runs on to the next line
      const ch = this.text.charCodeAt(i);
      if (q === 39) {
        if (ch === 39) {
          if (this.text.charCodeAt(i + 1) === 39) {
            out += "'";
            i += 2;
            continue;
          }
          break;
        }
      } else {
        if (ch === 34) break;
        if (ch === 92 /* \ */) {
          const r = escape(this.text, i + 1, lineEnd);
          out += r.value;
          i = r.next;
          continue;
        }
      }
      // A run of ordinary characters at once.
      let j = i + 1;
      while (j < lineEnd) {
        const cj = this.text.charCodeAt(j);
        if (cj === q || (q === 34 && cj === 92)) break;
        j++;
      }
      out += this.text.slice(i, j);
      i = j;
    }
    this.end = i + 1;
    return { type: 'scalar', span: [at, i + 1], value: out };
  }

  private skipSpaces(i: number, lineEnd: number): number {
    while (i < lineEnd && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** A flow collection that closes on the same line; sets `end` after it. */
  private flow(at: number, lineEnd: number): PNode {
    const open = this.text.charCodeAt(at);
    const close = open === 123 ? 125 : 93;
    const pairs: PPair[] = [];
    const items: PNode[] = [];
    const keys = open === 123 ? new MappingKeys() : undefined;
    let i = this.skipSpaces(at + 1, lineEnd);
    if (this.text.charCodeAt(i) !== close) {
      for (;;) {
        i = this.skipSpaces(i, lineEnd);
        if (i >= lineEnd) giveUp();
        if (keys) {
          const key = this.flowPlain(i, lineEnd, true);
          i = this.end;
          if (this.text.charCodeAt(i) !== COLON) giveUp();
          i = this.skipSpaces(i + 1, lineEnd);
          addKey(keys, key.value);
          const v = this.flowValue(i, lineEnd);
          pairs.push({ key, value: v, span: [key.span[0], Math.max(key.span[1], v.span[1])] });
        } else {
          items.push(this.flowValue(i, lineEnd));
        }
        i = this.skipSpaces(this.end, lineEnd);
        const ch = this.text.charCodeAt(i);
        if (ch === close) break;
        if (ch !== 44 /* , */) giveUp();
        i = this.skipSpaces(i + 1, lineEnd);
        if (this.text.charCodeAt(i) === close) giveUp(); // a trailing comma
      }
    }
    const span: [number, number] = [at, i + 1];
    this.end = i + 1;
    return keys ? { type: 'map', span, pairs } : { type: 'seq', span, items };
  }

  private flowValue(i: number, lineEnd: number): PNode {
    const c = this.text.charCodeAt(i);
    if (c === 123 || c === 91) return this.flow(i, lineEnd);
    if (c === 34 || c === 39) return this.quoted(i, lineEnd);
    return this.flowPlain(i, lineEnd, false);
  }

  /** A plain scalar inside a flow collection: ends at `,`, `]`, `}`, or (a key) `: `; sets `end` there. */
  private flowPlain(i: number, lineEnd: number, isKey: boolean): PScalar {
    const c = this.text.charCodeAt(i);
    if (isIndicator(c) || (c === DASH && this.text.charCodeAt(i + 1) === SPACE)) giveUp();
    const t = this.text;
    let e = i;
    while (e < lineEnd) {
      const ch = t.charCodeAt(e);
      if (ch >= 128 || FLOW_STOP[ch] === 0) {
        e++;
        continue;
      }
      if (ch === 44 || ch === 93 || ch === 125 || ch === 91 || ch === 123) break;
      if (ch === COLON) {
        const n = t.charCodeAt(e + 1);
        if (e + 1 >= lineEnd || n === SPACE || n === 44 || n === 93 || n === 125 || n === 91 || n === 123) {
          if (!isKey) giveUp(); // an implicit pair inside a flow sequence, or `key:value` forms
          break;
        }
      }
      if (ch === HASH && t.charCodeAt(e - 1) === SPACE) giveUp();
      e++;
    }
    let v = e;
    while (v > i && t.charCodeAt(v - 1) === SPACE) v--;
    if (v === i) giveUp(); // an empty key or value
    const value = resolvePlain(this.text.slice(i, v));
    this.end = e;
    return { type: 'scalar', span: [i, v], value };
  }
}

/**
 * The keys of one mapping, to find a repeated one. Mappings in plans are small (an organisation's
 * `{id, name, type}`, a year's figures): a short list searched in turn costs less than a Set for
 * each of them, and a Set takes over past SHORT keys, so a mapping of 50,000 keys stays linear.
 */
class MappingKeys {
  private readonly list: string[] = [];
  private set: Set<string> | undefined;
  has(id: string): boolean {
    if (this.set) return this.set.has(id);
    for (let i = 0; i < this.list.length; i++) if (this.list[i] === id) return true;
    return false;
  }
  add(id: string): void {
    if (this.set) this.set.add(id);
    else if (this.list.push(id) > SHORT) this.set = new Set(this.list);
  }
}
const SHORT = 8;

/** Notes a mapping's key; gives up when the mapping has it already (compared as text: `1` and `1.0` too). */
function addKey(keys: MappingKeys, key: PScalar['value']): void {
  const id = String(key);
  if (keys.has(id)) giveUp();
  keys.add(id);
}

/** Characters at which a plain scalar in a flow collection may end or be refused (see flowPlain). */
const FLOW_STOP = new Uint8Array(128);
for (const c of [44, 93, 125, 91, 123, COLON, HASH]) FLOW_STOP[c] = 1;

/** Characters that cannot start a plain scalar (YAML 1.2 c-indicator), except `-?:` handled by callers. */
function isIndicator(c: number): boolean {
  switch (c) {
    case 45: // -
    case 63: // ?
    case 58: // :
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

function escape(text: string, i: number, lineEnd: number): { value: string; next: number } {
  if (i >= lineEnd) giveUp();
  const c = text[i];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, next: i + 1 };
  const len = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (!len) giveUp();
  const hex = text.slice(i + 1, i + 1 + len);
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
  const cp = parseInt(hex, 16);
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) giveUp();
  return { value: String.fromCodePoint(cp), next: i + 1 + len };
}

const INT = 1;
const FLOAT = 2;

/** A plain scalar's value under the YAML 1.2 core schema. */
export function resolvePlain(s: string): string | number | boolean | null {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    const form = numberForm(s);
    if (form === INT) {
      const n = Number(s);
      if (!Number.isSafeInteger(n)) giveUp(); // leave big numbers to `yaml`
      return n;
    }
    const x = s.charCodeAt(1);
    if (c === 48 && (x === 111 || x === 120) && (/^0o[0-7]+$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s))) giveUp();
    if (form === FLOAT) return parseFloat(s);
  }
  return s;
}

/**
 * Which of the core schema's decimal forms a text is, read a character at a
 * time (a regular expression per scalar cost more): INT for `[-+]?[0-9]+`,
 * FLOAT for `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, else 0.
 */
function numberForm(s: string): number {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  const whole = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const wholeDigits = i - whole;
  if (i === n) return wholeDigits > 0 ? INT : 0;
  let fraction = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    const f = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    fraction = i - f;
  }
  if (wholeDigits === 0 && fraction === 0) return 0;
  if (i < n) {
    const e = s.charCodeAt(i++);
    if (e !== 101 && e !== 69) return 0;
    const sign = s.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    const d = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === d || i !== n) return 0;
  }
  return FLOAT;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
