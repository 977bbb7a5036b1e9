/**
 * Diagnostics in the web worker: as features/diagnostics.ts on Node (open
 * plans checked after each change, superseded versions skipped, stale results
 * dropped), but plans that are not open are found and read through the
 * extension (WebFiles.FIND, WebFiles.READ) and checked on this one thread,
 * a file at a time, so that the editor's requests are answered in between.
 */
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent } from 'vscode-languageserver/browser';
import { isPlanFile, PLAN_FILE_NAME, YAML_FILE_NAME, type Finding } from '../../core';
import { WebFiles, type QippRequests } from '../../protocol';
import { toDiagnostic } from '../convert';
import { tooLarge, type BrowserContext } from './context';

/** Rule id of a file that cannot be checked, as the CLI and the Node server report it. */
const FILE_UNREADABLE = 'file-unreadable';
/** As on Node: the workspace pass waits until start-up has been quiet this long. */
const WORKSPACE_SETTLE_MS = 500;

type Reported = Pick<Finding, 'rule' | 'severity' | 'message' | 'range'>;
type Summary = QippRequests.ValidateWorkspaceResult;

/** What every part of the diagnostics feature shares. */
interface Diagnostics {
  ctx: BrowserContext;
  publish(uri: string, findings: readonly Reported[], version?: number): void;
  /** Files not open whose diagnostics a workspace pass published (so that closing a plan keeps it checked). */
  onDisk: Set<string>;
  /** Bumped by each workspace pass, so that a superseded pass stops. */
  generation: number;
}

const START: Reported['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function unreadable(message: string): Reported[] {
  return [{ rule: FILE_UNREADABLE, severity: 'error', message, range: START }];
}

/** Counts of errors and warnings, added up as a pass goes. */
function tally(summary: Summary | undefined, findings: readonly Reported[]): void {
  if (!summary) return;
  summary.plans++;
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
  }
}

