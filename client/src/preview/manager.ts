/**
 * Keeps one preview panel per plan document, and exports a plan's preview as
 * a self-contained HTML file (the same HTML `qipp preview FILE -o OUT.html` writes).
 */
import * as vscode from 'vscode';
import type { QippServer } from '../serverHost';
import { isPlanDocument } from '../planFiles';
import { QippRequests, type PreviewState } from '../../../server/src/protocol';
import { PreviewPanel, type PreviewServices, type Rendered } from './panel';

export class PreviewManager implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();
  private readonly rendered = new vscode.EventEmitter<Rendered>();
  /** Fires after each rendering of any preview (tests wait for it instead of sleeping). */
  readonly onDidRender = this.rendered.event;

  private readonly services: PreviewServices;

  constructor(
    extensionUri: vscode.Uri,
    private readonly server: QippServer,
    private readonly output: vscode.OutputChannel,
  ) {
    this.services = {
      render: (params) => server.request<QippRequests.RenderPreviewResult | null>(QippRequests.renderPreview, params),
      onConfigurationChanged: server.onDidChangeConfiguration,
      extensionUri,
      onRendered: (r) => this.rendered.fire(r),
      output,
    };
  }

  /** Opens (or brings forward) the preview of a plan document. */
  show(document: vscode.TextDocument, toTheSide: boolean): PreviewPanel {
    const key = document.uri.toString();
    const column = toTheSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal(column, toTheSide);
      return existing;
    }
    return this.adopt(document, PreviewPanel.create(document, column, toTheSide, this.services));
  }

  /**
   * Takes over a preview VS Code restored after a reload, from the state its
   * webview kept (PreviewState). A preview whose plan cannot be opened, is no
   * longer a plan, or is already shown elsewhere is closed.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<PreviewPanel | undefined> {
    const uri = typeof (state as PreviewState | undefined)?.uri === 'string' ? vscode.Uri.parse((state as PreviewState).uri!) : undefined;
    let document: vscode.TextDocument | undefined;
    try {
      document = uri ? await vscode.workspace.openTextDocument(uri) : undefined;
    } catch (e) {
      this.output.appendLine(`The preview of ${uri?.toString()} could not be restored: ${(e as Error)?.message ?? String(e)}`);
    }
    if (!document || !isPlanDocument(document) || this.panels.has(document.uri.toString())) {
      panel.dispose();
      return undefined;
    }
    return this.adopt(document, PreviewPanel.restore(panel, document, this.services));
  }

  private adopt(document: vscode.TextDocument, panel: PreviewPanel): PreviewPanel {
    const key = document.uri.toString();
    this.panels.set(key, panel);
    panel.onDidClose(() => this.panels.delete(key));
    return panel;
  }

  /** The open preview of a document, if any. */
  get(uri: vscode.Uri): PreviewPanel | undefined {
    return this.panels.get(uri.toString());
  }

  /** The plan the command should act on: the active editor's, or the active preview's. */
  activePlan(): vscode.TextDocument | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor && isPlanDocument(editor.document)) return editor.document;
    for (const p of this.panels.values()) {
      if (p.panel.active) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri.toString());
    }
    return undefined;
  }

  /** The self-contained HTML of a plan, as the export writes it (rendered by the language server). */
  async exportHtml(document: vscode.TextDocument): Promise<string> {
    const params: QippRequests.RenderPreviewParams = { uri: document.uri.toString(), text: document.getText(), mode: 'export', fileName: document.uri.path.split('/').pop() };
    const result = await this.server.request<QippRequests.RenderPreviewResult | null>(QippRequests.renderPreview, params);
    if (!result) throw new Error('the language server could not render this plan');
    return result.html;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
    this.rendered.dispose();
  }
}
