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
  type Message,
  type MessageReader,
} from 'vscode-languageserver/browser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import { warmUp } from '../core';
import { clientFeatures, createBrowserContext } from './browser/context';
import * as diagnostics from './browser/diagnostics';
import * as codeActions from './features/codeActions';
import * as compare from './features/compare';
import * as completion from './features/completion';
import * as hover from './features/hover';
import * as navigation from './features/navigation';
import * as preview from './features/preview';
import * as symbols from './features/symbols';

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
  completion.register(ctx);
  hover.register(ctx);
  navigation.register(ctx);
  symbols.register(ctx);
  codeActions.register(ctx);
  preview.register(ctx, diag.validateWorkspace);
  compare.register(ctx);
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
      completionProvider: { triggerCharacters: [':', ' ', '-', '[', ',', '{'], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'qipp', version },
  };
});

documents.listen(connection);
connection.listen();

/** As server.ts: notes each document's newest version as messages are read, so that a check of an older one can be skipped. */
function watchVersions(reader: MessageReader, versions: Map<string, number>): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen: (callback) =>
      reader.listen((m: Message) => {
        const n = m as { method?: string; params?: { textDocument?: { uri?: string; version?: number } } };
        if (n.method === 'textDocument/didChange' || n.method === 'textDocument/didOpen') {
          const td = n.params?.textDocument;
          if (td?.uri && typeof td.version === 'number') versions.set(td.uri, td.version);
        } else if (n.method === 'textDocument/didClose' && n.params?.textDocument?.uri) {
          versions.delete(n.params.textDocument.uri);
        }
        callback(m);
      }),
  };
}
