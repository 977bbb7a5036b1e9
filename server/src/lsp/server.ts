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
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CAPABILITIES, registerFeatures, watchVersions } from './wiring';
import { VERSION } from '../node/version';
import { warmUp } from '../core';
import { clientFeatures, createContext, pathToUri } from './context';
import * as diagnostics from './features/diagnostics';

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
    registerFeatures(ctx, diag.validateWorkspace);
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
        ...CAPABILITIES,
      },
      serverInfo: { name: 'qipp', version: VERSION },
    };
  });

  documents.listen(connection);
  connection.listen();
  return new Promise((resolve) => reader.onClose(() => resolve(0)));
}

