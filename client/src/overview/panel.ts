/**
 * QIPP: Open Overview (issue 11): the report across the workspace's plans in
 * one webview panel, live. The language server builds the page from its
 * workspace analysis (`qipp/renderOverview`); when the plans change it says so
 * (`qipp/overviewChanged`) and the panel asks again: at most one request in
 * flight, and one more after it if changes arrived meanwhile, so a burst of
 * edits costs two pages, not one per keystroke. A click on a plan or a
 * problem opens it at its line (./links.ts); Export saves the page `qipp
 * report` writes.
 *
 * Safety as for the preview: the webview runs only media/overview.js (nonce'd,
 * CSP from the server's page, `default-src 'none'`), loads only from the
 * extension's media folder, and every plan value in the page is escaped by
 * the server's renderer.
 */
import * as vscode from 'vscode';
import { newNonce } from '../nonce';
import { OVERVIEW_VIEW_TYPE, QippRequests, type OverviewMessages } from '../../../server/src/protocol';
import type { QippServer } from '../serverHost';
import { Coalescer } from './coalesce';
import { openPlanLink } from './links';

/** What a rendering of the overview produced, for the end-to-end tests. */
export interface OverviewRendered {
  generation: number;
  plans: number;
  partial: boolean;
  html: string;
}

export interface OverviewServices {
  server: Pick<QippServer, 'request' | 'onDidChangeOverview' | 'onDidChangeState' | 'onDidChangeConfiguration'>;
  extensionUri: vscode.Uri;
  output: vscode.OutputChannel;
  onRendered(r: OverviewRendered): void;
}

const TITLE = 'QIPP Overview';

export class OverviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mediaRoot: vscode.Uri;
  /** The server's generation shown now (-1: none yet, or the server restarted). */
  private shownGeneration = -1;
  /** What the webview was last sent, numbered for it (older messages are dropped there). */
  private sent = 0;
  private lastHtml: string | undefined;
  /** The webview shows a full page only after (re)loading; until then it takes updates by message. */
  private needsReload = true;
  private readonly requests = new Coalescer(() => this.fetchAndShow());
  private disposed = false;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: OverviewServices,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(services.extensionUri, 'client', 'media');
    panel.title = TITLE;
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'preview-icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: OverviewMessages.FromWebview) => this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is thrown away: draw it again in full when it comes back.
        if (!e.webviewPanel.visible) this.needsReload = true;
        else if (this.needsReload) this.refresh();
      }),
      services.server.onDidChangeOverview((p) => {
        if (p?.generation === undefined || p.generation > this.shownGeneration) this.refresh();
      }),
      services.server.onDidChangeConfiguration(() => this.refresh()),
      services.server.onDidChangeState((s) => {
        // A new server (after a crash or a restart) counts its generations from the start again.
        if (s === 'running' && this.lastHtml !== undefined) {
          this.shownGeneration = -1;
          this.refresh();
        }
      }),
    );
    this.refresh();
  }

  static create(services: OverviewServices): OverviewPanel {
    const mediaRoot = vscode.Uri.joinPath(services.extensionUri, 'client', 'media');
    const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { ...webviewOptions(mediaRoot), enableFindWidget: true });
    return new OverviewPanel(panel, services);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static restore(panel: vscode.WebviewPanel, services: OverviewServices): OverviewPanel {
    panel.webview.options = webviewOptions(vscode.Uri.joinPath(services.extensionUri, 'client', 'media'));
    return new OverviewPanel(panel, services);
  }

  /** The page shown now, for tests. */
  get html(): string | undefined {
    return this.lastHtml;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Asks the server for the page: at most one request in flight; changes meanwhile ask once more after it. */
  refresh(): void {
    if (!this.disposed) this.requests.request();
  }

  private async fetchAndShow(): Promise<void> {
    if (!this.panel.visible) {
      // Not seen: draw when it is shown again.
      this.needsReload = true;
      return;
    }
    let result: QippRequests.RenderOverviewResult;
    try {
      result = await this.services.server.request<QippRequests.RenderOverviewResult>(QippRequests.renderOverview, this.params());
    } catch (e) {
      this.services.output.appendLine(`The overview could not be drawn: ${(e as Error)?.message ?? String(e)}`);
      return;
    }
    if (this.disposed || !result || typeof result.html !== 'string') return;
    // An answer from before what is shown (a request overtaken by another) is dropped.
    if (result.generation < this.shownGeneration && !this.needsReload) return;
    this.show(result);
  }

  private show(result: QippRequests.RenderOverviewResult): void {
    this.shownGeneration = result.generation;
    this.lastHtml = result.html;
    if (this.needsReload) {
      this.needsReload = false;
      this.panel.webview.html = result.html;
    } else {
      const update: OverviewMessages.Update = { type: 'update', generation: ++this.sent, html: result.html };
      void this.panel.webview.postMessage(update);
    }
    this.services.onRendered({ generation: result.generation, plans: result.plans, partial: result.partial, html: result.html });
  }

  private params(): QippRequests.RenderOverviewParams {
    const webview = this.panel.webview;
    return {
      mode: 'webview',
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'overview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.css')).toString(),
    };
  }

  private onMessage(m: OverviewMessages.FromWebview): void {
    switch (m?.type) {
      case 'open':
        void openPlanLink(m.href, this.services.output, this.panel.viewColumn);
        break;
      case 'export':
        void vscode.commands.executeCommand('qipp.exportOverview');
        break;
      case 'ready':
        break;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.requests.stop();
    this.closed.fire();
    this.closed.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

/** Only the overview's own script runs, loading only from the extension's media folder. */
function webviewOptions(mediaRoot: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot] };
}

