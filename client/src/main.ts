/**
 * The extension proper: wiring only, the same on Node and on the web. On Node
 * it is loaded by extension.ts on the first plan or command (nodeMain.ts, with
 * the language server in a Node process); on the web browser/extension.ts
 * starts it at once with the server in a web worker. The work is in the
 * server handle it is given (languageClient.ts QippServer: the server runs
 * the engine and renders the preview), planFiles.ts (which documents are
 * plans), preview/ (the preview's panels), commands.ts and statusBar.ts.
 * Nothing of the server is imported but protocol.ts: no engine in the extension host.
 */
import * as vscode from 'vscode';
import { exportPreview, newPlan, validateWorkspace } from './commands';
import { compareWithPrevious } from './compare';
import type { CommandId } from './commandIds';
import type { QippServer, ServerState } from './serverHost';
import { exportOverview, OverviewManager, type OverviewRendered } from './overview/panel';
import { isPlanDocument } from './planFiles';
import { PreviewManager } from './preview/manager';
import type { Rendered } from './preview/panel';
import { createStatusBar } from './statusBar';

export interface QippExtension {
  server: QippServer;
  previews: PreviewManager;
  overview: OverviewManager;
  commands: Record<CommandId, (...args: unknown[]) => unknown>;
  /** A plan document is open: check it (start the server). */
  onPlan(doc: vscode.TextDocument): void;
  restore(panel: vscode.WebviewPanel, state: unknown): Promise<boolean>;
  /** Takes over the overview panel VS Code restored after a reload. */
  restoreOverview(panel: vscode.WebviewPanel): void;
}

/** The events extension.ts handed out before this part was loaded, to be fired from here on. */
export interface Relays {
  stateChanged: vscode.EventEmitter<ServerState>;
  rendered: vscode.EventEmitter<Rendered>;
  overviewRendered: vscode.EventEmitter<OverviewRendered>;
}

/** Wires the extension around a language server handle (the caller's: Node process or web worker). */
export function start(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, relays: Relays, server: QippServer): QippExtension {
  const previews = new PreviewManager(context.extensionUri, server, output);
  const overview = new OverviewManager({ server, extensionUri: context.extensionUri, output, onRendered: (r) => relays.overviewRendered.fire(r) });

  const planFor = async (uri?: unknown): Promise<vscode.TextDocument | undefined> => {
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
    server,
    previews,
    overview,
    createStatusBar(server),
    server.onDidChangeState((s) => relays.stateChanged.fire(s)),
    previews.onDidRender((r) => relays.rendered.fire(r)),
  );

  return {
    server,
    previews,
    overview,
    onPlan: () => startServer(),
    restoreOverview: (panel) => void overview.restore(panel),
    restore: async (panel, state) => (await previews.restore(panel, state)) !== undefined,
    commands: {
      'qipp.openPreview': async (uri) => {
        const doc = await planFor(uri);
        if (doc) previews.show(doc, false);
      },
      'qipp.openPreviewToSide': async (uri) => {
        const doc = await planFor(uri);
        if (doc) previews.show(doc, true);
      },
      'qipp.exportPreview': (uri) => exportPreview(previews, uri instanceof vscode.Uri ? uri : undefined),
      'qipp.newPlan': () => newPlan(),
      'qipp.validateWorkspace': () => validateWorkspace(server),
      'qipp.restartServer': () => server.restart(),
      'qipp.showOutput': () => output.show(),
      // (uri, previous): the plan and, optionally, the file to compare it with (else git HEAD, else a picker).
      'qipp.compareWithPrevious': async (uri, previous) => {
        const doc = await planFor(uri);
        return doc ? compareWithPrevious(server, context.extensionUri, output, doc, previous instanceof vscode.Uri ? previous : undefined) : undefined;
      },
      'qipp.openOverview': () => {
        if (!vscode.workspace.workspaceFolders?.length) {
          void vscode.window.showInformationMessage('Open a folder first: the overview is of the plans in the open folders.');
          return;
        }
        overview.show();
      },
      // (target): where to save without asking (tests); else a save dialog.
      'qipp.exportOverview': (target) => exportOverview(server, output, target instanceof vscode.Uri ? target : undefined),
    },
  };
}
