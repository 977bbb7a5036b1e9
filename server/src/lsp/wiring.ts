/**
 * What the Node server (server.ts) and the web worker server (browserMain.ts)
 * share: the features they register, the capabilities they announce, and the
 * reader that notes each document's newest version. Type imports only from the
 * LSP libraries, so either build can take it.
 */
import type { Message, MessageReader, ServerCapabilities } from 'vscode-languageserver';
import type { QippRequests } from '../protocol';
import type { ServerContext } from './context';
import * as codeActions from './features/codeActions';
import * as compare from './features/compare';
import * as completion from './features/completion';
import * as hover from './features/hover';
import * as navigation from './features/navigation';
import * as preview from './features/preview';
import * as symbols from './features/symbols';

/** Registers every feature but diagnostics (each server has its own workspace pass, whose counts Validate Workspace gives). */
export function registerFeatures(ctx: ServerContext, validateWorkspace: () => Promise<QippRequests.ValidateWorkspaceResult>): void {
  completion.register(ctx);
  hover.register(ctx);
  navigation.register(ctx);
  symbols.register(ctx);
  codeActions.register(ctx);
  preview.register(ctx, validateWorkspace);
  compare.register(ctx);
}

/** The capabilities both servers announce, beside their text document sync. */
export const CAPABILITIES: Omit<ServerCapabilities, 'textDocumentSync'> = {
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
};

/**
 * Notes the newest version of each document the client has sent, as messages
 * are read and before they are handled, so that a check for an older version
 * still waiting in line can be skipped.
 */
export function watchVersions(reader: MessageReader, queued: Map<string, number>): MessageReader {
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
