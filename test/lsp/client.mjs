// A small LSP client for the protocol tests: starts the real server bundle
// over stdio and drives it as an editor does. Waits on messages, never on time.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = resolve(root, 'dist/server.js');
export const CLI = resolve(root, 'dist/cli.js');
export const uriOf = (path) => pathToFileURL(path).href;

export const CAPABILITIES = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { versionSupport: true },
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
};

export class Client {
  /** `command` runs the server under another program (a memory limit: `prlimit`), which is given `node` and `args`. */
  constructor({ args = [SERVER, '--stdio'], settings = {}, command } = {}) {
    this.child = command ? spawn(command[0], [...command.slice(1), process.execPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }) : spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.once('exit', () => {
      for (const w of this.waiters.splice(0)) w.reject(new Error(`the server exited while waiting for ${w.what}: ${this.stderr}`));
    });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.settings = settings;
    this.diagnostics = new Map(); // uri -> [{version, diagnostics}]
    this.waiters = [];
    this.progress = [];
    this.progressTokens = [];
    this.registrations = [];
    this.messages = [];
    this.configurationRequests = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.check();
    });
    this.conn.onNotification('$/progress', (p) => {
      this.progress.push(p);
      this.check();
    });
    this.conn.onNotification('window/showMessage', (p) => this.messages.push(p));
    this.conn.onNotification('window/logMessage', (p) => this.messages.push(p));
    this.conn.onRequest('workspace/configuration', (p) => {
      this.configurationRequests.push(p);
      return p.items.map((it) => (it.section ? it.section.split('.').reduce((o, k) => (o ? o[k] : undefined), this.settings) ?? null : this.settings));
    });
    this.conn.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      this.check();
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', (p) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.listen();
  }

  /** Resolves when `test` returns a value for the messages received so far (checked as each message arrives). */
  waitFor(test, what = 'a message') {
    return new Promise((resolve, reject) => {
      const w = { test, resolve, reject, what };
      this.waiters.push(w);
      this.check();
    });
  }

  check() {
    for (const w of [...this.waiters]) {
      const v = w.test();
      if (v !== undefined && v !== false) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(v);
      }
    }
  }

  /** The diagnostics published for `uri` at `version` (any version when undefined): waits for them. */
  diagnosticsFor(uri, version) {
    return this.waitFor(() => {
      const list = this.diagnostics.get(uri) ?? [];
      const hit = list.find((p) => version === undefined || p.version === version);
      return hit ? hit.diagnostics : undefined;
    }, `diagnostics of ${uri} v${version}`);
  }

  /** `rootPath`: one workspace folder; `folderPaths`: several. */
  async initialize({ rootPath, folderPaths, capabilities = CAPABILITIES, initializationOptions } = {}) {
    const paths = folderPaths ?? (rootPath ? [rootPath] : []);
    const folders = paths.length ? paths.map((p, i) => ({ uri: uriOf(p), name: i === 0 ? 'test' : `test${i}` })) : null;
    this.initializeResult = await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: folders ? folders[0].uri : null, capabilities, workspaceFolders: folders, initializationOptions });
    this.conn.sendNotification('initialized', {});
    return this.initializeResult;
  }

  open(uri, text, version = 1, languageId = 'yaml') {
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  notify(method, params) {
    this.conn.sendNotification(method, params);
  }

  async stop() {
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      await this.conn.sendRequest('shutdown');
      this.conn.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    await exited;
    this.conn.dispose();
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p) => Math.min(starts[p.line] + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : text.length);
  const sorted = edits.map((e) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

/** The edits of a workspace edit for one document. */
export function editsOf(edit, uri) {
  if (edit.documentChanges) return edit.documentChanges.filter((d) => d.textDocument.uri === uri).flatMap((d) => d.edits);
  return edit.changes?.[uri] ?? [];
}
