/**
 * The language server of the web extension: dist/server-web.js in a web
 * worker, through vscode-languageclient/browser. As ../languageClient.ts on
 * Node (started when the first plan opens, restarted when workspace trust is
 * granted), and it answers the server's file requests (WebFiles) with
 * `vscode.workspace.fs`, since a worker cannot read the workspace.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { DIAGNOSTIC_SOURCE, PLAN_LANGUAGE_ID, SETTINGS_SECTION, WebFiles, type InitializationOptions } from '../../../server/src/protocol';
import type { ServerState } from '../languageClient';
import { findYamlFiles, readFiles } from './files';

export class WebPlanServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private current: ServerState = 'not-started';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly disposables: vscode.Disposable[] = [this.stateEmitter];
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.client) void this.restart();
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

  private async doStart(): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    if (previous) await previous.dispose().catch(() => undefined);
    const main = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server-web.js');
    // The extension host of VS Code for the Web is itself a web worker; it can start workers of its own.
    const WebWorker = (globalThis as unknown as { Worker: new (url: string) => object }).Worker;
    const worker = new WebWorker(main.toString(true)) as ConstructorParameters<typeof LanguageClient>[3];
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
    const client = new LanguageClient('qipp', 'QIPP Plans language server', clientOptions, worker);
    client.onRequest(WebFiles.READ, (p: WebFiles.ReadParams) => readFiles(p.uris));
    client.onRequest(WebFiles.FIND, () => findYamlFiles());
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
      this.setState('running');
    } catch (e) {
      this.output.appendLine(`The language server could not start: ${String((e as Error)?.message ?? e)}`);
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
