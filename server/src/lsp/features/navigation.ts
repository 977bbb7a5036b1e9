/** Go to definition, find references and rename for the ids of a plan. */
import { ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import { definitionAt, prepareRename, referencesAt, renameAt } from '../../core';
import type { ServerContext } from '../context';
import { offsetAt, toRange, toWorkspaceEdit } from '../convert';

export function register(ctx: ServerContext): void {
  const { connection } = ctx;

  connection.onDefinition((p) =>
    ctx.guard('Go to definition', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      if (!r) return null;
      const span = definitionAt(r.analysis, offsetAt(r.analysis, p.position));
      return span ? { uri: p.textDocument.uri, range: toRange(r.analysis, span) } : null;
    }),
  );

  connection.onReferences((p) =>
    ctx.guard('Find references', null, async () => {
      const r = await ctx.analyze(p.textDocument.uri);
      if (!r) return null;
      return referencesAt(r.analysis, offsetAt(r.analysis, p.position), p.context.includeDeclaration).map((span) => ({ uri: p.textDocument.uri, range: toRange(r.analysis, span) }));
    }),
  );

  connection.onPrepareRename(async (p) => {
    const r = await ctx.analyze(p.textDocument.uri);
    if (!r) return null;
    const check = prepareRename(r.analysis, offsetAt(r.analysis, p.position));
    if (!check.ok) throw new ResponseError(ErrorCodes.InvalidRequest, check.message);
    return { range: toRange(r.analysis, check.span), placeholder: check.placeholder };
  });

  connection.onRenameRequest(async (p) => {
    const r = await ctx.analyze(p.textDocument.uri);
    if (!r) return null;
    const result = renameAt(r.analysis, offsetAt(r.analysis, p.position), p.newName);
    if (!result.ok) throw new ResponseError(ErrorCodes.InvalidRequest, result.message);
    return toWorkspaceEdit(r.analysis, p.textDocument.uri, r.version, result.edits, ctx.client);
  });
}
