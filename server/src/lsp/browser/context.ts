/**
 * The ServerContext of the language server in a web worker (VS Code for the
 * Web): what lsp/context.ts is on Node, without a file system. Files the
 * server needs (`.qipprc.yaml`, timelines, plans that are not open) are asked
 * of the extension, which reads them with `vscode.workspace.fs`
 * (protocol.ts, WebFiles). Documents are named by their URIs throughout.
 *
 * A plan's own `national_timeline:` is read by the engine synchronously, so
 * the first analysis notes the files it missed, they are fetched, and the plan
 * is analysed again with them (once per file: the cache remembers what was read).
 */
import type { ClientCapabilities, Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver/browser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine, isPlanFile, readSettings, summarisePlan, unreadableSummary, YAML_FILE_NAME, type Analysis, type Engine, type PlanConfig, type Settings } from '../../core';
import { PLAN_LANGUAGE_ID, QippRequests, SETTINGS_SECTION, WebFiles, type InitializationOptions } from '../../protocol';
import { createWebConfigLoader, WebFileCache } from '../../web/config';
import { dirnameUri, isInside, resolveUri } from '../../web/uri';
import type { Analyzed, CheckedPlan, ClientFeatures, ServerContext } from '../context';

/** As on Node: open documents over 10 MB are not analysed. */
export { MAX_DOCUMENT_CHARS, tooLarge } from '../limits';
import { tooLarge } from '../limits';

/** As lsp/context.ts's clientFeatures (which cannot be loaded in a worker: it sits beside Node's file code). */
export function clientFeatures(c: ClientCapabilities, options?: unknown): ClientFeatures {
  return {
    trusted: (options as Partial<InitializationOptions> | null | undefined)?.trusted !== false,
    snippets: !!c.textDocument?.completion?.completionItem?.snippetSupport,
    markdown: (c.textDocument?.hover?.contentFormat ?? ['markdown']).includes('markdown'),
    configuration: !!c.workspace?.configuration,
    workDoneProgress: !!c.window?.workDoneProgress,
    watchFilesDynamically: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    versionedEdits: !!c.workspace?.workspaceEdit?.documentChanges,
    diagnosticVersions: !!c.textDocument?.publishDiagnostics?.versionSupport,
  };
}

export interface BrowserContext extends ServerContext {
  /** Reads files through the client, uncached (plans for workspace validation). */
  readFiles(uris: readonly string[]): Promise<WebFiles.ReadResult[]>;
  /** The workspace folders' URIs. */
  folderUris(): string[];
}

/** Settings, configuration and engines per document, read once (through the client) and kept until they change. */
interface WebConfigStore {
  configFor(uri: string): Promise<PlanConfig>;
  engineFor(config: PlanConfig): Engine;
  /** The files read through the client for this generation of the configuration. */
  files(): WebFileCache;
  reset(pushed?: unknown): void;
  forget(uri: string): void;
  /** Files configurations were read from. */
  readonly configFiles: Set<string>;
  trace(): Settings['trace']['server'];
}

type Reader = { read: (uris: readonly string[]) => Promise<WebFiles.ReadResult[]>; list: (uri: string) => Promise<WebFiles.ListResult> };

function createWebConfigStore(connection: Connection, client: ClientFeatures, io: Reader, folders: () => string[]): WebConfigStore {
  let files = new WebFileCache(io.read, io.list);
  let loadConfig = createWebConfigLoader(client.trusted, files);
  const settingsByUri = new Map<string, Promise<Settings>>();
  const configByUri = new Map<string, Promise<PlanConfig>>();
  const engines = new Map<string, Engine>();
  const configFiles = new Set<string>();
  const told = new Set<string>();
  let pushedSettings: unknown;
  let trace: Settings['trace']['server'] = 'off';
  const folderOf = (uri: string): string | undefined => folders().filter((f) => isInside(uri, f)).sort((x, y) => y.length - x.length)[0];

  const tell = (problems: readonly string[]) => {
    for (const p of problems) {
      if (told.has(p)) continue;
      told.add(p);
      void connection.window.showWarningMessage(p);
      connection.console.warn(p);
    }
  };

  const settingsFor = (uri: string): Promise<Settings> => {
    let s = settingsByUri.get(uri);
    if (!s) {
      s = (client.configuration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
            (raw: unknown) => raw,
            () => undefined,
          )
        : Promise.resolve((pushedSettings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION])
      ).then((raw) => {
        const { settings, problems } = readSettings(raw);
        tell(problems);
        trace = settings.trace.server;
        return settings;
      });
      settingsByUri.set(uri, s);
    }
    return s;
  };

  return {
    configFiles,
    files: () => files,
    trace: () => trace,
    configFor(uri) {
      let c = configByUri.get(uri);
      if (!c) {
        const load = loadConfig;
        c = settingsFor(uri).then(async (settings) => {
          const config = await load(uri, folderOf(uri) ?? folders()[0], settings);
          tell(config.problems);
          for (const f of config.files) configFiles.add(f);
          return config;
        });
        configByUri.set(uri, c);
      }
      return c;
    },
    engineFor(config) {
      let e = engines.get(config.key);
      if (!e) {
        e = createEngine(config.engineConfig, { incremental: true });
        engines.set(config.key, e);
        tell(e.problems);
      }
      return e;
    },
    reset(pushed) {
      if (pushed !== undefined) pushedSettings = pushed;
      settingsByUri.clear();
      configByUri.clear();
      files = new WebFileCache(io.read, io.list);
      loadConfig = createWebConfigLoader(client.trusted, files);
      configFiles.clear();
      told.clear();
    },
    forget(uri) {
      for (const engine of engines.values()) engine.forget(uri);
      settingsByUri.delete(uri);
      configByUri.delete(uri);
    },
  };
}

