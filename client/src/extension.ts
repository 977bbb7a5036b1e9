/**
 * The extension's entry point: wiring only. The work is in languageClient.ts
 * (the server, which runs the engine and renders the preview), planFiles.ts
 * (which documents are plans), preview/ (the preview's panels), commands.ts
 * and statusBar.ts. The extension imports nothing of the server but
 * protocol.ts: no engine is loaded into the extension host.
 */
import * as vscode from 'vscode';
import { exportPreview, newPlan, validateWorkspace } from './commands';
import { PlanServer, type ServerState } from './languageClient';
import { isPlanDocument, watchPlanDocuments } from './planFiles';
import { PreviewManager } from './preview/manager';
import { PREVIEW_VIEW_TYPE, type Rendered } from './preview/panel';
import { createStatusBar } from './statusBar';

/** What activate() returns: for the end-to-end tests, which wait on these events rather than sleep. */
export interface QippExtensionApi {
  server: {
    readonly state: ServerState;
    readonly onDidChangeState: vscode.Event<ServerState>;
    /** Resolves when the server is running (starting it if need be). */
    ready(): Promise<void>;
    restart(): Promise<void>;
    readonly pid: number | undefined;
  };
  previews: {
    readonly onDidRender: vscode.Event<Rendered>;
    /** The HTML the preview of this document shows now, if it is open. */
    html(uri: vscode.Uri): string | undefined;
    /** What VS Code calls to restore a preview after a reload (tests call it with a panel of their own). */
    restore(panel: vscode.WebviewPanel, state: unknown): Promise<boolean>;
  };
}

export function activate(context: vscode.ExtensionContext): QippExtensionApi {
  const output = vscode.window.createOutputChannel('QIPP Plans', { log: true });
  const server = new PlanServer(context, output);
  running = server;
  const previews = new PreviewManager(context.extensionUri, server, output);

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
    previews,
    createStatusBar(server),
    watchPlanDocuments(output, () => startServer()),
    vscode.commands.registerCommand('qipp.openPreview', async (uri?: vscode.Uri) => {
      const doc = await planFor(uri);
      if (doc) previews.show(doc, false);
    }),
    vscode.commands.registerCommand('qipp.openPreviewToSide', async (uri?: vscode.Uri) => {
      const doc = await planFor(uri);
      if (doc) previews.show(doc, true);
    }),
    vscode.commands.registerCommand('qipp.exportPreview', (uri?: vscode.Uri) => exportPreview(previews, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('qipp.newPlan', () => newPlan()),
    vscode.commands.registerCommand('qipp.validateWorkspace', () => validateWorkspace(server)),
    vscode.commands.registerCommand('qipp.restartServer', () => server.restart()),
    vscode.commands.registerCommand('qipp.showOutput', () => output.show()),
    // After a reload, VS Code brings back the previews that were open, as the Markdown preview does.
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

/** VS Code waits for this, so the server gets its shutdown request before the extension host exits. */
export function deactivate(): Promise<void> | undefined {
  return running?.stop();
}

let running: PlanServer | undefined;
