/** Hover: what a key means, what an id refers to, a national milestone, and the rule behind a diagnostic. */
import { hover } from '../../core';
import type { ServerContext } from '../context';
import { offsetAt, toHover } from '../convert';

export function register(ctx: ServerContext): void {
  ctx.connection.onHover((p) =>
    ctx.guard('Hover', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      if (!r) return null;
      const h = hover(r.analysis, offsetAt(r.analysis, p.position), { extraSchemas: r.config.engineConfig.extraSchemas });
      return h ? toHover(r.analysis, h, ctx.client) : null;
    }),
  );
}
