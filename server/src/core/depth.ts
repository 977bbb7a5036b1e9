/**
 * How deeply a YAML text nests, found by a linear scan before any parser sees
 * it. The yaml library recurses once per level: a few hundred levels of `[`
 * or of indentation reach the stack limit, and on Node 20 a regular
 * expression compiled that deep aborts the whole process (the language
 * server with it). No plan, configuration or timeline needs more than a few
 * levels, so a text deeper than MAX_NESTING is refused with a plain message
 * instead of being parsed. PURE; never throws.
 */

/** Deeper than any real plan by far, and far from the parser's stack limit. */
export const MAX_NESTING = 200;

/**
 * The offset at which the text first nests deeper than `limit` levels, or
 * undefined. Levels are flow brackets (`[`, `{`) outside quotes and comments,
 * plus block levels: each deeper indentation of a line, and each compact
 * entry (`- ` or `? `) that opens a line's content.
 */
export function tooDeepAt(text: string, limit = MAX_NESTING): number | undefined {
  let flow = 0;
  /** Indentations of the open block levels. */
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A line: its indentation closes deeper block levels and may open one.
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      i++;
      indent++;
    }
    const c = text[i];
    const blank = i >= n || c === '\n' || c === '\r' || c === '#';
    if (!blank && flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      // Compact entries on one line: `- - - x` or `? - x` nest once each.
      let extra = 0;
      while (i + 1 < n && (text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i += 2;
        extra++;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      }
      if (indents.length + extra > limit) return i;
    }
    // The rest of the line: flow brackets outside quotes and comments.
    let quote = '';
    /** The last character before this one that is not blank; a quote opens a scalar only at the start or after one of `:-?[{,`. */
    let prev = '';
    for (; i < n; i++) {
      const ch = text[i];
      if (ch === '\n' || ch === '\r') break;
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === '\\' && quote === '"' && i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
        continue;
      }
      if ((ch === '"' || ch === "'") && (prev === '' || ':-?[{,'.includes(prev))) quote = ch;
      else if (ch === '#' && (prev === '' || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        while (i + 1 < n && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      } else if (ch === '[' || ch === '{') {
        flow++;
        if (flow + indents.length > limit) return i;
      } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
      if (ch !== ' ' && ch !== '\t') prev = ch;
    }
    // Past the line break (\n, \r\n or a lone \r).
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else i++;
  }
  return undefined;
}

/** The message for a text refused as too deep. */
export function tooDeepMessage(what: string): string {
  return `${what} is nested more than ${MAX_NESTING} levels deep (lists and mappings inside one another), far more than a plan needs, so it was not read. Is a closing bracket missing, or was something pasted by mistake?`;
}
