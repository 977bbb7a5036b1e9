/**
 * The language server's life, the same on both extensions: started lazily,
 * when the first plan document is open, so a YAML file that is not a plan
 * costs nothing; its state followed for the status bar; restarted when
 * workspace trust is granted (the `trusted` flag is fixed for a server's life);
 * qipp's own requests and notifications. Each host says only how its client
 * reaches the server: a Node process (languageClient.ts) or a web worker
 * (browser/languageClient.ts). Imports the common vscode-languageclient only,
 * so that the web bundle takes it without Node code.
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient';
import { DIAGNOSTIC_SOURCE, PLAN_LANGUAGE_ID, QippRequests, SETTINGS_SECTION, type InitializationOptions } from '../../server/src/protocol';

export type ServerState = 'not-started' | 'starting' | 'running' | 'stopped' | 'failed';

/**
 * What the preview, the commands and the status bar need of the language
 * server, wherever it runs: a Node process (PlanServer) or a web worker in VS
 * Code for the Web (WebPlanServer).
 */
export interface QippServer extends vscode.Disposable {
  readonly state: ServerState;
  /** Fires whenever the server's state changes. */
  readonly onDidChangeState: vscode.Event<ServerState>;
  /** Fires when the server took up a changed configuration (its `qipp/configurationChanged` notification). */
  readonly onDidChangeConfiguration: vscode.Event<void>;
  /** Fires when the workspace's plans changed (its `qipp/overviewChanged` notification): an open overview asks for its page again. */
  readonly onDidChangeOverview: vscode.Event<QippRequests.OverviewChangedParams>;
  /** The process id of the running server (undefined on the web, where it is a worker). */
  readonly serverPid: number | undefined;
  /** Starts the server if it is not running; resolves when it is ready (rejects if it cannot start). */
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one of qipp's own requests (protocol.ts QippRequests), starting the server first if need be. */
  request<R>(method: string, params?: unknown): Promise<R>;
}

export abstract class ServerHost<C extends BaseLanguageClient> implements QippServer {
  protected client: C | undefined;
  private starting: Promise<void> | undefined;
  private current: ServerState = 'not-started';
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly configEmitter = new vscode.EventEmitter<void>();
  private readonly overviewEmitter = new vscode.EventEmitter<QippRequests.OverviewChangedParams>();
  private readonly disposables: vscode.Disposable[] = [this.stateEmitter, this.configEmitter, this.overviewEmitter];

  /** Fires whenever the server's state changes. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires when the server took up a changed configuration (what was drawn with the old one should be drawn again). */
  readonly onDidChangeConfiguration = this.configEmitter.event;
  /** Fires when the workspace's plans changed (the overview asks for its page again). */
  readonly onDidChangeOverview = this.overviewEmitter.event;

  constructor(
    protected readonly context: vscode.ExtensionContext,
    protected readonly output: vscode.LogOutputChannel,
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

  abstract readonly serverPid: number | undefined;

  /** This host's language client, not started, with the options both hosts give. */
  protected abstract createClient(options: LanguageClientOptions): C;

  get state(): ServerState {
    return this.current;
  }

  /** Starts the server if it is not running; resolves when it is ready (rejects if it cannot start). */
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
    if (client) {
      try {
        await client.dispose();
      } catch (e) {
        this.output.appendLine(`Stopping the language server failed: ${String(e)}`);
      }
    }
    this.setState('stopped');
  }

  /** Sends one of qipp's own requests (protocol.ts QippRequests), starting the server first if need be. */
  async request<R>(method: string, params?: unknown): Promise<R> {
    await this.start();
    const client = this.client;
    if (!client) throw new Error('The QIPP language server is not running.');
    return params === undefined ? client.sendRequest<R>(method) : client.sendRequest<R>(method, params);
  }

  /** Says why the server could not start (in the output channel). */
  protected startFailed(e: unknown): void {
    this.output.appendLine(`The language server could not start: ${String((e as Error)?.message ?? e)}`);
  }

  private async doStart(): Promise<void> {
    // A client whose server stopped for good (or never started) is replaced, not reused.
    const previous = this.client;
    this.client = undefined;
    if (previous) await previous.dispose().catch((e: unknown) => this.output.appendLine(`Stopping the old language client failed: ${String(e)}`));
    const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted };
    const client = this.createClient({
      documentSelector: [{ language: PLAN_LANGUAGE_ID }],
      diagnosticCollectionName: DIAGNOSTIC_SOURCE,
      outputChannel: this.output,
      initializationOptions,
      synchronize: {
        configurationSection: SETTINGS_SECTION,
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{.qipprc.yaml,*.schema.json}'),
      },
    });
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
      this.startFailed(e);
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
