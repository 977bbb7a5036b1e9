/**
 * The preview's HTML and Validate Workspace, asked for by the extension
 * (protocol.ts, QippRequests): the engine runs only here, so the preview shows
 * exactly the findings the Problems panel shows.
 */
import { renderPlan } from '../../core';
import { QippRequests } from '../../protocol';
import type { ServerContext } from '../context';

export function register(ctx: ServerContext, validateWorkspace: () => Promise<QippRequests.ValidateWorkspaceResult>): void {
  ctx.connection.onRequest(QippRequests.renderPreview, (p: QippRequests.RenderPreviewParams) =>
    ctx.guard('Preview', null, async (): Promise<QippRequests.RenderPreviewResult | null> => {
      const open = await ctx.analyze(p.uri);
      const result = open ?? (typeof p.text === 'string' ? await ctx.analyzeText(p.uri, p.text) : undefined);
      if (!result) return null;
      const html = renderPlan(result.analysis, {
        mode: p.mode === 'export' ? 'export' : 'webview',
        nonce: p.nonce,
        cspSource: p.cspSource,
        scriptUri: p.scriptUri,
        styleUri: p.styleUri,
        fileName: p.fileName,
      });
      return { html, version: open ? open.version : null };
    }),
  );
  ctx.connection.onRequest(QippRequests.validateWorkspace, () =>
    ctx.guard('Validate Workspace', { plans: 0, errors: 0, warnings: 0, cancelled: true }, validateWorkspace),
  );
}
