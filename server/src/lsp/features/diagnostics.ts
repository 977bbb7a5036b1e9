/**
 * Diagnostics for open plans and for every plan file in the workspace.
 *
 * Open plans are checked at once after each change, with no fixed delay. A
 * burst of edits is coalesced: a check is skipped when the client has already
 * sent a newer version that the server has read but not yet applied (the
 * newer version schedules its own check), so work for a superseded version is
 * never started. Each result carries the version it was computed for, and a
 * result whose version is no longer current is dropped, never published.
 *
 * Workspace validation checks every plan file under the workspace folders with
 * work-done progress, and again when plan or configuration files change on disk.
 */
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic, type FileEvent } from 'vscode-languageserver/node';
import { isPlanFile, discover } from '../../node/discover';
import { readPlanFile } from '../../node/read';
import { FILE_UNREADABLE } from '../../node/rules';
import type { Finding } from '../../core';
import { pathToUri, tooLarge, uriToPath, type ServerContext } from '../context';
import { toDiagnostic } from '../convert';

/** The CLI's default file size limit, so that the editor and `qipp validate` agree on what is checked. */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Right after start-up the editor reopens the plans a person had open. Those
 * are checked first, on their own: the workspace pass (a worker thread that
 * reads every plan file) waits until start-up has been quiet this long, so
 * that it does not compete with them for the machine.
 */
const WORKSPACE_SETTLE_MS = 500;

export function register(ctx: ServerContext): { initialized(): void; workspaceChanged(): void } {
  const { connection, documents } = ctx;
  const scheduled = new Set<string>();
  /** Files on disk whose diagnostics the workspace validation published (so that closing a plan keeps it checked). */
  const onDisk = new Set<string>();
  let generation = 0;

  const publish = (uri: string, diagnostics: Diagnostic[], version?: number) => {
    void connection.sendDiagnostics(version !== undefined && ctx.client.diagnosticVersions ? { uri, version, diagnostics } : { uri, diagnostics });
  };

  const diagnosticsOf = (findings: readonly Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>[]) => findings.map(toDiagnostic);

  const validateOpen = async (uri: string): Promise<void> => {
    scheduled.delete(uri);
    const doc = documents.get(uri);
    if (!doc) return;
    const queued = ctx.queuedVersion(uri);
    if (queued !== undefined && queued > doc.version) return; // superseded: the newer change checks again
    if (tooLarge(doc)) {
      // Checking it would hold every other request for seconds: say so instead, as the CLI does.
      const mb = (doc.getText().length / (1024 * 1024)).toFixed(0);
      const message = `This file is about ${mb} MB, more than the 10 MB a plan may be, so it is not checked in the editor; split it into smaller plans.`;
      publish(uri, [toDiagnostic({ rule: FILE_UNREADABLE, severity: 'error', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })], doc.version);
      return;
    }
    try {
      const result = await ctx.analyze(uri);
      if (!result) {
        publish(uri, [], doc.version); // not (or no longer) a plan: nothing to report
        return;
      }
      const now = documents.get(uri);
      if (!now || now.version !== result.version) return; // stale: a newer version is on its way
      publish(uri, diagnosticsOf(result.analysis.findings), result.version);
    } catch (e) {
      connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? String(e)}`);
    }
  };

  const schedule = (uri: string) => {
    if (scheduled.has(uri)) return; // coalesced with the check already waiting
    scheduled.add(uri);
    // After the current message, so that a check follows the change it belongs to.
    setImmediate(() => void validateOpen(uri));
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const path = uriToPath(uri);
    if (path && onDisk.has(uri)) void validateFile(path);
    else publish(uri, []);
  });

  const validateFile = async (path: string): Promise<void> => {
    const uri = pathToUri(path);
    if (documents.get(uri)) return; // open documents are checked from their text
    const read = readPlanFile(path, MAX_BYTES);
    onDisk.add(uri);
    if (!read.ok) {
      publish(uri, [toDiagnostic({ rule: FILE_UNREADABLE, severity: 'error', message: read.message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })]);
      return;
    }
    const result = await ctx.analyzeFile(path, read.text);
    if (!result || documents.get(uri)) return; // opened meanwhile: its own check wins
    publish(uri, diagnosticsOf(result.analysis.findings));
  };

  /**
   * Every plan file under the workspace folders that is not open, checked on a
   * worker thread in batches (so that progress can be shown and the editor's
   * requests never wait behind a large file); open plans are checked from
   * their text, first.
   */
  const validateWorkspace = async (): Promise<void> => {
    const mine = ++generation;
    const files = ctx.workspaceFolders().flatMap((folder) => discover([folder], folder).files.map((f) => f.path));
    const progress = ctx.client.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Checking plans', 0, `${files.length} plan file${files.length === 1 ? '' : 's'}`, true);
    const batchSize = Math.max(8, Math.ceil(files.length / 10));
    try {
      for (let from = 0; from < files.length; from += batchSize) {
        if (mine !== generation || progress?.token.isCancellationRequested) return; // superseded or cancelled
        const batch: { path: string; text: string }[] = [];
        for (const path of files.slice(from, from + batchSize)) {
          const uri = pathToUri(path);
          if (documents.get(uri)) continue; // open documents are checked from their text
          onDisk.add(uri);
          const read = readPlanFile(path, MAX_BYTES);
          if (read.ok) batch.push({ path, text: read.text });
          else publish(uri, [toDiagnostic({ rule: FILE_UNREADABLE, severity: 'error', message: read.message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })]);
        }
        const results = await ctx.checkFiles(batch);
        if (mine !== generation) return;
        batch.forEach((f, k) => {
          const uri = pathToUri(f.path);
          if (!documents.get(uri)) publish(uri, diagnosticsOf(results[k])); // opened meanwhile: its own check wins
        });
        const done = Math.min(files.length, from + batchSize);
        progress?.report(Math.round((done / files.length) * 100), `${done} of ${files.length}`);
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
    const isConfig = (e: FileEvent) => {
      const path = uriToPath(e.uri);
      return !!path && (/(^|\/)\.qipprc\.yaml$/.test(path) || /\.schema\.json$/.test(path) || configFiles.has(path));
    };
    if (p.changes.some(isConfig)) {
      ctx.resetConfiguration();
      revalidateAll();
      return;
    }
    for (const e of p.changes) {
      const path = uriToPath(e.uri);
      if (!path || documents.get(e.uri)) continue;
      if (e.type === FileChangeType.Deleted) {
        if (onDisk.delete(e.uri)) publish(e.uri, []);
      } else if (isPlanFile(path)) void validateFile(path);
      else if (onDisk.delete(e.uri)) publish(e.uri, []); // no longer a plan
    }
  });

  return {
    initialized() {
      if (ctx.client.watchFilesDynamically) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.qipprc.yaml' }, { globPattern: '**/*.schema.json' }],
        });
      }
      // Each plan opened during start-up puts the workspace pass back a little, up to a few times.
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
