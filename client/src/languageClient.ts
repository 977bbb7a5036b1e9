/**
 * Starts and watches the language server (dist/server.js over Node IPC); its
 * life (lazy start, state, restart when workspace trust is granted) is
 * serverHost.ts's, shared with the web extension.
 *
 * If the server dies, vscode-languageclient restarts it (up to five times in
 * three minutes, its default error handler) and, once it is up again, sends
 * `didOpen` for every plan open in an editor tab, so no open document is lost;
 * a document open without a tab is sent with the next message to the server.
 */
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';
import { ServerHost } from './serverHost';

export class PlanServer extends ServerHost<LanguageClient> {
  /** The process id of the running server, for tests that kill it on purpose. */
  get serverPid(): number | undefined {
    return this.client?.serverProcess?.pid;
  }

  protected createClient(options: LanguageClientOptions): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
    };
    return new LanguageClient('qipp', 'QIPP Plans language server', serverOptions, options);
  }
}
