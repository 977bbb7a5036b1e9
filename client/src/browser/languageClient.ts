/**
 * The language server of the web extension: dist/server-web.js in a web
 * worker, through vscode-languageclient/browser. As ../languageClient.ts on
 * Node (started when the first plan opens, restarted when workspace trust is
 * granted, the same QippServer surface for main.ts), and it answers the server's file requests (WebFiles) with
 * `vscode.workspace.fs`, since a worker cannot read the workspace.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/browser';
import { DIAGNOSTIC_SOURCE, PLAN_LANGUAGE_ID, QippRequests, SETTINGS_SECTION, WebFiles, type InitializationOptions } from '../../../server/src/protocol';
import type { QippServer, ServerState } from '../languageClient';
import { findYamlFiles, listFolder, readFiles } from './files';

export class WebPlanServer implements QippServer {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private current: ServerState = 'not-started';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly configEmitter = new vscode.EventEmitter<void>();
  private readonly overviewEmitter = new vscode.EventEmitter<QippRequests.OverviewChangedParams>();
  private readonly disposables: vscode.Disposable[] = [this.stateEmitter, this.configEmitter, this.overviewEmitter];
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeConfiguration = this.configEmitter.event;
  readonly onDidChangeOverview = this.overviewEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.client) {
          this.output.appendLine('Workspace trusted: restarting the language server with the workspace configuration.');
          void this.restart();
        }
      }),
    );
  }

  get state(): ServerState {
    return this.current;
  }

  /** No process on the web. */
  get serverPid(): number | undefined {
    return undefined;
  }

  start(): Promise<void> {
    if (this.client && this.current === 'running') return Promise.resolve();
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose().catch((e: unknown) => this.output.appendLine(`Stopping the language server failed: ${String(e)}`));
    this.setState('stopped');
  }

  async request<R>(method: string, params?: unknown): Promise<R> {
    await this.start();
    const client = this.client;
    if (!client) throw new Error('The QIPP language server is not running.');
    return params === undefined ? client.sendRequest<R>(method) : client.sendRequest<R>(method, params);
  }

  private async doStart(): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    if (previous) await previous.dispose().catch(() => undefined);
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server-web.js');
    // A function, so that each restart (by vscode-languageclient after a crash, or ours) gets a new worker.
    const serverOptions: ServerOptions = async () => {
      const port = (await startWorker(script)) as ConstructorParameters<typeof BrowserMessageReader>[0];
      return { reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port) };
    };
    const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: PLAN_LANGUAGE_ID }],
      diagnosticCollectionName: DIAGNOSTIC_SOURCE,
      outputChannel: this.output,
      initializationOptions,
      synchronize: {
        configurationSection: SETTINGS_SECTION,
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{.qipprc.yaml,*.schema.json}'),
      },
    };
    const client = new LanguageClient('qipp', 'QIPP Plans language server', serverOptions, clientOptions);
    client.onRequest(WebFiles.READ, (p: WebFiles.ReadParams) => readFiles(p.uris));
    client.onRequest(WebFiles.FIND, () => findYamlFiles());
    client.onRequest(WebFiles.LIST, (p: WebFiles.ListParams) => listFolder(p.uri));
    this.client = client;
    this.disposables.push(
      client.onDidChangeState((e) => {
        if (this.client !== client) return;
        if (e.newState === State.Running) this.setState('running');
        else if (e.newState === State.Starting) this.setState('starting');
        else this.setState(this.current === 'starting' ? 'failed' : 'stopped');
      }),
    );
    this.setState('starting');
    try {
      await client.start();
      client.onNotification(QippRequests.configurationChanged, () => this.configEmitter.fire());
      client.onNotification(QippRequests.overviewChanged, (p: QippRequests.OverviewChangedParams) => this.overviewEmitter.fire(p));
      this.setState('running');
    } catch (e) {
      this.output.appendLine(`The language server could not start: ${String((e as Error)?.message ?? e)}`);
      console.error(`QIPP: the language server could not start: ${String((e as Error)?.stack ?? e)}`);
      this.setState('failed');
      throw e;
    }
  }

  private setState(state: ServerState): void {
    if (state === this.current) return;
    this.current = state;
    this.output.appendLine(`Language server: ${state}`);
    this.stateEmitter.fire(state);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}

type WorkerConstructor = new (url: string) => object;
type UrlStatics = { createObjectURL(blob: unknown): string };
type BlobConstructor = new (parts: unknown[], options: { type: string }) => unknown;

/**
 * Starts the server's web worker. The extension host of VS Code for the Web is
 * itself a web worker and can start workers of its own from a URL it can
 * fetch (an https: extension, as on vscode.dev). An extension installed on a
 * remote (code-server, a codespace in the browser) has a vscode-remote: URI,
 * from which VS Code does not start workers ("Creating workers from remote
 * extensions is currently not supported", code-server 4.139.1); its script is
 * then read through vscode.workspace.fs and started from a blob: URL. The
 * worker is handed to the client as reader and writer, so that vscode-languageclient
 * need not recognise VS Code's own Worker class.
 */
async function startWorker(script: vscode.Uri): Promise<object> {
  const g = globalThis as unknown as { Worker: WorkerConstructor; URL: UrlStatics; Blob: BlobConstructor };
  if (script.scheme === 'http' || script.scheme === 'https') return new g.Worker(script.toString(true));
  const source = await vscode.workspace.fs.readFile(script);
  return new g.Worker(g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' })));
}
