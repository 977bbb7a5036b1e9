/**
 * Starts and watches the language server (dist/server.js over Node IPC).
 *
 * The server starts lazily, when the first plan document is open, so a YAML
 * file that is not a plan costs nothing. If the server dies, vscode-languageclient
 * restarts it (up to five times in three minutes, its default error handler)
 * and, once it is up again, sends `didOpen` for every plan open in an editor
 * tab, so no open document is lost; a document open without a tab is sent
 * with the next message to the server. When workspace trust is granted the
 * server is restarted with `trusted: true` (the flag is fixed for a server's life).
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE, PLAN_LANGUAGE_ID, QippRequests, SERVER_EXEC_ARGV, SETTINGS_SECTION, type InitializationOptions } from '../../server/src/protocol';

export type ServerState = 'not-started' | 'starting' | 'running' | 'stopped' | 'failed';

/**
 * What the preview, the commands and the status bar need of the language
 * server, wherever it runs: a Node process (PlanServer, below) or a web worker
 * in VS Code for the Web (WebPlanServer, browser/languageClient.ts).
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

export class PlanServer implements QippServer {
  private client: LanguageClient | undefined;
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

  /** The process id of the running server, for tests that kill it on purpose. */
  get serverPid(): number | undefined {
    return this.client?.serverProcess?.pid;
  }

  private async doStart(): Promise<void> {
    // A client whose server stopped for good (or never started) is replaced, not reused.
    const previous = this.client;
    this.client = undefined;
    if (previous) await previous.dispose().catch((e: unknown) => this.output.appendLine(`Stopping the old language client failed: ${String(e)}`));
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
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
