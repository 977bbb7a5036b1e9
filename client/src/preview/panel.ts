/**
 * One preview panel for one plan document: renders it with the core renderer,
 * follows edits, reveals clicked items in the editor and keeps scrolling in
 * step with the editor (both ways), like the Markdown preview.
 *
 * Safety: the webview runs only media/preview.js (nonce'd, CSP
 * `default-src 'none'`), may load only from the extension's media folder, and
 * gets HTML in which every plan value is escaped by the renderer.
 */
import * as vscode from 'vscode';
import { renderPlan } from '../../../server/src/core/index';
import { SETTINGS_SECTION, type PreviewMessages } from '../../../server/src/protocol';
import type { PlanEngines } from '../engine';

export const PREVIEW_VIEW_TYPE = 'qipp.preview';

/** What a rendering produced, for tests and the export command. */
export interface Rendered {
  uri: string;
  version: number;
  html: string;
}

/** What every preview shares: the engines, the extension's folder, whom to tell of a rendering, the output channel. */
export interface PreviewServices {
  engines: PlanEngines;
  extensionUri: vscode.Uri;
  onRendered: (r: Rendered) => void;
  output: vscode.OutputChannel;
}

/** How long to wait after a keystroke before drawing again. */
const RENDER_DELAY_MS = 150;

