import type { Position, Range, Span } from '../types';

/**
 * Maps UTF-16 offsets to LSP positions. Line breaks are \n, \r\n and a lone \r,
 * as in LSP, so LF, CRLF and mixed files give the same lines and columns.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string, known?: number[]) {
    if (known) {
      this.starts = known;
      return;
    }
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // The common case, searched natively.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (c === 10 /* \n */) {
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  /**
   * The index of `text`, an edit of `before`'s text that changed the lines in
   * `w` (changedLines with \n and \r as line ends): the line starts before the
   * window are kept, those after it moved by the change in length, and only
   * the window (and the two characters either side, which decide whether a
   * \r\n is one break) is scanned. Same as new LineIndex(text).
   */
  static edited(before: LineIndex, text: string, w: ChangedLines): LineIndex {
    const old = before.starts;
    const delta = text.length - before.text.length;
    // A start s depends on the characters s-2..s: those outside the window on both sides are unchanged.
    let k = 0;
    while (k < old.length && old[k] < w.start) k++;
    const starts = old.slice(0, k);
    if (!starts.length) starts.push(0); // the edit is in the first line
    // Scanned from the last start kept (no start lies between it and the window) to just past the window.
    const to = Math.min(text.length + 1, w.end + 2);
    for (let i = starts[starts.length - 1]; i < to - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    let j = old.length;
    while (j > 0 && old[j - 1] + delta >= to && old[j - 1] >= w.endBefore + 2) j--;
    for (; j < old.length; j++) starts.push(old[j] + delta);
    return new LineIndex(text, starts);
  }

  /** The offsets where lines start (shared: not to be changed). */
  get lineStarts(): readonly number[] {
    return this.starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /**
   * The position of an offset; offsets past the end clamp to the end, and one
   * between the \r and \n of a line break counts as the end of its line (LSP
   * has no column there).
   */
  positionAt(offset: number): Position {
    let o = Math.max(0, Math.min(offset, this.text.length));
    if (o > 0 && this.text.charCodeAt(o) === 10 && this.text.charCodeAt(o - 1) === 13) o--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /** The offset of a position; characters past the line's end clamp to it. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset of the first character of a line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just before the line break of a line. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  range(span: Span): Range {
    return { start: this.positionAt(span[0]), end: this.positionAt(span[1]) };
  }
}

/** Texts are compared this many characters at a time (natively) before character by character. */
const BLOCK = 1024;

/**
 * The last pair of texts compared: an edit is compared for several purposes
 * (the line index, what forces a whole parse, the items to move), each time
 * the same two texts, as a rule the very same strings.
 */
let lastEnds: { before: string; after: string; p: number; s: number } | undefined;

/** The lengths of the common start (p) and, within the rest, the common end (s) of two texts. */
function commonEnds(before: string, after: string): { p: number; s: number } {
  if (lastEnds && lastEnds.before === before && lastEnds.after === after) return lastEnds;
  const min = Math.min(before.length, after.length);
  let p = 0;
  while (p + BLOCK <= min && before.slice(p, p + BLOCK) === after.slice(p, p + BLOCK)) p += BLOCK;
  while (p < min && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  const most = min - p;
  let s = 0;
  while (s + BLOCK <= most && before.slice(before.length - s - BLOCK, before.length - s) === after.slice(after.length - s - BLOCK, after.length - s)) s += BLOCK;
  while (s < most && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  lastEnds = { before, after, p, s };
  return lastEnds;
}

/** The lines an edit changed: [start, end) in the text after it, and where that window ends in the text before. */
export interface ChangedLines {
  start: number;
  end: number;
  endBefore: number;
}

/**
 * Where `after` differs from `before`, widened to whole lines (a line ends at
 * each character `isEnd` accepts). Every line of `after` outside the window
 * is a line of `before`, and the window is whole lines in both texts. The
 * common start and end are compared a block at a time, natively.
 */
export function changedLines(before: string, after: string, isEnd: (c: number) => boolean): ChangedLines {
  const { p, s } = commonEnds(before, after);
  let start = p;
  while (start > 0 && !isEnd(after.charCodeAt(start - 1))) start--;
  let end = after.length - s;
  while (end < after.length && !isEnd(after.charCodeAt(end))) end++;
  return { start, end, endBefore: before.length - (after.length - end) };
}
