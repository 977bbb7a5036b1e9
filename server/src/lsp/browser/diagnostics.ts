/**
 * Diagnostics in the web worker: as features/diagnostics.ts on Node (open
 * plans checked after each change, superseded versions skipped, stale results
 * dropped), but plans that are not open are found and read through the
 * extension (WebFiles.FIND, WebFiles.READ) and checked on this one thread,
 * a file at a time, so that the editor's requests are answered in between.
 */
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type FileEvent } from 'vscode-languageserver/browser';
import { sniffKind, type Finding } from '../../core';
import { WebFiles } from '../../protocol';
import { toDiagnostic } from '../convert';
import { tooLarge, type BrowserContext } from './context';

/** Rule id of a file that cannot be checked, as the CLI and the Node server report it. */
const FILE_UNREADABLE = 'file-unreadable';
const WORKSPACE_SETTLE_MS = 500;
const PLAN_NAME = /\.plan\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;

const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function register(ctx: BrowserContext): { initialized(): void; workspaceChanged(): void } {
  const { connection, documents } = ctx;
  const scheduled = new Set<string>();
  const onDisk = new Set<string>();
  let generation = 0;

  const publish = (uri: string, diagnostics: Diagnostic[], version?: number) => {
    void connection.sendDiagnostics(version !== undefined && ctx.client.diagnosticVersions ? { uri, version, diagnostics } : { uri, diagnostics });
  };
  const diagnosticsOf = (findings: readonly Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>[]) => findings.map(toDiagnostic);
  const unreadable = (message: string) => [toDiagnostic({ rule: FILE_UNREADABLE, severity: 'error', message, range: at0 })];

  const validateOpen = async (uri: string): Promise<void> => {
    scheduled.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const queued = ctx.queuedVersion(uri);
    if (queued !== undefined && queued > doc.version) return;
    if (tooLarge(doc)) {
      const mb = (doc.getText().length / (1024 * 1024)).toFixed(0);
      publish(uri, unreadable(`This file is about ${mb} MB, more than the 10 MB a plan may be, so it is not checked in the editor; split it into smaller plans.`), doc.version);
      return;
    }
    try {
      const result = await ctx.analyze(uri);
      if (!result) {
        publish(uri, [], doc.version);
        return;
      }
      const now = documents.get(uri);
      if (!now || now.version !== result.version) return;
      publish(uri, diagnosticsOf(result.analysis.findings), result.version);
    } catch (e) {
      connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? String(e)}`);
    }
  };

  const schedule = (uri: string) => {
    if (scheduled.has(uri)) return;
    scheduled.add(uri);
    setTimeout(() => void validateOpen(uri), 0); // after the current message, so that a check follows its change
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    if (onDisk.has(uri)) void validateFiles([uri]);
    else publish(uri, []);
  });

  /** A plan file is `*.plan.yaml`/`*.plan.yml`, or YAML whose top-level kind is a plan kind. */
  const isPlan = (uri: string, text: string) => PLAN_NAME.test(uri) || sniffKind(text) !== undefined;

  /** Reads files through the client and checks those that are plans and not open; false when superseded. */
  const validateFiles = async (uris: readonly string[], mine?: number): Promise<boolean> => {
    const read = await ctx.readFiles(uris.filter((u) => !documents.get(u)));
    if (mine !== undefined && mine !== generation) return false;
    const batch: { path: string; text: string }[] = [];
    for (const r of read) {
      if (documents.get(r.uri)) continue;
      if (r.text === undefined) {
        if (r.missing) {
          if (onDisk.delete(r.uri)) publish(r.uri, []);
        } else if (PLAN_NAME.test(r.uri)) {
          onDisk.add(r.uri);
          publish(r.uri, unreadable(`This file cannot be read: ${r.error ?? 'unknown error'}.`));
        }
        continue;
      }
      if (!isPlan(r.uri, r.text)) {
        if (onDisk.delete(r.uri)) publish(r.uri, []); // no longer a plan
        continue;
      }
      onDisk.add(r.uri);
      batch.push({ path: r.uri, text: r.text });
    }
    const results = await ctx.checkFiles(batch);
    if (mine !== undefined && mine !== generation) return false;
    batch.forEach((f, k) => {
      if (!documents.get(f.path)) publish(f.path, diagnosticsOf(results[k]));
    });
    return true;
  };

  const validateWorkspace = async (): Promise<void> => {
    const mine = ++generation;
    if (!ctx.folderUris().length) return;
    let uris: string[];
    try {
      uris = (await connection.sendRequest<WebFiles.FindResult>(WebFiles.FIND)).uris.filter((u) => YAML_NAME.test(u)).sort();
    } catch (e) {
      connection.console.error(`Finding the workspace's plans failed: ${(e as Error).message ?? String(e)}`);
      return;
    }
    if (mine !== generation) return;
    const progress = ctx.client.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Checking plans', 0, `${uris.length} YAML file${uris.length === 1 ? '' : 's'}`, true);
    const batchSize = Math.max(8, Math.ceil(uris.length / 10));
    try {
      for (let from = 0; from < uris.length; from += batchSize) {
        if (mine !== generation || progress?.token.isCancellationRequested) return;
        if (!(await validateFiles(uris.slice(from, from + batchSize), mine))) return;
        const done = Math.min(uris.length, from + batchSize);
        progress?.report(Math.round((done / uris.length) * 100), `${done} of ${uris.length}`);
      }
    } catch (e) {
      connection.console.error(`Checking the workspace failed: ${(e as Error).stack ?? String(e)}`);
    } finally {
      progress?.done();
    }
  };

  const revalidateAll = () => {
    for (const d of documents.all()) schedule(d.uri);
    void validateWorkspace();
  };

  connection.onDidChangeConfiguration((p) => {
    ctx.resetConfiguration(p.settings ?? undefined);
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((p) => {
    const configFiles = ctx.configurationFiles();
    const isConfig = (e: FileEvent) => /(^|\/)\.qipprc\.yaml$/.test(e.uri) || /\.schema\.json$/.test(e.uri) || configFiles.has(e.uri);
    if (p.changes.some(isConfig)) {
      ctx.resetConfiguration();
      revalidateAll();
      return;
    }
    const changed: string[] = [];
    for (const e of p.changes) {
      if (documents.get(e.uri) || !YAML_NAME.test(e.uri)) continue;
      if (e.type === FileChangeType.Deleted) {
        if (onDisk.delete(e.uri)) publish(e.uri, []);
      } else changed.push(e.uri);
    }
    if (changed.length) void validateFiles(changed);
  });

  return {
    initialized() {
      if (ctx.client.watchFilesDynamically) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.qipprc.yaml' }, { globPattern: '**/*.schema.json' }],
        });
      }
      let putBack = 0;
      const start = () => {
        opened.dispose();
        void validateWorkspace();
      };
      let timer = setTimeout(start, WORKSPACE_SETTLE_MS);
      const opened = documents.onDidOpen(() => {
        if (++putBack > 8) return;
        clearTimeout(timer);
        timer = setTimeout(start, WORKSPACE_SETTLE_MS);
      });
    },
    workspaceChanged: () => void validateWorkspace(),
  };
}
