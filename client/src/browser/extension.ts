/**
 * The extension in VS Code for the Web (package.json `browser`, bundled as
 * dist/client-web.js): the same commands, preview and status bar as the Node
 * extension (../extension.ts), with the language server in a web worker
 * (./languageClient.ts) and files read through `vscode.workspace.fs`
 * (./engine.ts, ./files.ts). What differs on the web is in README.md, "On the web".
 */
import * as vscode from 'vscode';
import { exportPreview, newPlan, validateWorkspace } from '../commands';
import type { PlanEngines } from '../engine';
import type { QippExtensionApi } from '../extension';
import type { PlanServer } from '../languageClient';
import { isPlanDocument, isPlanFileName, watchPlanDocuments } from '../planFiles';
import { PreviewManager } from '../preview/manager';
import { PREVIEW_VIEW_TYPE } from '../preview/panel';
import { createStatusBar } from '../statusBar';
import { WebPlanEngines } from './engine';
import { WebPlanServer } from './languageClient';

export function activate(context: vscode.ExtensionContext): QippExtensionApi {
  const output = vscode.window.createOutputChannel('QIPP Plans', { log: true });
  const server = new WebPlanServer(context, output);
  running = server;
  const web = new WebPlanEngines(output);
  // The shared preview and commands take the Node engines' type; the web engines have the same surface (checked by `implements`).
  const engines = web as unknown as PlanEngines;
  const previews = new PreviewManager(context.extensionUri, engines, output);
  const workspaceProblems = vscode.languages.createDiagnosticCollection('qipp-workspace');

  const planFor = async (uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> => {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : previews.activePlan();
    if (doc && isPlanDocument(doc)) return doc;
    void vscode.window.showWarningMessage('Open a plan first: the preview is of a plan file (*.plan.yaml, or YAML that starts with a plan kind).');
    return undefined;
  };
  const startServer = (): void => {
    server.start().catch(() => {
      void vscode.window.showErrorMessage('The QIPP language server could not start; plans are not being checked. See the output for details.', 'Show Output').then((c) => {
        if (c) output.show();
      });
    });
  };

  context.subscriptions.push(
    output,
    server,
    web,
    previews,
    workspaceProblems,
    createStatusBar(server as unknown as PlanServer),
    watchPlanDocuments(output, (doc) => {
      workspaceProblems.delete(doc.uri);
      startServer();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isPlanDocument(e.document)) workspaceProblems.delete(e.document.uri);
    }),
    vscode.commands.registerCommand('qipp.openPreview', async (uri?: vscode.Uri) => {
      const doc = await planFor(uri);
      if (doc) previews.show(doc, false);
    }),
    vscode.commands.registerCommand('qipp.openPreviewToSide', async (uri?: vscode.Uri) => {
      const doc = await planFor(uri);
      if (doc) previews.show(doc, true);
    }),
    vscode.commands.registerCommand('qipp.exportPreview', async (uri?: vscode.Uri) => {
      // The export is drawn at once: read the plan's configuration and timeline first.
      const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : previews.activePlan();
      if (doc) await web.analyzeWhenRead(doc.uri, doc.getText());
      return exportPreview(previews, uri instanceof vscode.Uri ? uri : undefined);
    }),
    vscode.commands.registerCommand('qipp.newPlan', () => newPlan()),
    vscode.commands.registerCommand('qipp.validateWorkspace', async () => {
      // Validate Workspace analyses each plan at once: read every plan's configuration and timeline first.
      const files = vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**') : [];
      for (const uri of files.filter((u) => isPlanFileName(u.path))) {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        const text = open?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri).then(undefined, () => new Uint8Array()));
        await web.analyzeWhenRead(uri, text);
      }
      return validateWorkspace(engines, workspaceProblems);
    }),
    vscode.commands.registerCommand('qipp.restartServer', () => server.restart()),
    vscode.commands.registerCommand('qipp.showOutput', () => output.show()),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => void (await previews.restore(panel, state)),
    }),
  );

  return {
    server: {
      get state() {
        return server.state;
      },
      onDidChangeState: server.onDidChangeState,
      ready: () => server.start(),
      restart: () => server.restart(),
      get pid() {
        return server.serverPid;
      },
    },
    previews: {
      onDidRender: previews.onDidRender,
      html: (uri) => previews.get(uri)?.html,
      restore: async (panel, state) => (await previews.restore(panel, state)) !== undefined,
    },
  };
}

export function deactivate(): Promise<void> | undefined {
  return running?.stop();
}

let running: WebPlanServer | undefined;
