/** Completion: keys, values, ids, national milestones, financial years and snippets, from core/complete. */
import { complete } from '../../core';
import type { ServerContext } from '../context';
import { offsetAt, toCompletionItem } from '../convert';

export function register(ctx: ServerContext): void {
  ctx.connection.onCompletion((p) =>
    ctx.guard('Completion', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      if (!r) return null;
      const a = r.analysis;
      const entries = complete(a, offsetAt(a, p.position), { extraSchemas: r.config.engineConfig.extraSchemas, lastGood: ctx.lastGood(p.textDocument.uri) });
      return { isIncomplete: false, items: entries.map((e) => toCompletionItem(a, e, ctx.client)) };
    }),
  );
}
