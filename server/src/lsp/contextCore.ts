/**
 * What the language server's context is on both hosts, Node (context.ts) and
 * a web worker (browser/context.ts): the client's features, the settings,
 * configuration and engine of each document, and the analyses of open
 * documents, cached by version. Neither Node nor browser code (types from the
 * common vscode-languageserver only), so both bundles take it: each host hands
 * in how it loads a configuration and how it analyses a text.
 */
import type { ClientCapabilities, Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine, isPlanFile, readSettings, summarisePlan, YAML_FILE_NAME, type Analysis, type Engine, type Finding, type PlanConfig, type PlanSummary, type Settings, type SeveritySetting } from '../core';
import { PLAN_LANGUAGE_ID, QippRequests, SETTINGS_SECTION, type InitializationOptions } from '../protocol';
import { tooLarge } from './limits';

export interface Analyzed {
  analysis: Analysis;
  version: number;
  config: PlanConfig;
  /** Milliseconds the engine took. */
  cost: number;
}

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
  /** False in an untrusted workspace (initializationOptions.trusted): nothing of the workspace is read but its plans. */
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

/** What checking an analysed plan gives the workspace store. */
export function checkedPlan(r: Analyzed, f: PlanText): CheckedPlan {
  const findings = r.analysis.findings.map(({ rule, severity, message, range }) => ({ rule, severity, message, range }));
  return { findings, summary: summarisePlan(r.analysis, f.label, f.uri), rules: r.config.engineConfig.rules };
}

/**
 * How a host loads the configuration of a plan (by URI; `path` on Node, where
 * a plan not saved yet has none) with its settings. A new one is made for each
 * generation of the configuration (when a setting or a configuration file changes).
 */
export type ConfigLoader = (uri: string, path: string | undefined, settings: Settings) => PlanConfig | Promise<PlanConfig>;

/** Settings, configuration and engines per document, read once and kept until they change. */
export interface ConfigStore {
  configFor(uri: string, path?: string): Promise<PlanConfig>;
  engineFor(config: PlanConfig): Engine;
  reset(pushed?: unknown): void;
  forget(uri: string): void;
  /** Files configurations were read from (and files plans named), to watch. */
  readonly files: Set<string>;
  trace(): Settings['trace']['server'];
}

/** `newLoader` makes the loader of a generation; `fileKey` names a file read as the host's file events name it. */
export function createConfigStore(connection: Connection, client: ClientFeatures, newLoader: () => ConfigLoader, fileKey: (file: string) => string = (f) => f): ConfigStore {
  let load = newLoader();
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
    trace: () => trace,
    configFor(uri, path) {
      let c = configByUri.get(uri);
      if (!c) {
        // The loader of this generation, even if the configuration changes while the settings are read.
        const loader = load;
        c = settingsFor(uri).then(async (settings) => {
          const config = await loader(uri, path, settings);
          tell(config.problems);
          for (const f of config.files) files.add(fileKey(f));
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
      load = newLoader();
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

/** The part of a ServerContext that is the same on both hosts. */
export type SharedContext = Pick<
  ServerContext,
  'connection' | 'documents' | 'client' | 'analyze' | 'lastGood' | 'queuedVersion' | 'resetConfiguration' | 'configurationFiles' | 'isPlanDocument' | 'log' | 'verbose' | 'guard'
>;

/**
 * The analyses of open documents, cached by version, and what goes with them.
 * `analyzeOpen` analyses an open document's text as the host does (undefined
 * when it gave up); the cache is dropped with the configuration.
 */
export function createSharedContext(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  client: ClientFeatures,
  queued: Map<string, number>,
  store: ConfigStore,
  analyzeOpen: (uri: string, text: string) => Promise<Analyzed | undefined>,
): SharedContext {
  const cache = new Map<string, Analyzed>();
  const good = new Map<string, Analysis>();
  const verbose = (m: string) => {
    if (store.trace() === 'verbose') connection.console.log(m);
  };
  // A document the editor calls YAML is judged as a YAML file, whatever its name (an untitled buffer).
  const isPlanDocument = (doc: TextDocument) => doc.languageId === PLAN_LANGUAGE_ID || isPlanFile(doc.languageId === 'yaml' && !YAML_FILE_NAME.test(doc.uri) ? `${doc.uri}.yaml` : doc.uri, doc.getText());
  documents.onDidClose((e) => {
    store.forget(e.document.uri);
    cache.delete(e.document.uri);
    good.delete(e.document.uri);
  });
  return {
    connection,
    documents,
    client,
    async analyze(uri) {
      const doc = documents.get(uri);
      if (!doc || !isPlanDocument(doc) || tooLarge(doc)) return undefined;
      const hit = cache.get(uri);
      if (hit && hit.version === doc.version) return hit;
      const version = doc.version;
      const result = await analyzeOpen(uri, doc.getText());
      if (!result) return undefined;
      result.version = version;
      // While the configuration was read, the document may have moved on: keep only what is current.
      const now = documents.get(uri);
      if (now && now.version === version) {
        cache.set(uri, result);
        if (result.analysis.plan) good.set(uri, result.analysis);
      }
      verbose(`analysed ${uri} version ${version} in ${result.cost.toFixed(1)} ms`);
      return result;
    },
    lastGood: (uri) => good.get(uri),
    queuedVersion: (uri) => queued.get(uri),
    resetConfiguration(pushed) {
      store.reset(pushed);
      cache.clear();
      void connection.sendNotification(QippRequests.configurationChanged);
    },
    configurationFiles: () => store.files,
    isPlanDocument,
    log: (m) => connection.console.log(m),
    verbose,
    async guard(what, fallback, fn) {
      try {
        return await fn();
      } catch (e) {
        connection.console.error(`${what} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      }
    },
  };
}
