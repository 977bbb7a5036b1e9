// An LSP client for the web language server: dist/server-web.js runs in a
// Web Worker in headless Chromium (Debian's chromium, through playwright-core,
// no network), and the test speaks LSP with it over the worker's postMessage,
// as vscode-languageclient/browser does in VS Code for the Web. The server's
// file requests (qipp/readFiles, qipp/findFiles, qipp/listFolder) are answered from a folder
// on disk mapped to a URI that is not file: (memfs:/...), as a virtual
// workspace would be. Same surface as test/lsp/client.mjs's Client.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { CAPABILITIES } from '../lsp/client.mjs';
import { launchChromium, ROOT } from '../preview/helpers.mjs';

export const SERVER_WEB = join(ROOT, 'dist/server-web.js');

/** The page's side: starts the worker from the bundle's text and hands every message to Node. */
const PAGE_SCRIPT = `
  window.startServer = (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    window.qippWorker = new Worker(url);
    window.qippWorker.onmessage = (e) => window.fromServer(e.data, performance.now());
    window.qippWorker.onerror = (e) => window.fromServer({ workerError: String(e.message || e) }, performance.now());
  };
  window.toServer = (m) => { window.qippWorker.postMessage(m); return performance.now(); };
`;

export class WorkerClient {
  /**
   * @param {{ root?: string, base?: string, settings?: object }} options
   *   root: a folder on disk served as the workspace at `base` (default memfs:/workspace).
   */
  constructor({ root, base = 'memfs:/workspace', settings = {} } = {}) {
    this.root = root;
    this.base = base;
    this.settings = settings;
    this.diagnostics = new Map();
    this.waiters = [];
    this.pending = new Map();
    this.nextId = 1;
    this.registrations = [];
    this.messages = [];
    this.progress = [];
    this.fileRequests = []; // every uri the server asked to read
    this.errors = [];
    this.arrivals = []; // { method, uri, at } page-clock times of notifications
  }

  uriOf(path) {
    return `${this.base}/${relative(this.root, path).split(sep).map(encodeURIComponent).join('/')}`;
  }

  pathOf(uri) {
    if (!this.root || !uri.startsWith(`${this.base}/`)) return undefined;
    return join(this.root, ...uri.slice(this.base.length + 1).split('/').map(decodeURIComponent));
  }

  async start() {
    this.profile = mkdtempSync(join(tmpdir(), 'qipp-web-worker-'));
    this.context = await launchChromium(this.profile);
    await this.context.route('**/*', (route) => (route.request().url().startsWith('blob:') ? route.continue() : route.abort()));
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on('pageerror', (e) => this.errors.push(String(e)));
    this.page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    await this.page.exposeFunction('fromServer', (m, at) => this.receive(m, at));
    await this.page.addInitScript(PAGE_SCRIPT);
    await this.page.goto('about:blank');
    await this.page.evaluate(PAGE_SCRIPT);
    await this.page.evaluate((source) => window.startServer(source), readFileSync(SERVER_WEB, 'utf8'));
  }

  async send(message) {
    return this.page.evaluate((m) => window.toServer(m), message);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.send({ jsonrpc: '2.0', id, method, params }).catch(reject);
    });
  }

  notify(method, params) {
    return this.send({ jsonrpc: '2.0', method, params });
  }

  async receive(m, at) {
    if (m.workerError) {
      this.errors.push(m.workerError);
      for (const w of this.waiters.splice(0)) w.reject(new Error(`the worker failed while waiting for ${w.what}: ${m.workerError}`));
      return;
    }
    if (m.id !== undefined && m.method === undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p?.resolve(m.result);
      return;
    }
    if (m.id !== undefined) {
      let result = null;
      let error;
      try {
        result = await this.answer(m.method, m.params);
      } catch (e) {
        error = { code: -32603, message: String(e?.message ?? e) };
      }
      await this.send(error ? { jsonrpc: '2.0', id: m.id, error } : { jsonrpc: '2.0', id: m.id, result });
      return;
    }
    this.arrivals.push({ method: m.method, uri: m.params?.uri, at });
    if (m.method === 'textDocument/publishDiagnostics') {
      const list = this.diagnostics.get(m.params.uri) ?? [];
      list.push({ ...m.params, at });
      this.diagnostics.set(m.params.uri, list);
    } else if (m.method === '$/progress') this.progress.push(m.params);
    else if (m.method === 'window/showMessage' || m.method === 'window/logMessage') this.messages.push(m.params);
    this.check();
  }

  /** What an editor answers to the server's requests. */
  answer(method, params) {
    switch (method) {
      case 'workspace/configuration':
        return params.items.map((it) => (it.section ? it.section.split('.').reduce((o, k) => (o ? o[k] : undefined), this.settings) ?? null : this.settings));
      case 'client/registerCapability':
        this.registrations.push(...params.registrations);
        return null;
      case 'window/workDoneProgress/create':
      case 'window/showMessageRequest':
        return null;
      case 'qipp/readFiles':
        this.fileRequests.push(...params.uris);
        return params.uris.map((uri) => {
          const path = this.pathOf(uri);
          if (!path) return { uri, missing: true };
          try {
            return { uri, text: readFileSync(path, 'utf8').replace(/^\uFEFF/, '') };
          } catch (e) {
            return e.code === 'ENOENT' ? { uri, missing: true } : { uri, error: e.message };
          }
        });
      case 'qipp/listFolder': {
        const path = this.pathOf(params.uri);
        try {
          return { uri: params.uri, names: readdirSync(path, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort() };
        } catch (e) {
          return e.code === 'ENOENT' || !path ? { uri: params.uri, missing: true } : { uri: params.uri, error: e.message };
        }
      }
      case 'qipp/findFiles':
        return { uris: this.root ? yamlFiles(this.root).map((p) => this.uriOf(p)) : [] };
      default:
        throw new Error(`unhandled request ${method}`);
    }
  }

  waitFor(test, what = 'a message') {
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve, reject, what });
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

  diagnosticsFor(uri, version) {
    return this.waitFor(() => {
      const hit = (this.diagnostics.get(uri) ?? []).find((p) => version === undefined || p.version === version);
      return hit ? hit.diagnostics : undefined;
    }, `diagnostics of ${uri} v${version}`);
  }

  async initialize({ folder = this.root ? this.base : undefined, capabilities = CAPABILITIES, initializationOptions } = {}) {
    const folders = folder ? [{ uri: folder, name: 'test' }] : null;
    this.initializeResult = await this.request('initialize', { processId: null, rootUri: folder ?? null, capabilities, workspaceFolders: folders, initializationOptions });
    await this.notify('initialized', {});
    return this.initializeResult;
  }

  /** Opens a document; resolves with the page-clock time the message was posted to the worker. */
  open(uri, text, version = 1, languageId = 'qipp-plan') {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri, version, contentChanges) {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri) {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  async stop() {
    try {
      if (this.page) {
        await Promise.race([this.request('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.notify('exit');
      }
    } catch {
      /* the browser goes anyway */
    }
    await this.context?.close();
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The YAML files under a folder, outside node_modules and dot folders, sorted. */
export function yamlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(name)) out.push(p);
    }
  };
  walk(root);
  return out;
}
