/**
 * What every feature of the server shares: the connection, the open
 * documents, and each document's analysis at its current version. Analyses
 * are computed on demand and cached by version, so a completion right after an
 * edit and the diagnostics of that edit share one run of the engine.
 */
import { dirname, resolve } from 'node:path';
import { relativeReader } from '../node/named-files';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClientCapabilities, Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine, isPlanFile, summarisePlan, unreadableSummary, YAML_FILE_NAME, type Analysis, type Engine, type EngineConfig, type Finding, type PlanSummary, type SeveritySetting } from '../core';
import { keptChecker, type CheckJob, type KeptChecker } from '../node/check';
import { PLAN_LANGUAGE_ID, QippRequests, SETTINGS_SECTION, type InitializationOptions } from '../protocol';
import { createPlanConfigLoader, readSettings, type PlanConfig, type Settings } from '../node/settings';

export interface Analyzed {
  analysis: Analysis;
  version: number;
  config: PlanConfig;
  /** Milliseconds the engine took. */
  cost: number;
}

export { MAX_DOCUMENT_CHARS, tooLarge } from './limits';
import { tooLarge } from './limits';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly client: ClientFeatures;
  /** The analysis of an open plan at its current version; undefined for documents that are not plans. */
  analyze(uri: string): Promise<Analyzed | undefined>;
  /**
   * The analysis of a file on disk (workspace validation), with the configuration an open document
   * would get; undefined when the file is open in the editor by then (its text wins).
   */
  analyzeFile(path: string, text: string): Promise<Analyzed | undefined>;
  /** The analysis of a text the server does not have open (a preview export of a closed plan). */
  analyzeText(uri: string, text: string): Promise<Analyzed>;
  /**
   * Check plans that are not open (a worker thread on Node, so that the
   * editor's own requests are not kept waiting): each one's findings, summary
   * (named `label`, linked to its URI) and rule severities, in order.
   */
  checkPlans(files: readonly PlanText[]): Promise<CheckedPlan[]>;
  /** The most recent analysis of the document that had a plan, for completion while the text does not parse. */
  lastGood(uri: string): Analysis | undefined;
  /** The newest version of the document read from the client but not yet applied. */
  queuedVersion(uri: string): number | undefined;
  /** Drops cached settings and configuration (settings or a configuration file changed); `pushed` is what the client sent with the change. */
  resetConfiguration(pushed?: unknown): void;
  /** Files configurations were read from (`.qipprc.yaml`, extra schemas, timelines). */
  configurationFiles(): Set<string>;
  workspaceFolders(): string[];
  setWorkspaceFolders(folders: readonly WorkspaceFolder[]): void;
  isPlanDocument(doc: TextDocument): boolean;
  log(message: string): void;
  verbose(message: string): void;
  /** Runs a request handler; a failure is logged and answered with `fallback`, never thrown at the client. */
  guard<T>(what: string, fallback: T, fn: () => T | Promise<T>): Promise<T>;
}

/** A plan's text to check: `uri` names it (a file: URI on Node), `label` is how the overview names it. */
export interface PlanText {
  uri: string;
  text: string;
  label: string;
}

export type Reported = Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>;

/** What checking a plan that is not open gives the workspace store. */
export interface CheckedPlan {
  findings: Reported[];
  summary: PlanSummary;
  rules: Readonly<Record<string, SeveritySetting>>;
}

export interface ClientFeatures {
  snippets: boolean;
  markdown: boolean;
  configuration: boolean;
  workDoneProgress: boolean;
  watchFilesDynamically: boolean;
  versionedEdits: boolean;
  diagnosticVersions: boolean;
  /** False in an untrusted workspace (initializationOptions.trusted): built-in schemas and timeline only. */
  trusted: boolean;
}

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

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Settings and configuration per document, read once and kept until they change. */
interface ConfigStore {
  configFor(uri: string, path: string | undefined): Promise<PlanConfig>;
  engineFor(config: PlanConfig): Engine;
  reset(pushed?: unknown): void;
  forget(uri: string): void;
  readonly files: Set<string>;
  readonly engines: Map<string, Engine>;
  trace(): Settings['trace']['server'];
}

