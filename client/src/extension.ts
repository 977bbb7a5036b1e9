/**
 * The extension's entry point, kept small on purpose: VS Code activates it for
 * every YAML file a person opens (a plan need not be named *.plan.yaml), so it
 * only looks at each YAML document's `kind:` (protocol.ts isPlanFile) and
 * registers the commands. The language client, the previews and the rest are
 * in main.ts, bundled apart (with nodeMain.ts) as dist/client-main.js and loaded on the first
 * plan or the first command; YAML that is not a plan never loads them.
 */
import * as vscode from 'vscode';
import type { Rendered } from './preview/panel';
import type { OverviewRendered } from './overview/panel';
import { OVERVIEW_VIEW_TYPE, PREVIEW_VIEW_TYPE } from '../../server/src/protocol';
import { COMMANDS } from './commandIds';
import { watchPlanDocuments } from './planFiles';
import type { QippExtension } from './main';
import type { ServerState } from './serverHost';

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
  overview: {
    /** Fires each time the overview shows a new page. */
    readonly onDidRender: vscode.Event<OverviewRendered>;
    /** The page the overview shows now, if it is open. */
    html(): string | undefined;
  };
  /** Whether the rest of the extension (language client, previews) has been loaded. */
  readonly loaded: boolean;
}


let running: QippExtension | undefined;

export function activate(context: vscode.ExtensionContext): QippExtensionApi {
  const output = vscode.window.createOutputChannel('QIPP Plans', { log: true });
  const stateChanged = new vscode.EventEmitter<ServerState>();
  const rendered = new vscode.EventEmitter<Rendered>();
  const overviewRendered = new vscode.EventEmitter<OverviewRendered>();
  let loading: Promise<QippExtension> | undefined;
  const load = (): Promise<QippExtension> =>
    (loading ??= Promise.resolve().then(() => {
      // Bundled apart (scripts/build.mjs); required only now.
      const main = require('./client-main.js') as typeof import('./nodeMain');
      running = main.start(context, output, { stateChanged, rendered, overviewRendered });
      return running;
    }));

  context.subscriptions.push(
    output,
    stateChanged,
    rendered,
    overviewRendered,
    ...COMMANDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).commands[id](...args))),
    // After a reload, VS Code brings back the previews that were open, as the Markdown preview does.
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => void (await (await load()).restore(panel, state)),
    }),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => (await load()).restoreOverview(panel),
    }),
    watchPlanDocuments(output, (doc) => void load().then((ext) => ext.onPlan(doc))),
  );

  return {
    server: {
      get state() {
        return running?.server.state ?? 'not-started';
      },
      onDidChangeState: stateChanged.event,
      ready: async () => (await load()).server.start(),
      restart: async () => (await load()).server.restart(),
      get pid() {
        return running?.server.serverPid;
      },
    },
    previews: {
      onDidRender: rendered.event,
      html: (uri) => running?.previews.get(uri)?.html,
      restore: async (panel, state) => (await load()).restore(panel, state),
    },
    overview: {
      onDidRender: overviewRendered.event,
      html: () => running?.overview.html,
    },
    get loaded() {
      return running !== undefined;
    },
  };
}

/** VS Code waits for this, so the server gets its shutdown request before the extension host exits. */
export function deactivate(): Promise<void> | undefined {
  return running?.server.stop();
}
