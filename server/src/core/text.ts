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

/** The candidate nearest to a word, if it is near enough to be a likely slip. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
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
