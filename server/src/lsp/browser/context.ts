/**
 * The ServerContext of the language server in a web worker (VS Code for the
 * Web): what lsp/context.ts is on Node, without a file system, on the same
 * contextCore.ts. Files the server needs (`.qipprc.yaml`, timelines, plans
 * that are not open; in an untrusted workspace only the plans) are asked of
 * the extension, which reads them with `vscode.workspace.fs` (protocol.ts,
 * WebFiles). Documents are named by their URIs throughout.
 *
 * A plan's own `national_timeline:` is read by the engine synchronously, so
 * the first analysis notes the files it missed, they are fetched, and the plan
 * is analysed again with them (once per file: the cache remembers what was read).
 */
import type { Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver/browser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { unreadableSummary } from '../../core';
import { WebFiles } from '../../protocol';
import { createWebConfigLoader, WebFileCache } from '../../web/config';
import { dirnameUri, isInside, resolveUri } from '../../web/uri';
import { checkedPlan, createConfigStore, createSharedContext, type Analyzed, type CheckedPlan, type ClientFeatures, type ConfigStore, type ServerContext } from '../contextCore';

/** As on Node: open documents over 10 MB are not analysed. */
export { MAX_DOCUMENT_CHARS, tooLarge } from '../limits';
export { clientFeatures } from '../contextCore';

export interface BrowserContext extends ServerContext {
  /** Reads files through the client, uncached (plans for workspace validation). */
  readFiles(uris: readonly string[]): Promise<WebFiles.ReadResult[]>;
  /** The workspace folders' URIs. */
  folderUris(): string[];
}

/**
 * Analyses a text with its configuration. A file the plan names
 * (national_timeline) comes from an open document or from what the client
 * sent; when one was not read yet, it is fetched and the plan analysed again.
 */
async function runEngine(store: ConfigStore, files: WebFileCache, documents: TextDocuments<TextDocument>, client: ClientFeatures, uri: string, text: string, skip?: () => boolean, open = false): Promise<Analyzed | undefined> {
  const config = await store.configFor(uri);
  if (skip?.()) return undefined;
  const engine = store.engineFor(config);
  const t0 = performance.now();
  const missed: string[] = [];
  const readRelative = (relativePath: string): string | { unreadable: string } | undefined => {
    if (!client.trusted || /^untitled:/.test(uri)) return undefined;
    const target = resolveUri(dirnameUri(uri), relativePath);
    store.files.add(target);
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
  const folderOf = (uri: string): string | undefined => folders.filter((f) => isInside(uri, f)).sort((x, y) => y.length - x.length)[0];
  // The files read through the client, for one generation of the configuration.
  let files!: WebFileCache;
  const store = createConfigStore(connection, client, () => {
    files = new WebFileCache(readFiles, listFolder);
    const load = createWebConfigLoader(client.trusted, files);
    return (uri, _path, settings) => load(uri, folderOf(uri) ?? folders[0], settings);
  });
  const run = (uri: string, text: string, skip?: () => boolean, open = false) => runEngine(store, files, documents, client, uri, text, skip, open);

  return {
    ...createSharedContext(connection, documents, client, queued, store, (uri, text) => run(uri, text, undefined, true)),
    readFiles,
    folderUris: () => folders,
    analyzeFile: (uri, text) => run(uri, text, () => documents.get(uri) !== undefined),
    async analyzeText(uri, text) {
      return (await run(uri, text))!;
    },
    async checkPlans(list) {
      // One thread in a worker: the files are checked here, one at a time, letting the editor's requests in between.
      const out: CheckedPlan[] = [];
      for (const f of list) {
        const r = await run(f.uri, f.text);
        out.push(r ? checkedPlan(r, f) : { findings: [], summary: unreadableSummary(f.label, f.uri, 'This file could not be checked.'), rules: {} });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      return out;
    },
    workspaceFolders: () => folders,
    setWorkspaceFolders(list: readonly WorkspaceFolder[]) {
      folders = list.map((f) => f.uri.replace(/\/$/, ''));
    },
  };
}