/** Checks an open plan at its current version and publishes the result, unless a newer version supersedes it. */
async function validateOpen(d: Diagnostics, uri: string): Promise<void> {
  const { ctx } = d;
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const queued = ctx.queuedVersion(uri);
  if (queued !== undefined && queued > doc.version) return; // superseded: the newer change checks again
  if (tooLarge(doc)) {
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

/** Sorts what the client read into plans to check; unreadable plans and files no longer plans are published here. */
function sortRead(d: Diagnostics, read: readonly WebFiles.ReadResult[], summary?: Summary): { path: string; text: string }[] {
  const batch: { path: string; text: string }[] = [];
  for (const r of read) {
    if (d.ctx.documents.get(r.uri)) continue; // open documents are checked from their text
    if (r.text === undefined) {
      if (r.missing) {
        if (d.onDisk.delete(r.uri)) d.publish(r.uri, []);
      } else if (PLAN_FILE_NAME.test(r.uri)) {
        d.onDisk.add(r.uri);
        const findings = unreadable(`This file cannot be read: ${r.error ?? 'unknown error'}.`);
        d.publish(r.uri, findings);
        tally(summary, findings);
      }
      continue;
    }
    if (!isPlanFile(r.uri, r.text)) {
      if (d.onDisk.delete(r.uri)) d.publish(r.uri, []); // no longer a plan
      continue;
    }
    d.onDisk.add(r.uri);
    batch.push({ path: r.uri, text: r.text });
  }
  return batch;
}

/** Reads files through the client and checks those that are plans and not open; false when superseded. */
async function validateFiles(d: Diagnostics, uris: readonly string[], mine?: number, summary?: Summary): Promise<boolean> {
  const { ctx } = d;
  const read = await ctx.readFiles(uris.filter((u) => !ctx.documents.get(u)));
  if (mine !== undefined && mine !== d.generation) return false;
  const batch = sortRead(d, read, summary);
  const results = await ctx.checkFiles(batch);
  if (mine !== undefined && mine !== d.generation) return false;
  batch.forEach((f, k) => {
    tally(summary, results[k]);
    if (!ctx.documents.get(f.path)) d.publish(f.path, results[k]); // opened meanwhile: its own check wins
  });
  return true;
}

/** The YAML files of the workspace folders, through the client; undefined when they could not be listed. */
async function workspaceYaml(ctx: BrowserContext): Promise<string[] | undefined> {
  try {
    return (await ctx.connection.sendRequest<WebFiles.FindResult>(WebFiles.FIND)).uris.filter((u) => YAML_FILE_NAME.test(u)).sort();
  } catch (e) {
    ctx.connection.console.error(`Finding the workspace's plans failed: ${(e as Error).message ?? String(e)}`);
    return undefined;
  }
}

/**
 * Every plan under the workspace folders that is not open, read through the
 * client and checked in batches with progress; open plans are counted from
 * their own analysis. Resolves with the counts (cancelled when superseded or stopped).
 */
async function validateWorkspace(d: Diagnostics): Promise<Summary> {
  const { ctx } = d;
  const mine = ++d.generation;
  const summary: Summary = { plans: 0, errors: 0, warnings: 0, cancelled: false };
  if (!ctx.folderUris().length) return summary;
  const uris = await workspaceYaml(ctx);
  if (!uris || mine !== d.generation) return { ...summary, cancelled: true };
  const progress = ctx.client.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Checking plans', 0, `${uris.length} YAML file${uris.length === 1 ? '' : 's'}`, true);
  const batchSize = Math.max(8, Math.ceil(uris.length / 10));
  try {
    for (const doc of ctx.documents.all()) {
      const open = await ctx.analyze(doc.uri);
      if (open) tally(summary, open.analysis.findings);
    }
    for (let from = 0; from < uris.length; from += batchSize) {
      if (mine !== d.generation || progress?.token.isCancellationRequested || !(await validateFiles(d, uris.slice(from, from + batchSize), mine, summary))) {
        return { ...summary, cancelled: true }; // superseded or cancelled
      }
      const done = Math.min(uris.length, from + batchSize);
      progress?.report(Math.round((done / uris.length) * 100), `${done} of ${uris.length}`);
    }
  } catch (e) {
    ctx.connection.console.error(`Checking the workspace failed: ${(e as Error).stack ?? String(e)}`);
    return { ...summary, cancelled: true };
  } finally {
    progress?.done();
  }
  return summary;
}

/** Plan and configuration files changed: reload the configuration, or check what changed. */
function onWatchedFiles(d: Diagnostics, changes: readonly FileEvent[], revalidateAll: () => void): void {
  const { ctx } = d;
  const configFiles = ctx.configurationFiles();
  const isConfig = (e: FileEvent) => /(^|\/)\.qipprc\.yaml$/.test(e.uri) || /\.schema\.json$/.test(e.uri) || configFiles.has(e.uri);
  if (changes.some(isConfig)) {
    ctx.resetConfiguration();
    revalidateAll();
    return;
  }
  const changed: string[] = [];
  for (const e of changes) {
    if (ctx.documents.get(e.uri) || !YAML_FILE_NAME.test(e.uri)) continue;
    if (e.type === FileChangeType.Deleted) {
      if (d.onDisk.delete(e.uri)) d.publish(e.uri, []);
    } else changed.push(e.uri);
  }
  if (changed.length) void validateFiles(d, changed);
}

/** Starts the workspace pass once start-up is quiet: each plan opened meanwhile puts it back a little, a few times at most. */
function startWhenSettled(ctx: BrowserContext, start: () => void): void {
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

export function register(ctx: BrowserContext): { initialized(): void; workspaceChanged(): void; validateWorkspace(): Promise<Summary> } {
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
    // After the current message, so that a check follows the change it belongs to (no setImmediate in a worker).
    setTimeout(() => {
      scheduled.delete(uri);
      void validateOpen(d, uri);
    }, 0);
  };
  const revalidateAll = () => {
    for (const doc of documents.all()) schedule(doc.uri);
    void validateWorkspace(d);
  };

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    if (d.onDisk.has(uri)) void validateFiles(d, [uri]);
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
