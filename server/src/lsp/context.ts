/**
 * What every feature of the server shares, on Node: the connection, the open
 * documents, and each document's analysis at its current version. Analyses
 * are computed on demand and cached by version, so a completion right after an
 * edit and the diagnostics of that edit share one run of the engine. What the
 * web worker's context shares with this one is in contextCore.ts; here are the
 * disk (configuration, the files a plan names) and the worker threads.
 */
import { dirname, resolve } from 'node:path';
import { relativeReader } from '../node/named-files';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { unreadableSummary, type EngineConfig } from '../core';
import { keptChecker, type CheckJob, type KeptChecker } from '../node/check';
import { createPlanConfigLoader } from '../node/settings';
import { checkedPlan, createConfigStore, createSharedContext, type Analyzed, type CheckedPlan, type ClientFeatures, type ConfigStore, type PlanText, type ServerContext } from './contextCore';

export { clientFeatures, type Analyzed, type CheckedPlan, type ClientFeatures, type PlanText, type Reported, type ServerContext } from './contextCore';
export { MAX_DOCUMENT_CHARS, tooLarge } from './limits';

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
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
  const store = createConfigStore(
    connection,
    client,
    () => {
      const load = createPlanConfigLoader(client.trusted, folderOf);
      return (_uri, path, settings) => {
        const planPath = path ?? resolve(folders[0] ?? process.cwd(), 'untitled.plan.yaml');
        return load(planPath, folderOf(planPath) ?? folders[0], settings);
      };
    },
    (file) => resolve(file),
  );
  const rootOf = (path: string) => folderOf(path) ?? dirname(path);
  // One worker thread for the batches of a workspace pass, kept while they come.
  const checker = keptChecker();

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

  return {
    ...createSharedContext(connection, documents, client, queued, store, (uri, text) => run(uriToPath(uri), text, uri, undefined, true)),
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
          return [checkedPlan((await run(uriToPath(f.uri), f.text, f.uri))!, f)];
        } catch (e) {
          connection.console.error(`Checking ${f.uri} failed here, trying a worker thread: ${(e as Error).stack ?? String(e)}`);
        }
      }
      return checkPlansOffThread(checker, store, connection, client, files, rootOf);
    },
    workspaceFolders: () => folders,
    setWorkspaceFolders(list) {
      folders = list.flatMap((f) => {
        const p = uriToPath(f.uri);
        return p ? [p] : [];
      });
    },
  };
}
