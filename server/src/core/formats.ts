/** Dates and financial years as the plan format writes them (spec section 1). */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FY = /^(\d{4})\/(\d{2})$/;
const PERIOD = /^(\d{4}\/\d{2})-(\d{4}\/\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
}

/** The first calendar year of a financial year `YYYY/YY` with consecutive years, else undefined. */
export function fyStart(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = FY.exec(s);
  if (!m) return undefined;
  const first = Number(m[1]);
  return (first + 1) % 100 === Number(m[2]) ? first : undefined;
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
