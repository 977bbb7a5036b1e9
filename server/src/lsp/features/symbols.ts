/** The outline, folding ranges and selection ranges. */
import { documentSymbols, foldingRanges, selectionSpans } from '../../core';
import type { ServerContext } from '../context';
import { offsetAt, toDocumentSymbol, toFoldingRange, toSelectionRange } from '../convert';

export function register(ctx: ServerContext): void {
  const { connection } = ctx;

  connection.onDocumentSymbol((p) =>
    ctx.guard('Document symbols', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      return r ? documentSymbols(r.analysis).map((s) => toDocumentSymbol(r.analysis, s)) : null;
    }),
  );

  connection.onFoldingRanges((p) =>
    ctx.guard('Folding ranges', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      return r ? foldingRanges(r.analysis).map(toFoldingRange) : null;
    }),
  );

  connection.onSelectionRanges((p) =>
    ctx.guard('Selection ranges', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      return r ? p.positions.map((pos) => toSelectionRange(r.analysis, selectionSpans(r.analysis, offsetAt(r.analysis, pos)))) : null;
    }),
  );
}
