/**
 * Diagnostics, the cross-plan rules and the overview in the web worker: the
 * shared workspace analysis (../workspace.ts), with plan files found and read
 * through the extension (WebFiles.FIND, WebFiles.READ) and checked on this one
 * thread, a file at a time, so that the editor's requests are answered in between.
 */
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/browser';
import { isPlanFile, PLAN_FILE_NAME, YAML_FILE_NAME } from '../../core';
import { WebFiles } from '../../protocol';
import { displayUri, isInside } from '../../web/uri';
import { registerWorkspace, type FileRead, type PlanFiles, type WorkspaceAnalysis } from '../workspace';
import type { BrowserContext } from './context';

/** A file: URI's path, decoded, so that "later" orders plans as `qipp validate` orders their paths. */
function keyOf(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

function webFiles(ctx: BrowserContext): PlanFiles {
  return {
    async list() {
      if (!ctx.folderUris().length) return [];
      try {
        return (await ctx.connection.sendRequest<WebFiles.FindResult>(WebFiles.FIND)).uris.filter((u) => YAML_FILE_NAME.test(u)).sort();
      } catch (e) {
        ctx.connection.console.error(`Finding the workspace's plans failed: ${(e as Error).message ?? String(e)}`);
        return undefined;
      }
    },
    async read(uris) {
      return (await ctx.readFiles(uris)).map((r): FileRead => {
        if (r.text === undefined) {
          if (r.missing || !PLAN_FILE_NAME.test(r.uri)) return { uri: r.uri, gone: true };
          return { uri: r.uri, problem: `This file cannot be read: ${r.error ?? 'unknown error'}.` };
        }
        return isPlanFile(r.uri, r.text) ? { uri: r.uri, text: r.text } : { uri: r.uri, gone: true };
      });
    },
    folderOf: (uri) => ctx.folderUris().filter((f) => isInside(uri, f) && uri !== f).sort((x, y) => y.length - x.length)[0],
    keyOf,
    labelOf: (uri, folder) => displayUri(uri, folder),
    isConfiguration: (uri) => /(^|\/)\.qipprc\.yaml$/.test(uri) || /\.schema\.json$/.test(uri) || ctx.configurationFiles().has(uri),
    mayBePlan: (uri) => YAML_FILE_NAME.test(uri),
    // No setImmediate in a worker: a zero timer runs after the messages already read.
    soon: (fn) => void setTimeout(fn, 0),
    watch() {
      void ctx.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.qipprc.yaml' }, { globPattern: '**/*.schema.json' }],
      });
    },
  };
}

export function register(ctx: BrowserContext): WorkspaceAnalysis {
  return registerWorkspace(ctx, webFiles(ctx));
}
