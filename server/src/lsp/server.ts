/**
 * The language server: capabilities and wiring. Every feature lives in
 * features/<feature>.ts with register(ctx); convert.ts is the only mapping
 * between core results and LSP values. Speaks LSP over stdio or node IPC, for
 * VS Code and any other LSP editor (`qipp lsp --stdio`).
 */
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../node/version';
import { warmUp } from '../core';
import { clientFeatures, createContext, pathToUri } from './context';
import * as codeActions from './features/codeActions';
import * as compare from './features/compare';
import * as completion from './features/completion';
import * as diagnostics from './features/diagnostics';
import * as hover from './features/hover';
import * as navigation from './features/navigation';
import * as preview from './features/preview';
import * as symbols from './features/symbols';

export type Transport = 'stdio' | 'node-ipc';

/** The transport named on a command line (`--stdio`, `--node-ipc`); stdio when none is. */
export function transportOf(argv: readonly string[]): Transport {
  return argv.includes('--node-ipc') ? 'node-ipc' : 'stdio';
}

/**
 * Starts the server on a transport. The returned promise settles when the
 * connection closes; the process exits on the client's `exit` notification.
 */
export function startServer(transport: Transport): Promise<number> {
  const queued = new Map<string, number>();
  const [reader, writer]: [MessageReader, MessageWriter] =
    transport === 'node-ipc' ? [new IPCMessageReader(process), new IPCMessageWriter(process)] : [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
  const connection = createConnection(ProposedFeatures.all, watchVersions(reader, queued), writer);
  const documents = new TextDocuments(TextDocument);
  let diag: ReturnType<typeof diagnostics.register> | undefined;

  connection.onInitialize((params): InitializeResult => {
    // Compile the schemas and warm the engine now, not when the first plan opens.
    warmUp();
    const client = clientFeatures(params.capabilities, params.initializationOptions);
    const ctx = createContext(connection, documents, client, queued);
    ctx.setWorkspaceFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    diag = diagnostics.register(ctx);
    completion.register(ctx);
    hover.register(ctx);
    navigation.register(ctx);
    symbols.register(ctx);
    codeActions.register(ctx);
    preview.register(ctx, diag.validateWorkspace);
    compare.register(ctx);
    if (params.capabilities.workspace?.workspaceFolders) {
      connection.onInitialized(() => {
        diag?.initialized();
        connection.workspace.onDidChangeWorkspaceFolders((e) => {
          const kept = ctx.workspaceFolders().map((p) => ({ uri: pathToUri(p), name: p })).filter((f) => !e.removed.some((r) => r.uri === f.uri));
          ctx.setWorkspaceFolders([...kept, ...e.added]);
          diag?.workspaceChanged();
        });
      });
    } else connection.onInitialized(() => diag?.initialized());
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
      serverInfo: { name: 'qipp', version: VERSION },
    };
  });

  documents.listen(connection);
  connection.listen();
  return new Promise((resolve) => reader.onClose(() => resolve(0)));
}

/**
 * Notes the newest version of each document the client has sent, as messages
 * are read and before they are handled, so that a check for an older version
 * still waiting in line can be skipped.
 */
function watchVersions(reader: MessageReader, queued: Map<string, number>): MessageReader {
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
          if (td?.uri && typeof td.version === 'number') queued.set(td.uri, td.version);
        } else if (n.method === 'textDocument/didClose' && n.params?.textDocument?.uri) {
          queued.delete(n.params.textDocument.uri);
        }
        callback(m);
      }),
  };
}