/**
 * The overview's export: the self-contained page `qipp report` writes, saved
 * where the person chooses (by default qipp-report.html in the first
 * workspace folder). `target` skips the dialog (tests).
 */
export async function exportOverview(server: Pick<QippServer, 'request'>, output: vscode.OutputChannel, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showInformationMessage('Open a folder first: the overview is of the plans in the open folders.');
    return undefined;
  }
  target ??= await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, 'qipp-report.html'),
    filters: { 'HTML page': ['html'] },
    saveLabel: 'Export',
    title: 'Export the overview as the HTML report',
  });
  if (!target) return undefined;
  try {
    const result = await server.request<QippRequests.RenderOverviewResult>(QippRequests.renderOverview, { mode: 'export' } satisfies QippRequests.RenderOverviewParams);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.html));
    const partly = result.partial ? ' The workspace was still being read, so it may not have every plan yet.' : '';
    void vscode.window.showInformationMessage(`Exported the report on ${result.plans} ${result.plans === 1 ? 'plan' : 'plans'} to ${target.path.split('/').pop()}.${partly}`, 'Open in Browser').then((choice) => {
      if (choice) void vscode.env.openExternal(target);
    });
    return target;
  } catch (e) {
    output.appendLine(`The overview could not be exported: ${(e as Error)?.stack ?? String(e)}`);
    void vscode.window.showErrorMessage(`The report could not be exported: ${(e as Error)?.message ?? String(e)}`);
    return undefined;
  }
}

/** The one overview panel: opened, or revealed when it is open; taken over after a reload. */
export class OverviewManager implements vscode.Disposable {
  private current: OverviewPanel | undefined;

  constructor(private readonly services: OverviewServices) {}

  show(): OverviewPanel {
    if (this.current) {
      this.current.reveal();
      return this.current;
    }
    return this.adopt(OverviewPanel.create(this.services));
  }

  restore(panel: vscode.WebviewPanel): OverviewPanel {
    this.current?.dispose();
    return this.adopt(OverviewPanel.restore(panel, this.services));
  }

  /** The page the open overview shows, for tests. */
  get html(): string | undefined {
    return this.current?.html;
  }

  private adopt(p: OverviewPanel): OverviewPanel {
    this.current = p;
    p.onDidClose(() => {
      if (this.current === p) this.current = undefined;
    });
    return p;
  }

  dispose(): void {
    this.current?.dispose();
  }
}
