/**
 * The extension's commands other than opening the preview: New Plan…,
 * Export Preview as HTML and Validate Workspace.
 */
import * as vscode from 'vscode';
import { KINDS, QippRequests, starterPlan, STARTER_KINDS, PLAN_LANGUAGE_ID } from '../../server/src/protocol';
import type { QippServer } from './serverHost';
import type { PreviewManager } from './preview/manager';

/** New Plan…: pick a kind, get an untitled plan from its starter template. */
export async function newPlan(): Promise<vscode.TextEditor | undefined> {
  const pick = await vscode.window.showQuickPick(
    STARTER_KINDS.map((planKind) => ({ label: KINDS[planKind].title, detail: KINDS[planKind].detail, description: planKind, planKind })),
    { title: 'New plan', placeHolder: 'Which kind of plan?', matchOnDetail: true },
  );
  if (!pick) return undefined;
  const doc = await vscode.workspace.openTextDocument({ language: PLAN_LANGUAGE_ID, content: starterPlan(pick.planKind) });
  return vscode.window.showTextDocument(doc);
}

/** Export Preview as HTML: the self-contained page, saved where the person chooses. */
export async function exportPreview(previews: PreviewManager, uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : previews.activePlan();
  if (!doc) {
    void vscode.window.showWarningMessage('Open a plan first: the export is of the plan in the active editor or preview.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = doc.isUntitled
    ? folder && vscode.Uri.joinPath(folder, 'plan.html')
    : doc.uri.with({ path: doc.uri.path.replace(/(\.plan)?\.ya?ml$/i, '') + '.html' });
  const target = await vscode.window.showSaveDialog({ defaultUri, filters: { 'HTML page': ['html'] }, saveLabel: 'Export', title: 'Export the plan preview as HTML' });
  if (!target) return undefined;
  let html: string;
  try {
    html = await previews.exportHtml(doc);
  } catch (e) {
    void vscode.window.showErrorMessage(`The preview could not be exported: ${(e as Error)?.message ?? String(e)}`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(html));
  void vscode.window.showInformationMessage(`Exported the preview to ${target.path.split('/').pop()}.`, 'Open in Browser').then((choice) => {
    if (choice) void vscode.env.openExternal(target);
  });
  return target;
}

/**
 * Validate Workspace: the language server checks every plan in the workspace
 * folders (its workspace pass, with progress) and publishes what it finds to
 * the Problems panel; this says how it went.
 *
 * The summary is shown while the "Validating plans" notification is still up:
 * VS Code closes an open notification centre as soon as nothing is left in it,
 * so a summary shown after the progress ended would arrive in a centre that
 * had just closed itself (and, where toasts are not shown, never be seen).
 */
export async function validateWorkspace(server: QippServer): Promise<QippRequests.ValidateWorkspaceResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open a folder first: Validate Workspace checks the plans in the open folders.');
    return undefined;
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Validating plans' }, async () => {
    const summary = await server.request<QippRequests.ValidateWorkspaceResult>(QippRequests.validateWorkspace);
    tellSummary(summary);
    return summary;
  });
}

/** How Validate Workspace went, with a way to the Problems panel when there is something in it. */
function tellSummary(summary: QippRequests.ValidateWorkspaceResult): void {
  const what = `${summary.plans} ${summary.plans === 1 ? 'plan' : 'plans'}: ${summary.errors} ${summary.errors === 1 ? 'error' : 'errors'}, ${summary.warnings} ${summary.warnings === 1 ? 'warning' : 'warnings'}`;
  const message = summary.cancelled ? `Validation stopped after ${what}.` : summary.plans === 0 ? 'No plans found in the workspace.' : `Checked ${what}.`;
  void vscode.window.showInformationMessage(message, ...(summary.errors + summary.warnings > 0 ? ['Show Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}
