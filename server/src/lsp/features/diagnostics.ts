/**
 * Diagnostics, the cross-plan rules and the overview on Node: the shared
 * workspace analysis (../workspace.ts) with plan files found by discover(),
 * read from disk (bounded, as the CLI reads them) and checked on a worker
 * thread (ctx.checkPlans).
 */
import { existsSync } from 'node:fs';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { discover, displayPath, isPlanPath, toPosix } from '../../node/discover';
import { readPlanFile } from '../../node/read';
import { pathToUri, uriToPath, type ServerContext } from '../context';
import { registerWorkspace, type FileRead, type PlanFiles, type WorkspaceAnalysis } from '../workspace';

/** The CLI's default file size limit, so that the editor and `qipp validate` agree on what is checked. */
const MAX_BYTES = 10 * 1024 * 1024;

function nodeFiles(ctx: ServerContext): PlanFiles {
  const folderOfPath = (path: string) => ctx.workspaceFolders().filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/')).sort((x, y) => y.length - x.length)[0];
  return {
    async list() {
      const uris = new Set<string>();
      for (const folder of ctx.workspaceFolders()) for (const f of discover([folder], folder).files) uris.add(pathToUri(f.path));
      return [...uris].sort();
    },
    async read(uris) {
      return uris.map((uri): FileRead => {
        const path = uriToPath(uri);
        if (!path || !existsSync(path) || !isPlanPath(path)) return { uri, gone: true };
        const r = readPlanFile(path, MAX_BYTES);
        return r.ok ? { uri, text: r.text } : { uri, problem: r.message };
      });
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
