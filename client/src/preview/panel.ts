/**
 * One preview panel for one plan document: has the language server render it,
 * follows edits, reveals clicked items in the editor and keeps scrolling in
 * step with the editor (both ways), like the Markdown preview.
 *
 * Safety: the webview runs only media/preview.js (nonce'd, CSP
 * `default-src 'none'`), may load only from the extension's media folder, and
 * gets HTML in which every plan value is escaped by the renderer.
 */
import * as vscode from 'vscode';
import { newNonce } from '../nonce';
import { PREVIEW_VIEW_TYPE, SETTINGS_SECTION, type PreviewMessages, type QippRequests } from '../../../server/src/protocol';


/** What a rendering produced, for tests and the export command. */
export interface Rendered {
  uri: string;
  version: number;
  html: string;
}

/** What every preview shares: the renderer (the language server), the extension's folder, whom to tell of a rendering, the output channel. */
export interface PreviewServices {
  render(params: QippRequests.RenderPreviewParams): Promise<QippRequests.RenderPreviewResult | null>;
  /** Fires when the configuration changed, so that what was drawn with the old one is drawn again. */
  onConfigurationChanged: vscode.Event<void>;
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
          void this.render();
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
      services.onConfigurationChanged(() => {
        this.lastVersion = -1;
        void this.render();
      }),
    );
    void this.render();
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
      void this.render();
    }, RENDER_DELAY_MS);
  }

  /**
   * Draws the document's current version, unless that version is already
   * shown. The server renders from its own analysis of the document; an answer
   * for a version that is no longer current is dropped (a newer one follows).
   */
  async render(): Promise<void> {
    if (this.disposed) return;
    const doc = this.document;
    if (doc.version === this.lastVersion && !this.needsReload) return;
    let result: QippRequests.RenderPreviewResult | null;
    try {
      result = await this.services.render(this.renderParams(doc));
    } catch (e) {
      this.services.output.appendLine(`The preview of ${doc.uri.toString()} could not be drawn: ${(e as Error)?.message ?? String(e)}`);
      return;
    }
    if (!result || this.disposed || doc !== this.document || doc.version !== this.document.version) return;
    if (result.version !== null && result.version !== doc.version) return;
    this.show(doc, result.html);
  }

  private show(doc: vscode.TextDocument, html: string): void {
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

  /** The latest HTML shown, for tests. */
  get html(): string {
    return this.lastHtml;
  }

  private renderParams(doc: vscode.TextDocument): QippRequests.RenderPreviewParams {
    const webview = this.panel.webview;
    return {
      // The server has every open plan's text from the editor: only the URI crosses.
      uri: doc.uri.toString(),
      mode: 'webview',
      nonce: newNonce(),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'preview.css')).toString(),
      fileName: baseName(doc.uri),
    };
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
