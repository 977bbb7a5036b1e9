/**
 * Compare with Previous Version (issue 12): the client sends an earlier text
 * of an open plan (its version at git HEAD, or a file the person picked); the
 * server analyses both with the plan's configuration and answers with the
 * comparison's HTML body, each change that is about something in the new
 * version carrying the line it is on (`data-line`), so a click opens it.
 */
import { cannotCompare, DIFF_CSS, diffPlans, renderDiffSection, renderPage, type Analysis, type Change } from '../../core';
import { QippRequests } from '../../protocol';
import type { ServerContext } from '../context';

export function register(ctx: ServerContext): void {
  ctx.connection.onRequest(QippRequests.comparePlan, (p: QippRequests.ComparePlanParams) =>
    ctx.guard('Compare', { error: 'The comparison could not be made; the output has the details.' }, async (): Promise<QippRequests.ComparePlanResult> => {
      const now = (await ctx.analyze(p.uri)) ?? undefined;
      if (!now) return { error: 'Open a plan first: the comparison is of the plan in the active editor.' };
      const before = await ctx.analyzeText(`${p.uri}#previous`, p.oldText);
      const why = cannotCompare(before.analysis, now.analysis);
      if (why) return { error: why };
      const diff = diffPlans(before.analysis, now.analysis);
      const body = `<main class="plan diff">${renderDiffSection(diff, { oldLabel: p.oldLabel, newLabel: p.newLabel, lineOf: lineFinder(now.analysis) })}</main>`;
      const page = { mode: 'webview' as const, nonce: p.nonce, cspSource: p.cspSource, scriptUri: p.scriptUri, styleUri: p.styleUri };
      return { html: renderPage(`What changed: ${diff.new.title ?? 'plan'}`, body, page, DIFF_CSS) };
    }),
  );
}

/** The zero-based line in the new version that a change is about: its id's definition, or a finding's line. */
function lineFinder(a: Analysis): (c: Change) => number | undefined {
  const byId = new Map<string, number>();
  for (const d of a.plan?.ids ?? []) if (!byId.has(d.id.value)) byId.set(d.id.value, a.lines.positionAt(d.id.node.span[0]).line);
  return (c) => {
    if (c.type === 'finding-new') return c.line - 1;
    if (c.type.endsWith('-removed') || c.type === 'finding-fixed') return undefined;
    return 'id' in c && typeof c.id === 'string' ? byId.get(c.id) : undefined;
  };
}
