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
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { discover, isPlanPath } from '../../node/discover';
import { readPlanFile } from '../../node/read';
import { FILE_UNREADABLE } from '../../node/rules';
import type { Finding } from '../../core';
import type { QippRequests } from '../../protocol';
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

type Reported = Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>;

/** What every part of the diagnostics feature shares. */
interface Diagnostics {
  ctx: ServerContext;
  publish(uri: string, findings: readonly Reported[], version?: number): void;
  /** Files on disk whose diagnostics the workspace validation published (so that closing a plan keeps it checked). */
  onDisk: Set<string>;
  /** Bumped by each workspace pass, so that a superseded pass stops. */
  generation: number;
}

const START: Reported['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function unreadable(message: string): Reported[] {
  return [{ rule: FILE_UNREADABLE, severity: 'error', message, range: START }];
}

/** Checks an open plan at its current version and publishes the result, unless a newer version supersedes it. */
async function validateOpen(d: Diagnostics, uri: string): Promise<void> {
  const { ctx } = d;
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const queued = ctx.queuedVersion(uri);
  if (queued !== undefined && queued > doc.version) return; // superseded: the newer change checks again
  if (tooLarge(doc)) {
    // Checking it would hold every other request for seconds: say so instead, as the CLI does.
    const mb = (doc.getText().length / (1024 * 1024)).toFixed(0);
    d.publish(uri, unreadable(`This file is about ${mb} MB, more than the 10 MB a plan may be, so it is not checked in the editor; split it into smaller plans.`), doc.version);
    return;
  }
  try {
    const result = await ctx.analyze(uri);
    if (!result) {
      d.publish(uri, [], doc.version); // not (or no longer) a plan: nothing to report
      return;
    }
    const now = ctx.documents.get(uri);
    if (!now || now.version !== result.version) return; // stale: a newer version is on its way
    d.publish(uri, result.analysis.findings, result.version);
  } catch (e) {
    ctx.connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? String(e)}`);
  }
}

/** Checks one plan file on disk that is not open. */
async function validateFile(d: Diagnostics, path: string): Promise<void> {
  const { ctx } = d;
  const uri = pathToUri(path);
  if (ctx.documents.get(uri)) return; // open documents are checked from their text
  const read = readPlanFile(path, MAX_BYTES);
  d.onDisk.add(uri);
  if (!read.ok) {
    d.publish(uri, unreadable(read.message));
    return;
  }
  const result = await ctx.analyzeFile(path, read.text);
  if (!result || ctx.documents.get(uri)) return; // opened meanwhile: its own check wins
  d.publish(uri, result.analysis.findings);
}

/** Counts of errors and warnings, added up as a pass goes. */
function tally(summary: QippRequests.ValidateWorkspaceResult, findings: readonly Reported[]): void {
  summary.plans++;
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
  }
}

/** One batch of the workspace pass: read, check off thread, publish; unreadable files are reported as such. */
async function checkBatch(d: Diagnostics, paths: readonly string[], mine: number, summary: QippRequests.ValidateWorkspaceResult): Promise<boolean> {
  const { ctx } = d;
  const batch: { path: string; text: string }[] = [];
  for (const path of paths) {
    const uri = pathToUri(path);
    if (ctx.documents.get(uri)) continue; // open documents are checked from their text
    d.onDisk.add(uri);
    const read = readPlanFile(path, MAX_BYTES);
    if (read.ok) batch.push({ path, text: read.text });
    else {
      d.publish(uri, unreadable(read.message));
      tally(summary, unreadable(read.message));
    }
  }
  const results = await ctx.checkFiles(batch);
  if (mine !== d.generation) return false;
  batch.forEach((f, k) => {
    const uri = pathToUri(f.path);
    tally(summary, results[k]);
    if (!ctx.documents.get(uri)) d.publish(uri, results[k]); // opened meanwhile: its own check wins
  });
  return true;
}

/**
 * Every plan file under the workspace folders that is not open, checked on a
 * worker thread in batches (so that progress can be shown and the editor's
 * requests never wait behind a large file); open plans are counted from their
 * own analysis. Resolves with the counts (cancelled when superseded or stopped).
 */
async function validateWorkspace(d: Diagnostics): Promise<QippRequests.ValidateWorkspaceResult> {
  const { ctx } = d;
  const mine = ++d.generation;
  const summary: QippRequests.ValidateWorkspaceResult = { plans: 0, errors: 0, warnings: 0, cancelled: false };
  const files = ctx.workspaceFolders().flatMap((folder) => discover([folder], folder).files.map((f) => f.path));
  const progress = ctx.client.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Checking plans', 0, `${files.length} plan file${files.length === 1 ? '' : 's'}`, true);
  const batchSize = Math.max(8, Math.ceil(files.length / 10));
  try {
    for (const doc of ctx.documents.all()) {
      const open = await ctx.analyze(doc.uri);
      if (open) tally(summary, open.analysis.findings);
    }
    for (let from = 0; from < files.length; from += batchSize) {
      if (mine !== d.generation || progress?.token.isCancellationRequested || !(await checkBatch(d, files.slice(from, from + batchSize), mine, summary))) {
        return { ...summary, cancelled: true }; // superseded or cancelled
      }
      const done = Math.min(files.length, from + batchSize);
      progress?.report(Math.round((done / files.length) * 100), `${done} of ${files.length}`);
    }
  } catch (e) {
    ctx.connection.console.error(`Checking the workspace failed: ${(e as Error).stack ?? String(e)}`);
    return { ...summary, cancelled: true };
  } finally {
    progress?.done();
  }
  return summary;
}

/** Plan and configuration files changed on disk: reload the configuration, or check what changed. */
function onWatchedFiles(d: Diagnostics, changes: readonly FileEvent[], revalidateAll: () => void): void {
  const { ctx } = d;
  const configFiles = ctx.configurationFiles();
  const isConfig = (e: FileEvent) => {
    const path = uriToPath(e.uri);
    return !!path && (/(^|\/)\.qipprc\.yaml$/.test(path) || /\.schema\.json$/.test(path) || configFiles.has(path));
  };
  if (changes.some(isConfig)) {
    ctx.resetConfiguration();
    revalidateAll();
    return;
  }
  for (const e of changes) {
    const path = uriToPath(e.uri);
    if (!path || ctx.documents.get(e.uri)) continue;
    if (e.type === FileChangeType.Deleted) {
      if (d.onDisk.delete(e.uri)) d.publish(e.uri, []);
    } else if (isPlanPath(path)) void validateFile(d, path);
    else if (d.onDisk.delete(e.uri)) d.publish(e.uri, []); // no longer a plan
  }
}

/** Starts the workspace pass once start-up is quiet: each plan opened meanwhile puts it back a little, a few times at most. */
function startWhenSettled(ctx: ServerContext, start: () => void): void {
  let putBack = 0;
  const go = () => {
    opened.dispose();
    start();
  };
  let timer = setTimeout(go, WORKSPACE_SETTLE_MS);
  const opened = ctx.documents.onDidOpen(() => {
    if (++putBack > 8) return;
    clearTimeout(timer);
    timer = setTimeout(go, WORKSPACE_SETTLE_MS);
  });
}

export function register(ctx: ServerContext): { initialized(): void; workspaceChanged(): void; validateWorkspace(): Promise<QippRequests.ValidateWorkspaceResult> } {
  const { connection, documents } = ctx;
  const scheduled = new Set<string>();
  const d: Diagnostics = {
    ctx,
    onDisk: new Set(),
    generation: 0,
    publish(uri, findings, version) {
      const diagnostics = findings.map(toDiagnostic);
      void connection.sendDiagnostics(version !== undefined && ctx.client.diagnosticVersions ? { uri, version, diagnostics } : { uri, diagnostics });
    },
  };

  const schedule = (uri: string) => {
    if (scheduled.has(uri)) return; // coalesced with the check already waiting
    scheduled.add(uri);
    // After the current message, so that a check follows the change it belongs to.
    setImmediate(() => {
      scheduled.delete(uri);
      void validateOpen(d, uri);
    });
  };
  const revalidateAll = () => {
    for (const doc of documents.all()) schedule(doc.uri);
    void validateWorkspace(d);
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    const path = uriToPath(uri);
    if (path && d.onDisk.has(uri)) void validateFile(d, path);
    else d.publish(uri, []);
  });
  connection.onDidChangeConfiguration((p) => {
    ctx.resetConfiguration(p.settings ?? undefined);
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles((p) => onWatchedFiles(d, p.changes, revalidateAll));

  return {
    initialized() {
      if (ctx.client.watchFilesDynamically) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.qipprc.yaml' }, { globPattern: '**/*.schema.json' }],
        });
      }
      startWhenSettled(ctx, () => void validateWorkspace(d));
    },
    workspaceChanged: () => void validateWorkspace(d),
    validateWorkspace: () => validateWorkspace(d),
  };
}