/**
 * Analyses a text with its configuration. A file the plan names
 * (national_timeline) comes from an open document or from what the client
 * sent; when one was not read yet, it is fetched and the plan analysed again.
 */
async function runEngine(store: WebConfigStore, documents: TextDocuments<TextDocument>, client: ClientFeatures, uri: string, text: string, skip?: () => boolean, open = false): Promise<Analyzed | undefined> {
  const config = await store.configFor(uri);
  if (skip?.()) return undefined;
  const engine = store.engineFor(config);
  const files = store.files();
  const t0 = performance.now();
  const missed: string[] = [];
  const readRelative = (relativePath: string): string | { unreadable: string } | undefined => {
    if (!client.trusted || /^untitled:/.test(uri)) return undefined;
    const target = resolveUri(dirnameUri(uri), relativePath);
    store.configFiles.add(target);
    const openDoc = documents.get(target);
    if (openDoc) return openDoc.getText();
    const got = files.peek(target);
    if (!got) {
      missed.push(target);
      return undefined;
    }
    // Said as the Node server says it (node/fs-guard.ts), so both give the same finding.
    return got.text ?? { unreadable: got.missing ? 'it does not exist' : `it cannot be read (${got.error ?? 'unknown error'})` };
  };
  const options = { readRelative, ...(open ? { document: uri } : {}) };
  let analysis = engine.analyze(text, options);
  let cost = performance.now() - t0;
  if (missed.length) {
    await files.get(missed);
    if (skip?.()) return undefined;
    const t1 = performance.now();
    analysis = engine.analyze(text, options);
    cost += performance.now() - t1;
  }
  return { analysis, version: -1, config, cost };
}

export function createBrowserContext(connection: Connection, documents: TextDocuments<TextDocument>, client: ClientFeatures, queued: Map<string, number>): BrowserContext {
  let folders: string[] = [];
  const readFiles = async (uris: readonly string[]): Promise<WebFiles.ReadResult[]> =>
    uris.length ? connection.sendRequest<WebFiles.ReadResult[]>(WebFiles.READ, { uris: [...uris] } satisfies WebFiles.ReadParams) : [];
  const listFolder = (uri: string): Promise<WebFiles.ListResult> => connection.sendRequest<WebFiles.ListResult>(WebFiles.LIST, { uri } satisfies WebFiles.ListParams);
  const store = createWebConfigStore(connection, client, { read: readFiles, list: listFolder }, () => folders);
  const cache = new Map<string, Analyzed>();
  const good = new Map<string, Analysis>();
  const run = (uri: string, text: string, skip?: () => boolean, open = false) => runEngine(store, documents, client, uri, text, skip, open);

  const ctx: BrowserContext = {
    connection,
    documents,
    client,
    readFiles,
    folderUris: () => folders,
    async analyze(uri) {
      const doc = documents.get(uri);
      if (!doc || !ctx.isPlanDocument(doc) || tooLarge(doc)) return undefined;
      const hit = cache.get(uri);
      if (hit && hit.version === doc.version) return hit;
      const version = doc.version;
      const result = await run(uri, doc.getText(), undefined, true);
      if (!result) return undefined;
      result.version = version;
      // While the configuration was read, the document may have moved on: keep only what is current.
      const now = documents.get(uri);
      if (now && now.version === version) {
        cache.set(uri, result);
        if (result.analysis.plan) good.set(uri, result.analysis);
      }
      ctx.verbose(`analysed ${uri} version ${version} in ${result.cost.toFixed(1)} ms`);
      return result;
    },
    analyzeFile: (uri, text) => run(uri, text, () => documents.get(uri) !== undefined),
    async analyzeText(uri, text) {
      return (await run(uri, text))!;
    },
    async checkPlans(list) {
      // One thread in a worker: the files are checked here, one at a time, letting the editor's requests in between.
      const out: CheckedPlan[] = [];
      for (const f of list) {
        const r = await run(f.uri, f.text);
        out.push(
          r
            ? { findings: r.analysis.findings.map(({ rule, severity, message, range }) => ({ rule, severity, message, range })), summary: summarisePlan(r.analysis, f.label, f.uri), rules: r.config.engineConfig.rules }
            : { findings: [], summary: unreadableSummary(f.label, f.uri, 'This file could not be checked.'), rules: {} },
        );
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return out;
    },
    lastGood: (uri) => good.get(uri),
    queuedVersion: (uri) => queued.get(uri),
    resetConfiguration(pushed) {
      store.reset(pushed);
      cache.clear();
      void connection.sendNotification(QippRequests.configurationChanged);
    },
    configurationFiles: () => store.configFiles,
    workspaceFolders: () => folders,
    setWorkspaceFolders(list: readonly WorkspaceFolder[]) {
      folders = list.map((f) => f.uri.replace(/\/$/, ''));
    },
    // As on Node: a document the editor calls YAML is judged as a YAML file, whatever its name (an untitled buffer).
    isPlanDocument: (doc) => doc.languageId === PLAN_LANGUAGE_ID || isPlanFile(doc.languageId === 'yaml' && !YAML_FILE_NAME.test(doc.uri) ? `${doc.uri}.yaml` : doc.uri, doc.getText()),
    log: (m) => connection.console.log(m),
    verbose: (m) => {
      if (store.trace() === 'verbose') connection.console.log(m);
    },
    async guard(what, fallback, fn) {
      try {
        return await fn();
      } catch (e) {
        connection.console.error(`${what} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      }
    },
  };
  documents.onDidClose((e) => {
    store.forget(e.document.uri);
    cache.delete(e.document.uri);
    good.delete(e.document.uri);
  });
  return ctx;
}
