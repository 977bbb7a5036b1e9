/**
 * The overview's links: each plan and problem links to `<plan URI>#L<line>`
 * (one-based). A click opens that plan at that line in the first editor
 * column (beside the overview when the overview is there, so it stays in
 * sight), and nothing else: a link that is not to a plan file in one of the
 * workspace folders is ignored.
 */
import * as vscode from 'vscode';
import { isPlanFile } from '../../../server/src/protocol';
import { isPlanDocument } from '../planFiles';

/** Where a link points: a YAML file in a workspace folder, and a zero-based line. */
export function planLinkTarget(href: unknown): { uri: vscode.Uri; line: number } | undefined {
  if (typeof href !== 'string' || href.length > 4096) return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return undefined;
  }
  if (!/\.ya?ml$/i.test(uri.path) || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  const m = /^L(\d{1,9})$/.exec(uri.fragment);
  const line = m ? Math.max(0, Number(m[1]) - 1) : 0;
  return { uri: uri.with({ fragment: '', query: '' }), line };
}

/** Opens a plan link at its line in the first editor column (or the second, when `from` is in the first); false when the link is not to a plan. */
export async function openPlanLink(href: unknown, output: vscode.OutputChannel, from?: vscode.ViewColumn): Promise<boolean> {
  const target = planLinkTarget(href);
  if (!target) return false;
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(target.uri);
  } catch (e) {
    output.appendLine(`The overview could not open ${target.uri.toString()}: ${(e as Error)?.message ?? String(e)}`);
    void vscode.window.showWarningMessage(`The plan ${target.uri.path.split('/').pop()} could not be opened; it may have been moved or deleted.`);
    return false;
  }
  if (!isPlanDocument(doc) && !isPlanFile(doc.uri.path, doc.getText())) return false;
  const line = Math.min(target.line, Math.max(0, doc.lineCount - 1));
  const viewColumn = from === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn, preserveFocus: false, preview: false });
  const pos = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}
