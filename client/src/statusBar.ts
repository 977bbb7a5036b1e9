/**
 * The status bar item: the active plan's diagnostics (from the language
 * server, as the Problems panel has them) and the server's state.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol';
import type { QippServer, ServerState } from './serverHost';
import { isPlanDocument } from './planFiles';

const STATE_TEXT: Record<ServerState, string> = {
  'not-started': 'not started',
  starting: 'starting',
  running: 'running',
  stopped: 'stopped',
  failed: 'could not start',
};

export function diagnosticCounts(uri: vscode.Uri): { errors: number; warnings: number; infos: number } {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function createStatusBar(server: QippServer): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('qipp.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'QIPP plan';
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isPlanDocument(doc)) {
      item.hide();
      return;
    }
    const state = server.state;
    const md = new vscode.MarkdownString(undefined, true);
    if (state === 'failed' || state === 'stopped') {
      item.text = '$(debug-disconnect) Plan checks stopped';
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = 'qipp.showOutput';
      md.appendMarkdown(`The QIPP language server ${STATE_TEXT[state]}. Click to see its output.`);
    } else if (state === 'starting' || state === 'not-started') {
      item.text = '$(sync~spin) Checking plan';
      item.backgroundColor = undefined;
      item.command = 'qipp.showOutput';
      md.appendMarkdown(`The QIPP language server is ${STATE_TEXT[state]}.`);
    } else {
      const c = diagnosticCounts(doc.uri);
      item.text = c.errors + c.warnings + c.infos === 0 ? '$(pass) Plan: no problems' : `$(error) ${c.errors} $(warning) ${c.warnings}${c.infos ? ` $(info) ${c.infos}` : ''}`;
      item.backgroundColor = undefined;
      item.command = 'workbench.actions.view.problems';
      md.appendMarkdown(`This plan has ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')} and ${c.infos} information. Language server: ${STATE_TEXT[state]}. Click to show the Problems panel.`);
    }
    item.tooltip = md;
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    server.onDidChangeState(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) update();
    }),
  );
}
