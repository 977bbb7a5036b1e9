/** Quick fixes, found by the rule id of each diagnostic in the request (core/fixes). */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver/node';
import { fixesFor } from '../../core';
import type { ServerContext } from '../context';
import { findingOf, toCodeAction } from '../convert';

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeAction((p) =>
    ctx.guard('Quick fixes', null, async () => {
      if (p.context.only && !p.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return null;
      const r = await ctx.analyze(p.textDocument.uri);
      if (!r) return null;
      const actions: CodeAction[] = [];
      for (const d of p.context.diagnostics) {
        const finding = findingOf(r.analysis, d);
        if (!finding) continue; // from another version or another tool
        for (const fix of fixesFor(r.analysis, finding, { extraSchemas: r.config.engineConfig.extraSchemas })) {
          actions.push(toCodeAction(r.analysis, p.textDocument.uri, r.version, fix, d, ctx.client));
        }
      }
      return actions;
    }),
  );
}
