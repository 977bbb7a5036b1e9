/**
 * The language server of the web extension: dist/server-web.js in a web
 * worker, through vscode-languageclient/browser. Its life is ../serverHost.ts's,
 * as on Node (started when the first plan opens, restarted when workspace trust
 * is granted, the same QippServer surface for main.ts); and it answers the
 * server's file requests (WebFiles) with `vscode.workspace.fs`, since a worker
 * cannot read the workspace.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/browser';
import { WebFiles } from '../../../server/src/protocol';
import { ServerHost } from '../serverHost';
import { findYamlFiles, listFolder, readFiles } from './files';

export class WebPlanServer extends ServerHost<LanguageClient> {
  /** No process on the web. */
  get serverPid(): number | undefined {
    return undefined;
  }

  protected createClient(options: LanguageClientOptions): LanguageClient {
    const script = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'server-web.js');
    // A function, so that each restart (by vscode-languageclient after a crash, or ours) gets a new worker.
    const serverOptions: ServerOptions = async () => {
      const port = (await startWorker(script)) as ConstructorParameters<typeof BrowserMessageReader>[0];
      return { reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port) };
    };
    const client = new LanguageClient('qipp', 'QIPP Plans language server', serverOptions, options);
    client.onRequest(WebFiles.READ, (p: WebFiles.ReadParams) => readFiles(p.uris));
    client.onRequest(WebFiles.FIND, () => findYamlFiles());
    client.onRequest(WebFiles.LIST, (p: WebFiles.ListParams) => listFolder(p.uri));
    return client;
  }

  /** Also in the browser's console, where a web extension's failures are looked for. */
  protected override startFailed(e: unknown): void {
    super.startFailed(e);
    console.error(`QIPP: the language server could not start: ${String((e as Error)?.stack ?? e)}`);
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
