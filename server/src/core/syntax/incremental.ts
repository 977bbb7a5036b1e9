/**
 * The editing path's parse: the text is cut into the block-sequence items it is
 * mostly made of (initiatives, improvements, long list entries), each item is
 * parsed on its own and remembered by its exact text, and a small skeleton with
 * a placeholder per item holds them together. After a keystroke only the item
 * that changed and the skeleton are parsed again.
 *
 * Invariant: the tree is identical, span for span, to parseText(text). Whenever
 * the text uses something that could make an item read differently on its own
 * (anchors, aliases, tags, directives, several documents, tabs, a syntax
 * problem anywhere), the whole text is parsed instead. A property test checks
 * the two paths against each other after every step of long random edits.
 */
import { parseText, type Parsed, type PNode, type PPair, type PSeq } from './parse';
import type { Span } from '../types';
import { changedLines } from './lines';

/** Items shorter than this many lines are left in the skeleton. */
const MIN_ITEM_LINES = 3;
const MARK = '__qipp_item_';
const RISKY = /(^|[\s,[{])[&*!][^\s,[\]{}]|^(---|\.\.\.|%)|\t|__qipp_item_/m;

/** Parsed items by their exact text. Owned by one engine; bounded. */
export class ParseCache {
  private items = new Map<string, PNode>();
  private previous = new Map<string, PNode>();
  /** Per document: the items in its latest tree, by their text, to be moved rather than copied next time. */
  private placed = new Map<string, PlacedTree>();
  constructor(private readonly limit = 20_000) {}

  /** The items of a document's latest tree (taken: each can be placed in one tree only). */
  takePlaced(doc: string): PlacedTree | undefined {
    const p = this.placed.get(doc);
    this.placed.delete(doc);
    return p;
  }

  setPlaced(doc: string, placed: PlacedTree): void {
    this.placed.delete(doc); // most recently used last
    this.placed.set(doc, placed);
    if (this.placed.size > MAX_DOCUMENTS) this.placed.delete(this.placed.keys().next().value!);
  }

  /** Forget a document's tree (it was closed). */
  forget(doc: string): void {
    this.placed.delete(doc);
    this.clean.delete(doc);
  }

  /** Per document: its latest text known to hold nothing RISKY. */
  private clean = new Map<string, string>();

  /**
   * Whether the text holds something RISKY. For a document whose previous
   * text held nothing, only the lines an edit changed are searched: every
   * other line is a line of that text, and a RISKY match never spans lines.
   */
  risky(text: string, doc?: string): boolean {
    const before = doc === undefined ? undefined : this.clean.get(doc);
    // A regular expression's `m` flag ends a line at \n, \r, U+2028 and U+2029.
    const window = before === undefined ? undefined : changedLines(before, text, (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029);
    const found = window ? RISKY.test(text.slice(window.start, window.end)) : RISKY.test(text);
    if (doc !== undefined) {
      this.clean.delete(doc); // most recently used last
      if (!found) this.clean.set(doc, text);
      if (this.clean.size > MAX_DOCUMENTS) this.clean.delete(this.clean.keys().next().value!);
    }
    return found;
  }

  get(text: string): PNode | undefined {
    const hit = this.items.get(text);
    if (hit) return hit;
    const old = this.previous.get(text);
    if (old) this.items.set(text, old);
    return old;
  }

  set(text: string, node: PNode): void {
    if (this.items.size >= this.limit) {
      // Two generations: what was used since the last turnover survives one more.
      this.previous = this.items;
      this.items = new Map();
    }
    this.items.set(text, node);
  }

  get size(): number {
    return this.items.size + this.previous.size;
  }
}

/**
 * Items placed in a document's tree: a copy of the parsed items with spans
 * moved to where the chunk starts, owned by that tree alone. When the same
 * text sits elsewhere after an edit, the copy is moved in place (its spans
 * shifted) instead of copied again, so an edit costs allocation for the item it
 * touched only, and what is remembered about these nodes by identity (their
 * JSON value, their part of the typed plan) stays valid.
 */
/** A document's latest tree as its chunks: the text, and per chunk where it was and its placed items. */
interface PlacedTree {
  text: string;
  chunks: PlacedChunk[];
}

interface PlacedChunk {
  start: number;
  end: number;
  placed: Placed;
}

interface Placed {
  start: number;
  items: PNode[];
  /** Where the chunk's list ends in its own parse. */
  end: number;
}

/** Documents whose trees are remembered for moving in place. */
const MAX_DOCUMENTS = 16;

interface Chunk {
  /** Offsets of the items' text in the document: from the first line's start to the line after the last. */
  start: number;
  end: number;
  indent: number;
  /** One long item, or a run of short sibling items. */
  count: number;
}

/** A run of short sibling items is cut after this many, so an edit reparses a few lines only. */
const MAX_RUN = 24;

/**
 * Parse, reusing items the cache already knows. Same result as parseText(text).
 *
 * With `doc`, the items of that document's previous tree are moved into the
 * new tree where their text is unchanged (their spans shifted in place), so the
 * previous tree must no longer be relied on for positions: only the newest
 * tree of a document is current. `lineStarts`, when given, are the text's line
 * starts (as LineIndex and lineStartsOf find them), not found again.
 */
export function parseIncremental(text: string, cache: ParseCache, doc?: string, lineStarts?: readonly number[]): Parsed {
  const before = doc === undefined ? undefined : cache.takePlaced(doc);
  // Spaces at the very end of the text are counted into the end of whatever list or value comes
  // last in ways a skeleton cannot see: such texts are parsed whole.
  if (text.length < 2048 || text.charCodeAt(text.length - 1) === 32 || cache.risky(text, doc)) return parseText(text);
  const chunks = findChunks(text, lineStarts);
  if (chunks.length < 2) return parseText(text);

  const { skeletonText, marks } = skeletonOf(text, chunks);
  const skeleton = parseText(skeletonText);
  if (skeleton.problems.length || !skeleton.root) return parseText(text);

  const after: PlacedChunk[] | undefined = doc === undefined ? undefined : [];
  const placed = placeChunks(text, chunks, cache, before, after);
  if (!placed) return parseText(text);
  const mapSpan = spanMapper(chunks, marks, placed.ends);
  const { root, replaced, misread } = rebuild(skeleton.root, placed.items, mapSpan);
  if (misread || replaced !== chunks.length) return parseText(text);
  if (after) cache.setPlaced(doc!, { text, chunks: after });
  return { root, problems: [] };
}

/** Per item of the skeleton: where its placeholder starts and its marker ends, and where the text after it resumes. */
interface Mark {
  start: number;
  end: number;
  next: number;
}

/** The skeleton: each chunk replaced by `<indent>- __qipp_item_N`, keeping its line break. */
function skeletonOf(text: string, chunks: readonly Chunk[]): { skeletonText: string; marks: Mark[] } {
  const parts: string[] = [];
  const marks: Mark[] = [];
  let at = 0;
  let skeletonLength = 0;
  chunks.forEach((c, i) => {
    const before = text.slice(at, c.start);
    parts.push(before);
    skeletonLength += before.length;
    const body = text.slice(c.start, c.end);
    const lineBreak = body.slice(trailingBreakStart(body));
    const mark = `${' '.repeat(c.indent)}- ${MARK}${i}`;
    parts.push(mark + lineBreak);
    marks.push({ start: skeletonLength, end: skeletonLength + mark.length, next: skeletonLength + mark.length + lineBreak.length });
    skeletonLength += mark.length + lineBreak.length;
    at = c.end;
  });
  parts.push(text.slice(at));
  return { skeletonText: parts.join(''), marks };
}

/**
 * Per chunk: its items, spans already where the chunk is in this text (moved
 * from the previous tree, or copied from the cache, or parsed), and where the
 * chunk's list ends in its own parse (what `yaml` counts as the end of the
 * enclosing list). Undefined when a chunk does not read as its items on its own.
 */
function placeChunks(text: string, chunks: readonly Chunk[], cache: ParseCache, before: PlacedTree | undefined, after: PlacedChunk[] | undefined): { items: PNode[][]; ends: number[] } | undefined {
  const items: PNode[][] = [];
  const ends: number[] = [];
  const take = before ? taker(before, text) : undefined;
  for (const c of chunks) {
    const body = text.slice(c.start, c.end);
    let placed = take?.(c, body);
    if (placed) {
      if (placed.start !== c.start) for (const it of placed.items) move(it, c.start - placed.start);
      placed.start = c.start;
    } else {
      let seq = cache.get(body);
      if (!seq) {
        const p = parseText(body);
        if (p.problems.length || !p.root || p.root.type !== 'seq' || p.root.items.length !== c.count) return undefined;
        seq = p.root;
        cache.set(body, seq);
      }
      placed = { start: c.start, items: (seq as PSeq).items.map((x) => shift(x, c.start)), end: seq.span[1] };
    }
    after?.push({ start: c.start, end: c.end, placed });
    items.push(placed.items);
    ends.push(placed.end);
  }
  return { items, ends };
}

/** Skeleton spans -> document spans. */
function spanMapper(chunks: readonly Chunk[], marks: readonly Mark[], ends: readonly number[]): (s: Span) => Span {
  // Not the last item's own end: a collection ends after what trails its last value (spaces, a comment).
  const endOfChunk = (k: number) => chunks[k].start + ends[k];
  const mapOffset = (p: number, isEnd = false): number => {
    let lo = 0;
    let hi = marks.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid].start <= p) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return p;
    const m = marks[k];
    const c = chunks[k];
    if (p < m.end) return p - m.start <= c.indent + 2 ? c.start + (p - m.start) : endOfChunk(k);
    if (p === m.end) return endOfChunk(k);
    // A collection whose last item is a placeholder may end after the placeholder's line break; the
    // items' own end says where it really ends (before the break when the last value is empty).
    if (isEnd && p === m.next) return endOfChunk(k);
    return p - m.next + c.end;
  };
  return (s: Span): Span => [mapOffset(s[0]), mapOffset(s[1], true)];
}

/**
 * The document's tree from the skeleton's: spans mapped, each placeholder
 * replaced by its chunk's items. `replaced` counts placeholders found;
 * `misread` is set when a placeholder was read as part of a longer scalar.
 */
function rebuild(skeletonRoot: PNode, items: readonly PNode[][], mapSpan: (s: Span) => Span): { root: PNode; replaced: number; misread: boolean } {
  const placeholder = (n: PNode): number => (n.type === 'scalar' && typeof n.value === 'string' && n.value.startsWith(MARK) ? Number(n.value.slice(MARK.length)) : -1);
  let replaced = 0;
  let misread = false;
  const walk = (n: PNode): PNode => {
    if (n.type === 'scalar') {
      // A placeholder read as part of a longer scalar means the item does not stand on its own here.
      if (typeof n.value === 'string' && n.value.includes(MARK)) misread = true;
      return { type: 'scalar', span: mapSpan(n.span), value: n.value };
    }
    if (n.type === 'seq') {
      const kids = n.items.flatMap((it) => {
        const k = placeholder(it);
        if (k < 0) return [walk(it)];
        replaced++;
        return items[k];
      });
      return { type: 'seq', span: mapSpan(n.span), items: kids };
    }
    const pairs: PPair[] = n.pairs.map((p) => {
      const key = walk(p.key) as PPair['key'];
      const value = walk(p.value);
      return { key, value, span: [key.span[0], Math.max(key.span[1], value.span[1])] };
    });
    return { type: 'map', span: mapSpan(n.span), pairs };
  };
  const root = walk(skeletonRoot);
  return { root, replaced, misread };
}

/**
 * Finds, for a chunk of the new text, the placed copy of the same text in the
 * document's previous tree, taking each at most once. Chunks wholly before the
 * lines an edit changed are where they were; chunks wholly after them are where
 * they were, moved by the change in length: both are found by position, with
 * no need to read (hash, compare) their text. Chunks in the changed lines are
 * looked up by text among the previous chunks there.
 */
function taker(before: PlacedTree, text: string): (c: Chunk, body: string) => Placed | undefined {
  const w = changedLines(before.text, text, (ch) => ch === 10 || ch === 13);
  const delta = text.length - before.text.length;
  const byStart = new Map<number, PlacedChunk>();
  for (const e of before.chunks) byStart.set(e.start, e);
  let near: Map<string, PlacedChunk[]> | undefined;
  const taken = new Set<PlacedChunk>();
  return (c, body) => {
    let e: PlacedChunk | undefined;
    if (c.end <= w.start) e = byStart.get(c.start);
    else if (c.start >= w.end) e = byStart.get(c.start - delta);
    else {
      if (!near) {
        near = new Map();
        for (const p of before.chunks) {
          if (p.end <= w.start || p.start >= w.endBefore) continue;
          const key = before.text.slice(p.start, p.end);
          const list = near.get(key);
          if (list) list.push(p);
          else near.set(key, [p]);
        }
      }
      e = near.get(body)?.find((p) => !taken.has(p));
    }
    if (!e || taken.has(e) || e.end - e.start !== c.end - c.start) return undefined;
    taken.add(e);
    return e.placed;
  };
}

/** Move a placed tree's spans by `by`, in place (its spans are its own: see Placed). */
function move(n: PNode, by: number): void {
  bump(n.span, by);
  if (n.type === 'seq') for (const it of n.items) move(it, by);
  else if (n.type === 'map') {
    for (const p of n.pairs) {
      bump(p.span, by);
      move(p.key, by);
      move(p.value, by);
    }
  }
}

function bump(span: Span, by: number): void {
  const s = span as [number, number];
  s[0] += by;
  s[1] += by;
}

function trailingBreakStart(body: string): number {
  let i = body.length;
  while (i > 0 && (body[i - 1] === '\n' || body[i - 1] === '\r')) i--;
  return i;
}

/** A copy of a tree with every span moved by `by`. */
function shift(n: PNode, by: number): PNode {
  const s: Span = [n.span[0] + by, n.span[1] + by];
  if (n.type === 'scalar') return { type: 'scalar', span: s, value: n.value };
  if (n.type === 'seq') return { type: 'seq', span: s, items: n.items.map((i) => shift(i, by)) };
  return {
    type: 'map',
    span: s,
    pairs: n.pairs.map((p) => {
      const key = shift(p.key, by) as PPair['key'];
      const value = shift(p.value, by);
      return { key, value, span: [p.span[0] + by, p.span[1] + by] };
    }),
  };
}

/**
 * The outermost block-sequence items: each item of MIN_ITEM_LINES lines or
 * more whose first line is `- key: ...` on its own, and runs of shorter
 * sibling items (such as one-line organisations) together. An item runs to the
 * line before the next line indented no deeper than its dash.
 */
function findChunks(text: string, known?: readonly number[]): Chunk[] {
  const lineStarts = known ?? lineStartsOf(text);
  const n = lineStarts.length;
  // Typed arrays and character codes: this runs over every line of the text on every edit.
  const indentOf = new Int32Array(n);
  const content = new Uint8Array(n);
  for (let l = 0; l < n; l++) {
    let i = lineStarts[l];
    const end = l + 1 < n ? lineStarts[l + 1] : text.length;
    while (i < end && text.charCodeAt(i) === 32) i++;
    indentOf[l] = i - lineStarts[l];
    const ch = text.charCodeAt(i);
    content[l] = i < end && ch !== 10 && ch !== 13 && ch !== 35 ? 1 : 0;
  }
  const chunks: Chunk[] = [];
  /** The run of short items being gathered, if the previous item was one. */
  let run: Chunk | undefined;
  let l = 0;
  while (l < n) {
    if (!content[l]) {
      run = undefined;
      l++;
      continue;
    }
    const indent = indentOf[l];
    const s = lineStarts[l] + indent;
    if (!text.startsWith('- ', s) || /^- *([|>&*!#]|$)/.test(text.slice(s, s + 4))) {
      run = undefined;
      l++;
      continue;
    }
    let e = l + 1;
    while (e < n && (!content[e] || indentOf[e] > indent)) e++;
    // Trailing blank and comment lines stay with what follows, not with this item.
    let last = e - 1;
    while (last > l && !content[last]) last--;
    // But after an empty last value (`milestones:`), a full parse counts a comment line indented into
    // the item into the item's end, which a chunk cut before it cannot see: such texts are parsed whole.
    for (let k = last + 1; k < e; k++) {
      if (indentOf[k] > indent && text[lineStarts[k] + indentOf[k]] === '#' && endsEmpty(text, lineStarts[last], lineStarts[last + 1])) return [];
    }
    const endLine = last + 1;
    const end = endLine < n ? lineStarts[endLine] : text.length;
    const long = endLine - l >= MIN_ITEM_LINES;
    if (long && /^- +[A-Za-z_][\w.-]*:( |\r|\n)/.test(text.slice(s, s + 200))) {
      chunks.push({ start: lineStarts[l], end, indent, count: 1 });
      run = undefined;
      l = endLine;
    } else if (!long && run && run.indent === indent && run.end === lineStarts[l] && run.count < MAX_RUN) {
      run.end = end;
      run.count++;
      l = endLine;
    } else if (!long) {
      run = { start: lineStarts[l], end, indent, count: 1 };
      chunks.push(run);
      l = endLine;
    } else {
      run = undefined;
      l++;
    }
  }
  return chunks;
}

/** Offsets where lines start (\n, \r\n and a lone \r end a line); found natively when the text has no \r, as nearly every text has none. */
function lineStartsOf(text: string): number[] {
  const starts: number[] = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** Whether a line ends with a key or a dash and no value (a trailing comment aside). */
function endsEmpty(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end).replace(/\s+#.*$/, '').trimEnd();
  return line.endsWith(':') || line === '-' || line.endsWith(' -');
}
