/**
 * QIPP: Compare with Previous Version (issue 12). The earlier version is the
 * plan's file at git HEAD, through VS Code's git extension; without git (or
 * for a file git does not know) the person picks a file. The language server
 * compares the two by meaning and sends the page; a click on a change opens
 * its line in the plan.
 */
import * as vscode from 'vscode';
import { newNonce } from './nonce';
import { QippRequests } from '../../server/src/protocol';
import type { QippServer } from './serverHost';

export const COMPARE_VIEW_TYPE = 'qipp.compare';

/** What VS Code's git extension gives (the few calls used here). */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

/** The plan's text at git HEAD, or undefined when git cannot give it. */
async function atHead(uri: vscode.Uri, output: vscode.OutputChannel): Promise<string | undefined> {
  try {
    const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!ext || uri.scheme !== 'file') return undefined;
    const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
    const repo = api.getRepository(uri);
    return repo ? await repo.show('HEAD', uri.fsPath) : undefined;
  } catch (e) {
    output.appendLine(`The version at HEAD of ${uri.toString()} could not be read: ${(e as Error)?.message ?? String(e)}`);
    return undefined;
  }
}

/** The earlier version to compare with: `previous` when given, else git HEAD, else a file the person picks. */
async function previousVersion(doc: vscode.TextDocument, previous: vscode.Uri | undefined, output: vscode.OutputChannel): Promise<{ text: string; label: string } | undefined> {
  if (!previous) {
    const head = await atHead(doc.uri, output);
    if (head !== undefined) return { text: head, label: 'HEAD' };
    const picked = await vscode.window.showOpenDialog({ title: 'Compare the plan with which earlier version?', canSelectMany: false, filters: { 'Plan files': ['yaml', 'yml'] } });
    previous = picked?.[0];
    if (!previous) return undefined;
  }
  const bytes = await vscode.workspace.fs.readFile(previous);
  return { text: new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''), label: previous.path.split('/').pop() ?? previous.path };
}

/** Opens the comparison of a plan with its earlier version beside it; resolves with the page shown, for tests. */
export async function compareWithPrevious(server: QippServer, extensionUri: vscode.Uri, output: vscode.OutputChannel, doc: vscode.TextDocument, previous?: vscode.Uri): Promise<string | undefined> {
  const old = await previousVersion(doc, previous, output);
  if (!old) return undefined;
  const media = vscode.Uri.joinPath(extensionUri, 'client', 'media');
  const name = doc.uri.path.split('/').pop() ?? 'plan';
  const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Changes in ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] });
  const webview = panel.webview;
  const params: QippRequests.ComparePlanParams = {
    uri: doc.uri.toString(),
    oldText: old.text,
    oldLabel: old.label,
    newLabel: doc.isDirty ? `${name} (unsaved)` : name,
    nonce: newNonce(),
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'compare.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
  };
  const result = await server.request<QippRequests.ComparePlanResult>(QippRequests.comparePlan, params);
  if ('error' in result) {
    panel.dispose();
    void vscode.window.showWarningMessage(result.error);
    return undefined;
  }
  webview.html = result.html;
  webview.onDidReceiveMessage(async (m: { type?: string; line?: unknown }) => {
    if (m?.type !== 'reveal' || !Number.isInteger(m.line)) return;
    const line = Math.min(m.line as number, doc.lineCount - 1);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    const pos = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
  return result.html;
}