export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastHtml = '';
  private lastVersion = -1;
  /** The webview shows lastHtml in full only after a reload; until then it takes updates by message. */
  private needsReload = true;
  /** A line the preview asked the editor to scroll to, whose echo must not scroll the preview back. */
  private editorScrolledByPreview: number | undefined;
  private disposed = false;
  private wasVisible = true;

  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  private readonly mediaRoot: vscode.Uri;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    private readonly services: PreviewServices,
  ) {
    const { engines } = services;
    this.mediaRoot = mediaRootOf(services.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'preview-icon.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: PreviewMessages.FromWebview) => this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is thrown away; show the latest rendering in full when it comes back.
        const visible = e.webviewPanel.visible;
        if (visible && !this.wasVisible) {
          this.needsReload = true;
          this.render();
        }
        this.wasVisible = visible;
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.document.uri.toString()) {
          this.document = e.document;
          this.schedule();
        }
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        // The document object changes when its language is set; keep the newest.
        if (d.uri.toString() === this.document.uri.toString()) this.document = d;
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.onEditorScrolled(e)),
      engines.onDidChange(() => {
        this.lastVersion = -1;
        this.render();
      }),
    );
    this.render();
  }

  static create(document: vscode.TextDocument, column: vscode.ViewColumn, preserveFocus: boolean, services: PreviewServices): PreviewPanel {
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, titleOf(document), { viewColumn: column, preserveFocus }, {
      ...webviewOptions(mediaRootOf(services.extensionUri)),
      enableFindWidget: true,
    });
    return new PreviewPanel(panel, document, services);
  }

  /** Takes over a panel VS Code restored after a reload (see PreviewManager.restore). */
  static restore(panel: vscode.WebviewPanel, document: vscode.TextDocument, services: PreviewServices): PreviewPanel {
    panel.webview.options = webviewOptions(mediaRootOf(services.extensionUri));
    panel.title = titleOf(document);
    return new PreviewPanel(panel, document, services);
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  reveal(column: vscode.ViewColumn, preserveFocus: boolean): void {
    this.panel.reveal(column, preserveFocus);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, RENDER_DELAY_MS);
  }

  /** Draws the document's current version, unless that version is already shown. */
  render(): void {
    if (this.disposed) return;
    const doc = this.document;
    if (doc.version !== this.lastVersion || this.needsReload) {
      let html: string;
      try {
        const analysis = this.services.engines.analyze(doc.uri, doc.getText());
        html = this.renderHtml(analysis);
      } catch (e) {
        this.services.output.appendLine(`The preview of ${doc.uri.fsPath} could not be drawn: ${(e as Error)?.stack ?? String(e)}`);
        return;
      }
      this.lastVersion = doc.version;
      this.lastHtml = html;
      this.panel.title = titleOf(doc);
      if (this.needsReload) {
        this.needsReload = false;
        this.panel.webview.html = html;
      } else {
        const update: PreviewMessages.Update = { type: 'update', version: doc.version, html };
        void this.panel.webview.postMessage(update);
      }
      this.services.onRendered({ uri: doc.uri.toString(), version: doc.version, html });
    }
  }

  /** The latest HTML shown, for tests. */
  get html(): string {
    return this.lastHtml;
  }

  private renderHtml(analysis: Parameters<typeof renderPlan>[0]): string {
    const webview = this.panel.webview;
    return renderPlan(analysis, {
      mode: 'webview',
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.css')).toString(),
      fileName: baseName(this.document.uri),
    });
  }

  private onMessage(m: PreviewMessages.FromWebview): void {
    switch (m?.type) {
      case 'reveal':
        void this.revealLine(m.line, m.character ?? 0);
        break;
      case 'didScroll':
        this.scrollEditor(m.line);
        break;
      case 'showProblems':
        void vscode.commands.executeCommand('workbench.actions.view.problems');
        break;
      case 'ready': {
        const doc: PreviewMessages.Document = { type: 'document', uri: this.document.uri.toString() };
        void this.panel.webview.postMessage(doc);
        this.scrollPreviewToEditor();
        break;
      }
    }
  }

  private editorOfDocument(): vscode.TextEditor | undefined {
    const uri = this.document.uri.toString();
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  }

  private async revealLine(line: number, character: number): Promise<void> {
    if (!Number.isInteger(line) || line < 0) return;
    const target = Math.min(line, this.document.lineCount - 1);
    const pos = new vscode.Position(target, Math.max(0, Math.min(character, this.document.lineAt(target).text.length)));
    const existing = this.editorOfDocument();
    const column = existing?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: column, preserveFocus: false });
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private setting(name: 'scrollPreviewWithEditor' | 'scrollEditorWithPreview'): boolean {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION, this.document.uri).get<boolean>(`preview.${name}`, true);
  }

  private scrollEditor(line: number): void {
    if (!this.setting('scrollEditorWithPreview') || !Number.isInteger(line) || line < 0) return;
    const editor = this.editorOfDocument();
    if (!editor) return;
    const target = Math.min(line, this.document.lineCount - 1);
    this.editorScrolledByPreview = target;
    editor.revealRange(new vscode.Range(target, 0, target, 0), vscode.TextEditorRevealType.AtTop);
  }

  private onEditorScrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    if (e.textEditor.document.uri.toString() !== this.document.uri.toString() || !e.visibleRanges.length) return;
    const line = e.visibleRanges[0].start.line;
    if (this.editorScrolledByPreview !== undefined) {
      // The echo of a scroll the preview asked for: do not send it back.
      const echo = Math.abs(line - this.editorScrolledByPreview) <= 1;
      this.editorScrolledByPreview = undefined;
      if (echo) return;
    }
    if (!this.setting('scrollPreviewWithEditor')) return;
    const msg: PreviewMessages.ScrollTo = { type: 'scrollTo', line };
    void this.panel.webview.postMessage(msg);
  }

  private scrollPreviewToEditor(): void {
    const editor = this.editorOfDocument();
    if (!editor || !editor.visibleRanges.length || !this.setting('scrollPreviewWithEditor')) return;
    const msg: PreviewMessages.ScrollTo = { type: 'scrollTo', line: editor.visibleRanges[0].start.line };
    void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.closed.fire();
    this.closed.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function mediaRootOf(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'client', 'media');
}

/** Only the preview's own script runs, loading only from the extension's media folder. */
function webviewOptions(mediaRoot: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot] };
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}

function titleOf(doc: vscode.TextDocument): string {
  return `Preview ${baseName(doc.uri)}`;
}

/** 16 random bytes in base64, from Web Crypto: the same in the Node extension host and in a browser's. */
function newNonce(): string {
  return btoa(String.fromCharCode(...globalThis.crypto.getRandomValues(new Uint8Array(16))));
}
