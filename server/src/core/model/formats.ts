/** Dates and financial years as the plan format writes them (spec section 1). */

const PERIOD = /^(\d{4}\/\d{2})-(\d{4}\/\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(s: unknown): s is string {
  // YYYY-MM-DD, read by character codes rather than a regular expression: every due date passes through here.
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS[mo - 1]);
}
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits from `from` to `to`, or -1 when any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function fyStart(s: unknown): number | undefined {
  // YYYY/YY
  if (typeof s !== 'string' || s.length !== 7 || s.charCodeAt(4) !== 47) return undefined;
  const first = digits(s, 0, 4);
  const second = digits(s, 5, 7);
  if (first < 0 || second < 0) return undefined;
  return (first + 1) % 100 === second ? first : undefined;
}

export function isFinancialYear(s: unknown): boolean {
  return fyStart(s) !== undefined;
}

/** A period `YYYY/YY-YYYY/YY`: first and last financial years (by first calendar year), in order. */
export function parsePeriod(s: unknown): { first: number; last: number } | undefined {
  if (typeof s !== 'string') return undefined;
  const m = PERIOD.exec(s);
  if (!m) return undefined;
  const first = fyStart(m[1]);
  const last = fyStart(m[2]);
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

export function isPeriod(s: unknown): boolean {
  return parsePeriod(s) !== undefined;
}

/** `2010` -> `2010/11`. */
export function fyName(start: number): string {
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** First and last days (ISO) of a period of financial years, April to March. */
export function periodDates(p: { first: number; last: number }): { from: string; to: string } {
  return { from: `${p.first}-04-01`, to: `${p.last + 1}-03-31` };
}