function createConfigStore(connection: Connection, client: ClientFeatures, folders: () => string[], folderOf: (path: string) => string | undefined): ConfigStore {
  let loadConfig = createPlanConfigLoader(client.trusted, folderOf);
  const settingsByUri = new Map<string, Promise<Settings>>();
  const configByUri = new Map<string, Promise<PlanConfig>>();
  const engines = new Map<string, Engine>();
  const files = new Set<string>();
  const told = new Set<string>();
  let pushedSettings: unknown;
  let trace: Settings['trace']['server'] = 'off';

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
    files,
    engines,
    trace: () => trace,
    configFor(uri, path) {
      let c = configByUri.get(uri);
      if (!c) {
        c = settingsFor(uri).then((settings) => {
          const planPath = path ?? resolve(folders()[0] ?? process.cwd(), 'untitled.plan.yaml');
          const config = loadConfig(planPath, folderOf(planPath) ?? folders()[0], settings);
          tell(config.problems);
          for (const f of config.files) files.add(resolve(f));
          return config;
        });
        configByUri.set(uri, c);
      }
      return c;
    },
    engineFor(config) {
      let e = engines.get(config.key);
      if (!e) {
        // The editing path: an edit reparses only the list items it touched; a property test holds it to a full parse.
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
      loadConfig = createPlanConfigLoader(client.trusted, folderOf);
      files.clear();
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
 * The engine's reader of the file a plan names (national_timeline): the open document's text when there is
 * one, else the disk through fs-guard, inside the plan's workspace folder (named-files.ts); every file it
 * looked at is watched. No reader at all in an untrusted workspace, or for a plan not saved yet.
 */
function planReader(documents: TextDocuments<TextDocument>, client: ClientFeatures, watched: Set<string>, planPath: string | undefined, root: string | undefined) {
  if (!planPath || !client.trusted) return undefined;
  const deps: Record<string, string | null> = {};
  const read = relativeReader(planPath, { root, deps, openText: (path) => documents.get(pathToUri(path))?.getText() });
  return (relativePath: string) => {
    const out = read(relativePath);
    for (const path of Object.keys(deps)) watched.add(path);
    return out;
  };
}

/** Checks plans on a worker thread with each one's configuration; timeline files they read are watched. */
async function checkPlansOffThread(checker: KeptChecker, store: ConfigStore, connection: Connection, client: ClientFeatures, files: readonly PlanText[], rootOf: (path: string) => string): Promise<CheckedPlan[]> {
  const configs: EngineConfig[] = [];
  const index = new Map<string, number>();
  const jobs: CheckJob[] = [];
  const rules: EngineConfig['rules'][] = [];
  for (const f of files) {
    const path = uriToPath(f.uri) ?? f.uri;
    const config = await store.configFor(f.uri, path);
    let i = index.get(config.key);
    if (i === undefined) {
      index.set(config.key, (i = configs.length));
      configs.push(config.engineConfig);
    }
    rules.push(config.engineConfig.rules);
    jobs.push({ path, text: f.text, config: i, readFiles: client.trusted, root: rootOf(path), anywhere: config.anywhere, want: 'findings+summary', file: f.label, href: f.uri });
  }
  const results = await checker.check(jobs, configs);
  return results.map((r, k) => {
    for (const dep of Object.keys(r.deps)) store.files.add(dep);
    if (r.crash !== undefined) connection.console.error(`Checking ${files[k].uri} failed: ${r.crash}`);
    return { findings: r.diagnostics, summary: r.summary ?? unreadableSummary(files[k].label, files[k].uri, `qipp failed while checking this file (${(r.crash ?? 'no result').split('\n')[0]}); please report it.`), rules: rules[k] };
  });
}

export function createContext(connection: Connection, documents: TextDocuments<TextDocument>, client: ClientFeatures, queued: Map<string, number>): ServerContext {
  let folders: string[] = [];
  const folderOf = (path: string): string | undefined => folders.filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/')).sort((x, y) => y.length - x.length)[0];
  const store = createConfigStore(connection, client, () => folders, folderOf);
  const rootOf = (path: string) => folderOf(path) ?? dirname(path);
  // One worker thread for the batches of a workspace pass, kept while they come.
  const checker = keptChecker();
  const cache = new Map<string, Analyzed>();
  const good = new Map<string, Analysis>();

  const run = async (path: string | undefined, text: string, uri: string, skip?: () => boolean, open = false): Promise<Analyzed | undefined> => {
    const config = await store.configFor(uri, path);
    if (skip?.()) return undefined;
    const engine = store.engineFor(config);
    const t0 = performance.now();
    // An open document names itself, so that its next edit moves this tree's unchanged parts instead of rebuilding them.
    const readRelative = planReader(documents, client, store.files, path, path && !config.anywhere ? rootOf(path) : undefined);
    const analysis = engine.analyze(text, { readRelative, ...(open ? { document: uri } : {}) });
    return { analysis, version: -1, config, cost: performance.now() - t0 };
  };

  const ctx: ServerContext = {
    connection,
    documents,
    client,
    async analyze(uri) {
      const doc = documents.get(uri);
      if (!doc || !ctx.isPlanDocument(doc) || tooLarge(doc)) return undefined;
      const hit = cache.get(uri);
      if (hit && hit.version === doc.version) return hit;
      const version = doc.version;
      const result = (await run(uriToPath(uri), doc.getText(), uri, undefined, true))!;
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
    analyzeFile(path, text) {
      const uri = pathToUri(path);
      return run(path, text, uri, () => documents.get(uri) !== undefined);
    },
    async analyzeText(uri, text) {
      return (await run(uriToPath(uri), text, uri))!;
    },
    async checkPlans(files) {
      // One plan (a save, a file changed on disk) is checked here, as quickly as an edit; a batch goes to a worker thread.
      if (files.length === 1) {
        const f = files[0];
        try {
          const r = (await run(uriToPath(f.uri), f.text, f.uri))!;
          const findings = r.analysis.findings.map(({ rule, severity, message, range }) => ({ rule, severity, message, range }));
          return [{ findings, summary: summarisePlan(r.analysis, f.label, f.uri), rules: r.config.engineConfig.rules }];
        } catch (e) {
          connection.console.error(`Checking ${f.uri} failed here, trying a worker thread: ${(e as Error).stack ?? String(e)}`);
        }
      }
      return checkPlansOffThread(checker, store, connection, client, files, rootOf);
    },
    lastGood: (uri) => good.get(uri),
    queuedVersion: (uri) => queued.get(uri),
    resetConfiguration(pushed) {
      store.reset(pushed);
      cache.clear();
      void connection.sendNotification(QippRequests.configurationChanged);
    },
    configurationFiles: () => store.files,
    workspaceFolders: () => folders,
    setWorkspaceFolders(list) {
      folders = list.flatMap((f) => {
        const p = uriToPath(f.uri);
        return p ? [p] : [];
      });
    },
    // A document the editor calls YAML is judged as a YAML file, whatever its name (an untitled buffer).
    isPlanDocument: (doc) => doc.languageId === PLAN_LANGUAGE_ID || isPlanFile(doc.languageId === 'yaml' && !YAML_FILE_NAME.test(doc.uri) ? `${doc.uri}.yaml` : doc.uri, doc.getText()),
    log: (m) => connection.console.log(m),
    verbose: (m) => {
      if (store.trace() === 'verbose') connection.console.log(m);
    },
    guard: (what, fallback, fn) => guarded(connection, what, fallback, fn),
  };
  documents.onDidClose((e) => {
    store.forget(e.document.uri);
    cache.delete(e.document.uri);
    good.delete(e.document.uri);
  });
  return ctx;
}

/** Runs a request handler; a failure is logged and answered with `fallback`. */
async function guarded<T>(connection: Connection, what: string, fallback: T, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    connection.console.error(`${what} failed: ${(e as Error).stack ?? String(e)}`);
    return fallback;
  }
}
