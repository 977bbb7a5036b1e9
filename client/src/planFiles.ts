/**
 * Which documents are plans. `*.plan.yaml` and `*.plan.yml` get the
 * `qipp-plan` language from package.json; any other YAML file whose top-level
 * `kind:` names a plan kind is switched to it here, when it opens (the same
 * isPlanFile the CLI and the server use). Red Hat's YAML extension serves only
 * the `yaml` language, so a plan never gets its schema errors twice.
 */
import * as vscode from 'vscode';
import { isPlanFile, PLAN_LANGUAGE_ID } from '../../server/src/protocol';

export const PLAN_GLOB = '**/*.{plan.yaml,plan.yml}';

export function isPlanDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === PLAN_LANGUAGE_ID;
}

/** Switches a YAML document to the plan language when its name or text says it is a plan. */
export async function adoptIfPlan(doc: vscode.TextDocument, output: vscode.OutputChannel): Promise<vscode.TextDocument> {
  if (doc.languageId !== 'yaml' || doc.uri.scheme === 'git') return doc;
  // An untitled YAML buffer is judged by its text, as a .yaml file would be.
  const name = /\.ya?ml$/i.test(doc.uri.path) ? doc.uri.path : `${doc.uri.path}.yaml`;
  if (!isPlanFile(name, doc.getText())) return doc;
  try {
    return await vscode.languages.setTextDocumentLanguage(doc, PLAN_LANGUAGE_ID);
  } catch (e) {
    output.appendLine(`Could not treat ${doc.uri.fsPath} as a plan: ${String(e)}`);
    return doc;
  }
}

/** Watches documents as they open and adopts the YAML ones that are plans. */
export function watchPlanDocuments(output: vscode.OutputChannel, onPlan: (doc: vscode.TextDocument) => void): vscode.Disposable {
  const check = (doc: vscode.TextDocument): void => {
    if (isPlanDocument(doc)) {
      onPlan(doc);
      return;
    }
    // Changing the language closes and reopens the document, which then comes back here as a plan.
    void adoptIfPlan(doc, output);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
