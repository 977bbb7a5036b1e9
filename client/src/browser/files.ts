/**
 * Reading the workspace for the web language server (WebFiles requests), through
 * `vscode.workspace.fs` (whatever file system the workspace is on). An open
 * editor's text wins over the file's, as on Node.
 */
import * as vscode from 'vscode';
import { WebFiles } from '../../../server/src/protocol';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readFiles(uris: readonly string[]): Promise<WebFiles.ReadResult[]> {
  return Promise.all(
    uris.map(async (uri): Promise<WebFiles.ReadResult> => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (open) return { uri, text: open.getText() };
      let target: vscode.Uri;
      try {
        target = vscode.Uri.parse(uri, true);
      } catch (e) {
        return { uri, error: `not a URI (${(e as Error).message})` };
      }
      try {
        const stat = await vscode.workspace.fs.stat(target);
        if (stat.type & vscode.FileType.Directory) return { uri, error: 'it is a folder' };
        if (stat.size > WebFiles.MAX_BYTES) return { uri, error: `it is larger than ${WebFiles.MAX_BYTES / (1024 * 1024)} MB` };
        const bytes = await vscode.workspace.fs.readFile(target);
        let text: string;
        try {
          text = utf8.decode(bytes);
        } catch {
          return { uri, error: 'it is not UTF-8 text' };
        }
        return { uri, text: text.replace(/^\uFEFF/, '') };
      } catch (e) {
        if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound')) return { uri, missing: true };
        if ((e as { code?: string })?.code === 'FileNotFound' || /ENOENT|FileNotFound|EntryNotFound/.test(String((e as Error)?.message ?? e))) return { uri, missing: true };
        return { uri, error: String((e as Error)?.message ?? e) };
      }
    }),
  );
}

/** The names of the files in a folder (extra schema folders). */
export async function listFolder(uri: string): Promise<WebFiles.ListResult> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri, true));
    return { uri, names: entries.filter(([, type]) => type & vscode.FileType.File).map(([name]) => name).sort() };
  } catch (e) {
    if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound')) return { uri, missing: true };
    return { uri, error: String((e as Error)?.message ?? e) };
  }
}

/** The YAML files of the workspace folders, outside node_modules and folders whose names start with a dot (as `qipp validate` searches). */
export async function findYamlFiles(): Promise<WebFiles.FindResult> {
  if (!vscode.workspace.workspaceFolders?.length) return { uris: [] };
  const found = await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,**/.*/**}');
  return { uris: found.map((u) => u.toString()).sort() };
}
