/**
 * The extension's commands other than opening the preview: New Plan…,
 * Export Preview as HTML and Validate Workspace.
 */
import * as vscode from 'vscode';
import { sniffKind, type Finding, type PlanKind } from '../../server/src/core/index';
import { starterPlan, STARTER_KINDS } from '../../server/src/core/templates';
import { DIAGNOSTIC_SOURCE, PLAN_LANGUAGE_ID } from '../../server/src/protocol';
import type { PlanEngines } from './engine';
import { isPlanDocument, isPlanFileName } from './planFiles';
import type { PreviewManager } from './preview/manager';

const KIND_PICKS: Record<PlanKind, { label: string; detail: string }> = {
  'qipp-reform-plan': { label: 'QIPP and Reform plan', detail: 'A regional (SHA) plan split between commissioner and provider requirements, with timelines (2010).' },
  'qipp-plan': { label: 'QIPP plan', detail: "A board's response to the QIPP challenge: actions, leadership, engagement and policy asks (2009)." },
  'provider-plan': { label: 'Provider plan', detail: "A provider's plan for the provider task to 2020: quality, access, finance, transformation, workforce, technology (2016)." },
  'improvement-plan': { label: 'Improvement plan', detail: 'A local improvement plan on the five-step model (2004).' },
};

/** New Plan…: pick a kind, get an untitled plan from its starter template. */
export async function newPlan(): Promise<vscode.TextEditor | undefined> {
  const pick = await vscode.window.showQuickPick(
    STARTER_KINDS.map((planKind) => ({ ...KIND_PICKS[planKind], description: planKind, planKind })),
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
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(previews.exportHtml(doc)));
  void vscode.window.showInformationMessage(`Exported the preview to ${target.path.split('/').pop()}.`, 'Open in Browser').then((choice) => {
    if (choice) void vscode.env.openExternal(target);
  });
  return target;
}

/** The findings of a file as VS Code diagnostics (for plans that are not open; the server covers open ones). */
export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
  const severity = f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(range, f.message, severity);
  d.code = f.rule;
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

export interface ValidationSummary {
  plans: number;
  errors: number;
  warnings: number;
  cancelled: boolean;
}

/**
 * Validate Workspace: checks every plan in the workspace folders with a
 * progress notification and puts what it finds in the Problems panel. Plans
 * open in an editor are left to the language server, which already checks them.
 */
export async function validateWorkspace(engines: PlanEngines, collection: vscode.DiagnosticCollection): Promise<ValidationSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open a folder first: Validate Workspace checks the plans in the open folders.');
    return undefined;
  }
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Validating plans', cancellable: true },
    async (progress, token): Promise<ValidationSummary> => {
      const result: ValidationSummary = { plans: 0, errors: 0, warnings: 0, cancelled: false };
      progress.report({ message: 'finding plan files…' });
      const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', undefined, token);
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      collection.clear();
      for (const uri of files) {
        if (token.isCancellationRequested) {
          result.cancelled = true;
          break;
        }
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
        let text: string;
        try {
          text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          continue; // a file that vanished or cannot be read is not a plan to report on
        }
        if (!isPlanFileName(uri.path) && sniffKind(text) === undefined) continue;
        result.plans++;
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && isPlanDocument(d));
        const findings = engines.analyze(uri, open ? open.getText() : text).findings;
        result.errors += findings.filter((f) => f.severity === 'error').length;
        result.warnings += findings.filter((f) => f.severity === 'warning').length;
        if (!open) collection.set(uri, findings.map(toDiagnostic));
      }
      return result;
    },
  );
  const what = `${summary.plans} ${summary.plans === 1 ? 'plan' : 'plans'}: ${summary.errors} ${summary.errors === 1 ? 'error' : 'errors'}, ${summary.warnings} ${summary.warnings === 1 ? 'warning' : 'warnings'}`;
  const message = summary.cancelled ? `Validation stopped after ${what}.` : summary.plans === 0 ? 'No plans found in the workspace.' : `Checked ${what}.`;
  void vscode.window.showInformationMessage(message, ...(summary.errors + summary.warnings > 0 ? ['Show Problems'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return summary;
}
