/**
 * What every part of the preview shares: the options of one rendering and the
 * render context (the analysis, the plan, and the findings not yet shown, so
 * that each finding is shown once, on the innermost item that contains it).
 */
import { FindingsBySpan } from './claims';
import type { Analysis } from '../check';
import { pairOf, type PNode } from '../syntax';
import type { Plan } from '../model';
import type { ChartContext } from './charts';
import { esc } from './html';
import { SEVERITY_LABELS, SEVERITY_RANK } from './labels';
import type { Finding, Severity, Span } from '../types';

export interface RenderOptions {
  /**
   * `export`: self-contained, no script (CSP `default-src 'none'; style-src
   * 'unsafe-inline'; img-src data:`). `webview`: for VS Code, with the nonce'd
   * script and the theme stylesheet given below.
   */
  mode: 'export' | 'webview';
  /** Webview: the nonce of this rendering (script and inline style). */
  nonce?: string;
  /** Webview: `webview.cspSource`. */
  cspSource?: string;
  /** Webview: URI of media/preview.js. */
  scriptUri?: string;
  /** Webview: URI of media/preview.css (the theme mapping). */
  styleUri?: string;
  /** The file's name, shown when the plan has no title. */
  fileName?: string;
}

/** The renderer's state for one document: the analysis and the findings not yet shown. */
export interface Ctx extends ChartContext {
  a: Analysis;
  plan: Plan;
  /** Takes (once) the findings whose start lies inside the span. */
  claim(span: Span): Finding[];
  /** The findings not shown on any item, in order. */
  rest(): Finding[];
}

export function makeCtx(a: Analysis, plan: Plan): Ctx {
  // Indexed once per page (claims.ts): every item scanning every finding made a large plan quadratic.
  const findings = new FindingsBySpan(a.findings);
  return {
    a,
    plan,
    line: (span) => a.lines.positionAt(span[0]).line,
    claim: (span) => findings.claim(span),
    rest: () => findings.rest(),
    worst(span) {
      let best: Severity | undefined;
      for (const f of findings.within(span)) if (!best || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
      return best;
    },
    messages: (span) => findings.within(span).map((f) => `${SEVERITY_LABELS[f.severity]}: ${f.message.replace(/`/g, '')}`),
  };
}

/** One section of the preview, with its heading. */
export function section(cls: string, heading: string, line: number, inner: string): string {
  return `<section class="${cls}" data-line="${line}"><h2>${esc(heading)}</h2>${inner}</section>`;
}

/** The source line of a top-level key, or of the plan when it is absent. */
export function pairLine(c: Ctx, key: string): number {
  const p = pairOf(c.plan.root, key);
  return c.line(p ? p.span : c.plan.root.span);
}

/** A scalar's value as written, if it has one. */
export function rawString(n: PNode | undefined): string | undefined {
  return n && n.type === 'scalar' && n.value !== null ? String(n.value) : undefined;
}
