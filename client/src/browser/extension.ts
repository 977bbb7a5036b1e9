/**
 * The extension in VS Code for the Web (package.json `browser`, bundled as
 * dist/client-web.js): main.ts's wiring (the same commands, preview and status
 * bar as the Node extension) around the language server in a web worker
 * (./languageClient.ts), which reads the workspace through the extension
 * (./files.ts, `vscode.workspace.fs`). The engine runs only in that worker.
 * Nothing is lazy-loaded here: the web extension is one bundle. What differs
 * on the web is in README.md, "On the web".
 */
import * as vscode from 'vscode';
import { OVERVIEW_VIEW_TYPE, PREVIEW_VIEW_TYPE } from '../../../server/src/protocol';
import { COMMANDS } from '../commandIds';
import type { QippExtensionApi } from '../extension';
import type { ServerState } from '../serverHost';
import { start, type QippExtension } from '../main';
import type { Rendered } from '../preview/panel';
import type { OverviewRendered } from '../overview/panel';
import { watchPlanDocuments } from '../planFiles';
import { WebPlanServer } from './languageClient';

let running: QippExtension | undefined;

export function activate(context: vscode.ExtensionContext): QippExtensionApi {
  const output = vscode.window.createOutputChannel('QIPP Plans', { log: true });
  const stateChanged = new vscode.EventEmitter<ServerState>();
  const rendered = new vscode.EventEmitter<Rendered>();
  const overviewRendered = new vscode.EventEmitter<OverviewRendered>();
  context.subscriptions.push(output, stateChanged, rendered, overviewRendered);
  const ext = start(context, output, { stateChanged, rendered, overviewRendered }, new WebPlanServer(context, output));
  running = ext;

  context.subscriptions.push(
    ...COMMANDS.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => ext.commands[id](...args))),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => void (await ext.restore(panel, state)),
    }),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => ext.restoreOverview(panel),
    }),
    watchPlanDocuments(output, (doc) => ext.onPlan(doc)),
  );

  return {
    server: {
      get state() {
        return ext.server.state;
      },
      onDidChangeState: stateChanged.event,
      ready: () => ext.server.start(),
      restart: () => ext.server.restart(),
      get pid() {
        return ext.server.serverPid;
      },
    },
    previews: {
      onDidRender: rendered.event,
      html: (uri) => ext.previews.get(uri)?.html,
      restore: (panel, state) => ext.restore(panel, state),
    },
    overview: {
      onDidRender: overviewRendered.event,
      html: () => ext.overview.html,
    },
    loaded: true,
  };
}

/** VS Code waits for this, so the server gets its shutdown request before the extension host stops. */
export function deactivate(): Promise<void> | undefined {
  return running?.server.stop();
}
