/**
 * Small, pure helpers of the preview renderer: escaping, plain-English
 * formatting of dates, money and enum values. Everything that puts plan text
 * into HTML goes through `esc` (text and attributes alike) or `planText`.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML text and for double- or single-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** `attr="value"`, escaped; nothing when the value is undefined. */
export function attr(name: string, value: unknown): string {
  return value === undefined || value === null ? '' : ` ${name}="${esc(value)}"`;
}

const HTTPS_URL = /https:\/\/[^\s<>"'`]+/g;

/**
 * Plan text as HTML: escaped, with `https:` addresses made into links. Nothing
 * else becomes a link (no `http:`, `javascript:`, `data:` or relative paths).
 */
export function planText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(HTTPS_URL)) {
    let url = m[0];
    // A sentence's closing punctuation is not part of the address.
    while (/[.,;:!?)\]]$/.test(url)) url = url.slice(0, -1);
    const start = m.index ?? 0;
    if (!isHttps(url)) continue;
    out += esc(text.slice(last, start)) + `<a href="${esc(url)}" rel="noopener noreferrer">${esc(url)}</a>`;
    last = start + url.length;
  }
  return out + esc(text.slice(last));
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A finding's message: escaped, with `backticked` names shown as code. */
export function messageHtml(message: string): string {
  return message
    .split(/(`[^`\n]*`)/)
    .map((part) => (part.length > 1 && part.startsWith('`') && part.endsWith('`') ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join('');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2010-10-29` -> `29 October 2010`; anything else as written. */
export function longDate(iso: string): string {
  const m = ISO.exec(iso);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** `2010-10-29` -> `29 Oct 2010`, for chart labels. */
export function shortDate(iso: string): string {
  const m = ISO.exec(iso);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1].slice(0, 3)} ${m[1]}`;
}

/** Days since 1970-01-01 of an ISO date (UTC, so no time zone moves it). */
export function dayNumber(iso: string): number {
  const m = ISO.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : NaN;
}

/** A number with thousands separators and at most two decimals: 2400, 1.5, 0.25. */
export function num(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  const [whole, frac] = Math.abs(rounded).toFixed(2).replace(/0+$/, '').replace(/\.$/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '−' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Millions of pounds: `£1.5m`, `−£4.5m`. */
export function money(n: number): string {
  const s = num(n);
  return s.startsWith('−') ? `−£${s.slice(1)}m` : `£${s}m`;
}

/** `first_line_of_key` -> `First line of key`. */
export function humanise(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A label from a table, or the value humanised. */
export function label(table: Record<string, string>, value: string | undefined): string {
  if (value === undefined) return '';
  return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : humanise(value);
}

/** `n thing`/`n things`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Shortens text for a chart label, keeping whole characters (surrogate pairs stay together). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Class-name safe form of an enum value (values come from the plan, so they are filtered). */
export function token(value: string | undefined): string {
  return (value ?? 'none').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40) || 'none';
}
