/**
 * Diagnostics, the cross-plan rules and the overview on Node: the shared
 * workspace analysis (../workspace.ts) with plan files found by discoverFolder() (as discover() finds them, without holding the thread),
 * read from disk (bounded, as the CLI reads them) and checked on a worker
 * thread (ctx.checkPlans).
 */
import { existsSync } from 'node:fs';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { discoverFolder, displayPath, isPlanPath, toPosix } from '../../node/discover';
import { readPlanFile } from '../../node/read';
import { pathToUri, uriToPath, type ServerContext } from '../context';
import { registerWorkspace, type FileRead, type PlanFiles, type WorkspaceAnalysis } from '../workspace';

/** The CLI's default file size limit, so that the editor and `qipp validate` agree on what is checked. */
const MAX_BYTES = 10 * 1024 * 1024;
/** Reading a batch of plans yields to the editor's messages after this long. */
const READ_SLICE_MS = 4;

function nodeFiles(ctx: ServerContext): PlanFiles {
  const folderOfPath = (path: string) => ctx.workspaceFolders().filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/')).sort((x, y) => y.length - x.length)[0];
  return {
    async list() {
      // Found as `qipp validate FOLDER` finds them, but a folder at a time and in slices: a large workspace never holds the editor's requests.
      const uris = new Set<string>();
      let since = performance.now();
      for (const folder of ctx.workspaceFolders()) {
        for (const path of await discoverFolder(folder)) {
          if (performance.now() - since > READ_SLICE_MS) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            since = performance.now();
          }
          uris.add(pathToUri(path));
        }
      }
      return [...uris].sort();
    },
    async read(uris) {
      // Read here, but in slices: the editor's requests are answered between them.
      const out: FileRead[] = [];
      let since = performance.now();
      for (const uri of uris) {
        if (performance.now() - since > READ_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          since = performance.now();
        }
        const path = uriToPath(uri);
        if (!path || !existsSync(path) || !isPlanPath(path)) out.push({ uri, gone: true });
        else {
          const r = readPlanFile(path, MAX_BYTES);
          out.push(r.ok ? { uri, text: r.text } : { uri, problem: r.message });
        }
      }
      return out;
    },
    folderOf(uri) {
      const path = uriToPath(uri);
      return path === undefined ? undefined : folderOfPath(path);
    },
    keyOf: (uri) => uriToPath(uri) ?? uri,
    // As `qipp validate` run in the folder names its files.
    labelOf: (uri, folder) => toPosix(displayPath(uriToPath(uri) ?? uri, folder)),
    isConfiguration(uri) {
      const path = uriToPath(uri);
      return !!path && (/(^|\/)\.qipprc\.yaml$/.test(path) || /\.schema\.json$/.test(path) || ctx.configurationFiles().has(path));
    },
    mayBePlan: (uri) => /\.ya?ml$/i.test(uri),
    soon: (fn) => void setImmediate(fn),
    watch() {
      void ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.qipprc.yaml' }, { globPattern: '**/*.schema.json' }],
      });
    },
  };
}

export function register(ctx: ServerContext): WorkspaceAnalysis {
  return registerWorkspace(ctx, nodeFiles(ctx));
}
