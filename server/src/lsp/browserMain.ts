/**
 * Entry of dist/server-web.js: the language server in a web worker, for the
 * extension in VS Code for the Web (client/src/browser/). Speaks LSP over the
 * worker's postMessage. The same core and the same feature modules as the Node
 * server (features/*.ts); what differs is the context (browser/context.ts:
 * files come through the extension) and diagnostics and Validate Workspace for plans that are not
 * open (browser/diagnostics.ts: no worker threads, no file system).
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/browser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CAPABILITIES, registerFeatures, watchVersions } from './wiring';
import { version } from '../../../package.json';
import { warmUp } from '../core';
import { clientFeatures, createBrowserContext } from './browser/context';
import * as diagnostics from './browser/diagnostics';

// In a dedicated worker the global scope is the port to the page (or extension host) that started it.
const port = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const queued = new Map<string, number>();
const connection = createConnection(ProposedFeatures.all, watchVersions(new BrowserMessageReader(port), queued), new BrowserMessageWriter(port));
const documents = new TextDocuments(TextDocument);
let diag: ReturnType<typeof diagnostics.register> | undefined;

connection.onInitialize((params): InitializeResult => {
  warmUp();
  const client = clientFeatures(params.capabilities, params.initializationOptions);
  const ctx = createBrowserContext(connection, documents, client, queued);
  ctx.setWorkspaceFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
  diag = diagnostics.register(ctx);
  registerFeatures(ctx, diag.validateWorkspace);
  connection.onInitialized(() => {
    diag?.initialized();
    if (params.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const kept = ctx.folderUris().filter((f) => !e.removed.some((r) => r.uri.replace(/\/$/, '') === f)).map((uri) => ({ uri, name: uri }));
        ctx.setWorkspaceFolders([...kept, ...e.added]);
        diag?.workspaceChanged();
      });
    }
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...CAPABILITIES,
    },
    serverInfo: { name: 'qipp', version },
  };
});

documents.listen(connection);
connection.listen();

