/** Small text helpers shared by messages and quick fixes. */

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Words (and candidates) longer than this get no suggestion: a slip worth
 * pointing out is in a word a person typed, and comparing long strings costs
 * the product of their lengths (two ids of 30,000 characters took 20 s).
 */
export const MAX_SUGGESTED_LENGTH = 64;

/** Two rows of the distance table, reused from one comparison to the next. */
let rows = [new Int32Array(MAX_SUGGESTED_LENGTH + 2), new Int32Array(MAX_SUGGESTED_LENGTH + 2)];

/**
 * The edit distance between `a` and `b` when it is at most `max`, else
 * `max + 1`. Only the diagonal band of the table within `max` of the corner
 * is filled, and the comparison stops as soon as a whole row of it is over
 * `max`. `work.cells` counts the cells filled.
 */
export function distanceWithin(a: string, b: string, max: number, work?: { cells: number }): number {
  if (a === b) return 0;
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  const m = b.length;
  if (rows[0].length <= m) rows = [new Int32Array(2 * m + 2), new Int32Array(2 * m + 2)];
  let [prev, cur] = rows;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[0] = i <= max ? i : over;
    cur[lo - 1] = lo > 1 ? over : cur[0];
    let rowMin = cur[lo - 1];
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1), prev[j] + 1, cur[j - 1] + 1, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = over;
    if (work) work.cells += hi - lo + 2;
    if (rowMin > max) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m], over);
}

/**
 * Work for searches of near words: cells of distance tables filled, and
 * candidates looked at. Share one among many searches to bound them together.
 */
export interface SearchWork {
  left: number;
}

/** The most work one search for a near word may do (a few milliseconds at most). */
const SEARCH_WORK = 200_000;

/**
 * The first candidate at the least edit distance from `word`, if that
 * distance is at most `max`. Candidates within 2 are looked for first (most
 * slips are one or two letters, and once one is found every other candidate
 * is ruled out in a few steps), then within `max`. Candidates longer than
 * MAX_SUGGESTED_LENGTH are passed over. When the work allowed is spent, the
 * best found so far is the answer.
 */
function nearestWithin(word: string, candidates: Iterable<string>, max: number, fold: boolean, work: SearchWork): { best: string; distance: number } | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  const w = fold ? word.toLowerCase() : word;
  const spent = { cells: 0 };
  const allowed = Math.min(work.left, SEARCH_WORK);
  let found: { best: string; distance: number } | undefined;
  for (const limit of max > 2 ? [2, max] : [max]) {
    let bound = limit;
    for (const c of candidates) {
      if (spent.cells >= allowed) break;
      spent.cells++;
      if (c.length > MAX_SUGGESTED_LENGTH) continue;
      const d = distanceWithin(w, fold ? c.toLowerCase() : c, bound, spent);
      if (d > bound) continue;
      found = { best: c, distance: d };
      if (d === 0) break;
      bound = d - 1;
    }
    if (found || spent.cells >= allowed) break;
  }
  work.left = Math.max(0, work.left - spent.cells);
  return found;
}

/**
 * The candidate nearest to a word (case aside), if it is near enough to be a
 * likely slip: within a third of the longer word's length, and at least 2.
 * `work` bounds the search (by default, one search's share).
 */
export function closest(word: string, candidates: Iterable<string>, work: SearchWork = { left: SEARCH_WORK }): string | undefined {
  // A candidate can be within its limit only if the nearest is within half the word's length (or 2).
  const widest = Math.max(2, Math.floor(word.length / 2));
  const near = nearestWithin(word, candidates, widest, true, work);
  if (!near) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, near.best.length) / 3));
  return near.distance <= limit ? near.best : undefined;
}

/**
 * The first candidate at the least edit distance from `word` (case counts),
 * however far; undefined when there is none, or the word is longer than
 * MAX_SUGGESTED_LENGTH. For quick fixes, which offer the nearest value even
 * when it is not near.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  return nearestWithin(word, candidates, MAX_SUGGESTED_LENGTH, false, { left: SEARCH_WORK })?.best;
}

/** "a, b or c" */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "a, b and c" */
export function listAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function code(s: unknown): string {
  return '`' + String(s) + '`';
}

/**
 * A string as a YAML value: plain when it reads back as the same string in
 * any YAML (letters first, no `: ` or ` #`, not a word such as yes, no or
 * null), else double-quoted.
 */
export function yamlText(s: string): string {
  return /^[A-Za-z][A-Za-z0-9 ,.'()/&-]*$/.test(s) && !/ #|: |\s$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) ? s : JSON.stringify(s);
}

/** Control characters (C0 but tab, DEL, C1) and the bidirectional controls that can make text read other than it is. */
export const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Plan text inside Markdown (hover, completion): the characters Markdown or
 * HTML could read as syntax (links and images need `[`, HTML needs `<`,
 * emphasis `*`, `_`, `~`) are backslash-escaped, as are a web address's `://`
 * and `www.` (so that no bare address becomes a link) and a block marker at
 * the start (`#`, `>`, `-`, `1.`); line breaks become spaces and control
 * characters go. It reads the same once drawn.
 */
export function mdText(s: unknown): string {
  return String(s)
    .replace(CONTROL_OR_BIDI, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]<>|~#&]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
    .replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space: string, mark: string) => (/\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/** Plan text as Markdown inline code: fenced by more backticks than it holds in a row, so that it cannot end the span early. */
export function mdCode(s: unknown): string {
  const text = String(s).replace(CONTROL_OR_BIDI, '').replace(/[\r\n\t]+/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A Markdown code block whose fence is longer than any run of backticks in the text. */
export function mdFence(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(CONTROL_OR_BIDI, '')}\n${fence}`;
}

/**
 * `table[key]` for a key that comes from a plan: only the table's own
 * entries, never what every object inherits (`constructor`, `toString`,
 * `__proto__`), which would otherwise be found for a plan value of that name.
 */
export function own<V>(table: Readonly<Record<string, V>>, key: string | undefined): V | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
