/**
 * The workspace analysis both language servers share (the Node server through
 * features/diagnostics.ts, the web worker through browser/diagnostics.ts; each
 * gives a small PlanFiles: how to list, read and name plan files).
 *
 * The store keeps, for every plan of each workspace folder, its own findings
 * (full ranges, for publishing), its facts and rule severities (for the
 * cross-plan rules), and its summary for the overview: open plans from their
 * text at the current version, the others from disk (checked off the editor's
 * thread). Analyses of closed plans are not kept: only the summary.
 *
 * Open plans are checked at once after each change, with no fixed delay; a
 * check is skipped when the client has already sent a newer version, and a
 * result whose version is no longer current is dropped, never published.
 *
 * Cross-plan rules: after a burst of changes (every update in flight has
 * landed; then one flush queued after the messages already read), each folder
 * whose plans changed has crossPlanFindings run over its plans (key: the full
 * path of a file: URI, so "later" means what it means to `qipp validate`), and
 * every plan whose own findings or cross findings changed is published again,
 * so an edit in one plan can add or clear a finding in another. Plans outside
 * every folder get none, as a single-file `qipp validate`. A workspace pass
 * publishes each batch's plans with their own findings and runs the cross-plan
 * rules once over each folder at its end (edits meanwhile run them as ever).
 *
 * Nothing here holds the server's thread for long: reading into the store,
 * the cross-plan rules (crossPlanSteps), publishing and counting go in slices
 * of a few milliseconds, the editor's requests answered between them, and one
 * flush runs at a time.
 *
 * The overview (qipp/renderOverview) is the report of the store's plans;
 * qipp/overviewChanged is sent once per flush that changed something, after
 * its diagnostics, and only once a client has asked for an overview (nobody
 * looking costs nothing).
 */
import type { FileEvent, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { buildReport, crossPlanSteps, planFacts, renderReportHtml, summarisePlan, unreadableSummary, type Analysis, type PlanFacts, type PlanSummary, type SeveritySetting } from '../core';
import { QippRequests } from '../protocol';
import type { CheckedPlan, Reported, ServerContext } from './context';
import { tooLarge } from './limits';
import { toDiagnostic } from './convert';

/** How one server finds, reads and names plan files. URIs throughout. */
export interface PlanFiles {
  /** The plan (or YAML) files of the workspace folders; undefined when they could not be listed. */
  list(): Promise<string[] | undefined>;
  /** Files that are not open: the text of a plan, or why it cannot be read, or `gone` (missing, or not a plan). */
  read(uris: readonly string[]): Promise<FileRead[]>;
  /** The workspace folder a file is in (the innermost), as the server names folders; undefined outside them all. */
  folderOf(uri: string): string | undefined;
  /** What orders plans for "later": the full path of a file: URI, the URI otherwise. */
  keyOf(uri: string): string;
  /** How messages and the overview name a plan: its path relative to its folder. */
  labelOf(uri: string, folder: string): string;
  /** A watched file that is configuration (`.qipprc.yaml`, a schema, a timeline). */
  isConfiguration(uri: string): boolean;
  /** A watched file that may be a plan (a YAML file name). */
  mayBePlan(uri: string): boolean;
  /** Runs `fn` after the messages already read (setImmediate on Node, a zero timer in a worker). */
  soon(fn: () => void): void;
  /** Asks the client to watch plan and configuration files. */
  watch(): void;
}

export type FileRead = { uri: string; text: string } | { uri: string; problem: string } | { uri: string; gone: true };

/** One plan of the store. */
interface Entry {
  uri: string;
  folder: string;
  key: string;
  label: string;
  findings: readonly Reported[];
  facts: PlanFacts;
  rules: Readonly<Record<string, SeveritySetting>>;
  /** An open plan's version; undefined for a plan read from disk. */
  version?: number;
  /** The overview's summary; for an open plan made from `analysis` when first asked for. */
  summary?: PlanSummary;
  analysis?: Analysis;
  /** The plan's cross findings as last worked out; `sig`: those last published with it (undefined: not since it changed). */
  cross: Reported[];
  sig?: string;
  /** Facts and severities as a string: when an update leaves them as they were, no plan's cross findings change. */
  factsKey: string;
}

interface Workspace {
  ctx: ServerContext;
  files: PlanFiles;
  entries: Map<string, Entry>;
  /** Folders whose plans changed since the last flush, so that the cross-plan rules run again over them. */
  dirty: Set<string>;
  /** Plans whose own findings changed but whose facts did not (most edits): published with the cross findings they had. */
  touched: Set<string>;
  /** Updates in flight; the flush waits for them (a burst). */
  pending: number;
  flushQueued: boolean;
  /** The flush under way (one at a time: each works over the store in slices). */
  flushing?: Promise<void>;
  /** Bumped by each workspace pass, so that a superseded pass stops. */
  pass: number;
  /** The overview's generation: bumped by each flush that changed something. */
  generation: number;
  firstPassDone: boolean;
  /** A client has asked for the overview: from then on it hears of changes. */
  overviewAsked: boolean;
  /** The last page rendered, kept until the next change (a panel shown again asks for the same page). */
  page?: { key: string; result: QippRequests.RenderOverviewResult };
}

/** The workspace's counts and the open plans outside every folder, for Validate Workspace. */
type Summary = QippRequests.ValidateWorkspaceResult;

const START: Reported['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const FILE_UNREADABLE = 'file-unreadable';

function unreadable(message: string): Reported[] {
  return [{ rule: FILE_UNREADABLE, severity: 'error', message, range: START }];
}

/** Long work on the server's thread goes in slices of about this long, the editor's messages answered between them. */
const SLICE_MS = 4;

/** Call between items of a long loop: after SLICE_MS of work, waits until the messages already read have been handled. */
type Slice = () => Promise<void>;

function slicer(w: Workspace): Slice {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await new Promise<void>((resolve) => w.files.soon(resolve));
    since = performance.now();
  };
}

function publish(w: Workspace, uri: string, findings: readonly Reported[], version?: number): void {
  const diagnostics = findings.map(toDiagnostic);
  void w.ctx.connection.sendDiagnostics(version !== undefined && w.ctx.client.diagnosticVersions ? { uri, version, diagnostics } : { uri, diagnostics });
}

/** Own findings and cross findings in position order, as `qipp validate` merges them. */
function merged(own: readonly Reported[], cross: readonly Reported[]): Reported[] {
  if (cross.length === 0) return [...own];
  return [...own, ...cross].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function put(w: Workspace, e: Omit<Entry, 'cross' | 'sig' | 'key' | 'label' | 'factsKey'>): void {
  const old = w.entries.get(e.uri);
  const factsKey = JSON.stringify([e.facts, e.rules]);
  const same = old !== undefined && old.folder === e.folder && old.factsKey === factsKey;
  w.entries.set(e.uri, { ...e, key: w.files.keyOf(e.uri), label: w.files.labelOf(e.uri, e.folder), cross: same ? old.cross : [], factsKey });
  w.touched.add(e.uri);
  if (!same) w.dirty.add(e.folder);
  if (old && old.folder !== e.folder) w.dirty.add(old.folder); // a workspace folder was added inside another
}

/** Drops a plan from the store (deleted, no longer a plan, outside the folders) and clears its diagnostics. */
function remove(w: Workspace, uri: string, clear = true): void {
  const e = w.entries.get(uri);
  if (!e) return;
  w.entries.delete(uri);
  w.dirty.add(e.folder);
  if (clear) publish(w, uri, []);
}

/** Runs an update counted as in flight, then queues the flush (which waits for the others). */
async function update<T>(w: Workspace, fn: () => Promise<T>): Promise<T> {
  w.pending++;
  try {
    return await fn();
  } finally {
    w.pending--;
    flushSoon(w);
  }
}

function flushSoon(w: Workspace): void {
  if (w.flushQueued || (w.dirty.size === 0 && w.touched.size === 0)) return;
  w.flushQueued = true;
  w.files.soon(() => {
    w.flushQueued = false;
    if (w.pending === 0) void flushNow(w);
  });
}

/**
 * Runs a flush after the one under way, if any. `force`: even when nothing changed (the overview
 * hears). `cross: false`: the cross-plan rules wait (a pass's batches: run once at its end, not over
 * the whole folder after every batch).
 */
async function flushNow(w: Workspace, force = false, cross = true): Promise<void> {
  while (w.flushing) await w.flushing;
  const run = flush(w, force, cross).catch((e) => w.ctx.connection.console.error(`Publishing the workspace's diagnostics failed: ${(e as Error).stack ?? String(e)}`));
  w.flushing = run;
  try {
    await run;
  } finally {
    if (w.flushing === run) w.flushing = undefined;
  }
}

/**
 * The cross-plan rules over every folder that changed (unless `cross` is false); plans whose
 * diagnostics changed are published; the overview hears once. In slices: plans that change meanwhile
 * are left to the next flush.
 */
async function flush(w: Workspace, force: boolean, cross: boolean): Promise<void> {
  if (w.touched.size === 0 && (w.dirty.size === 0 || !cross) && !force) return;
  const folders = cross ? [...w.dirty] : [];
  const touched = [...w.touched];
  if (cross) w.dirty.clear();
  w.touched.clear();
  const slice = slicer(w);
  for (const folder of folders) await crossFolder(w, folder, slice);
  for (const uri of touched) {
    const e = w.entries.get(uri);
    if (e && !folders.includes(e.folder)) publishEntry(w, e, JSON.stringify(e.cross));
    await slice();
  }
  w.generation++;
  if (w.overviewAsked) void w.ctx.connection.sendNotification(QippRequests.overviewChanged, { generation: w.generation } satisfies QippRequests.OverviewChangedParams);
}

async function crossFolder(w: Workspace, folder: string, slice: Slice): Promise<void> {
  const plans: Entry[] = [];
  for (const e of w.entries.values()) if (e.folder === folder) plans.push(e);
  const steps = crossPlanSteps(plans.map((e) => ({ key: e.key, label: e.label, facts: e.facts, rules: e.rules })));
  let step = steps.next();
  for (; !step.done; step = steps.next()) await slice();
  const found = step.value;
  for (let i = 0; i < plans.length; i++) {
    const cross = found[i].map(({ rule, severity, message, range }) => ({ rule, severity, message, range }));
    const e = plans[i];
    const now = w.entries.get(e.uri);
    if (now !== e) {
      // Checked again meanwhile: the next flush publishes it, with these findings when its facts are the same.
      if (now && now.folder === e.folder && now.factsKey === e.factsKey) now.cross = cross;
      continue;
    }
    e.cross = cross;
    const sig = JSON.stringify(e.cross);
    if (e.sig !== sig) publishEntry(w, e, sig);
    await slice();
  }
}

/** Publishes a plan's own and cross findings, unless it is an open plan's older version (the newer one publishes). */
function publishEntry(w: Workspace, e: Entry, sig: string): void {
  if (e.version !== undefined && w.ctx.documents.get(e.uri)?.version !== e.version) return;
  e.sig = sig;
  publish(w, e.uri, merged(e.findings, e.cross), e.version);
}

/** Checks an open plan at its current version: into the store when it is in a folder, else published alone. */
async function updateOpen(w: Workspace, uri: string): Promise<void> {
  const { ctx } = w;
  const doc = ctx.documents.get(uri);
  if (!doc) return;
  const queued = ctx.queuedVersion(uri);
  if (queued !== undefined && queued > doc.version) return; // superseded: the newer change checks again
  const folder = w.files.folderOf(uri);
  if (tooLarge(doc)) {
    // Checking it would hold every other request for seconds: say so instead, as the CLI does.
    const mb = (doc.getText().length / (1024 * 1024)).toFixed(0);
    remove(w, uri, false);
    publish(w, uri, unreadable(`This file is about ${mb} MB, more than the 10 MB a plan may be, so it is not checked in the editor; split it into smaller plans.`), doc.version);
    return;
  }
  try {
    const result = await ctx.analyze(uri);
    const now = ctx.documents.get(uri);
    if (!now || now.version !== (result?.version ?? doc.version)) return; // stale: a newer version is on its way
    if (!result || folder === undefined) {
      remove(w, uri, false);
      publish(w, uri, result ? result.analysis.findings : [], now.version); // not a plan, or outside every folder: alone
      return;
    }
    const a = result.analysis;
    put(w, { uri, folder, findings: a.findings, facts: planFacts(a), rules: result.config.engineConfig.rules, version: result.version, analysis: a });
  } catch (e) {
    ctx.connection.console.error(`Checking ${uri} failed: ${(e as Error).stack ?? String(e)}`);
  }
}

/** What reading and checking a batch of plans that are not open gave, to go into the store. */
interface Fetched {
  read: FileRead[];
  batch: { uri: string; text: string; label: string; folder: string }[];
  results: CheckedPlan[];
}

/** Reads and checks plans that are not open (off the editor's thread on Node); the store is not touched yet. */
async function fetchDisk(w: Workspace, uris: readonly string[]): Promise<Fetched> {
  const { ctx, files } = w;
  const read = await files.read(uris.filter((u) => !ctx.documents.get(u)));
  const batch: Fetched['batch'] = [];
  for (const r of read) {
    const folder = files.folderOf(r.uri);
    if ('text' in r && folder !== undefined && !ctx.documents.get(r.uri)) batch.push({ uri: r.uri, text: r.text, label: files.labelOf(r.uri, folder), folder });
  }
  return { read, batch, results: await ctx.checkPlans(batch) };
}

/** Puts what fetchDisk gave into the store: plans gone (or outside the folders) leave it; open plans keep their own check. */
async function applyDisk(w: Workspace, f: Fetched): Promise<void> {
  const { ctx, files } = w;
  const slice = slicer(w);
  for (const r of f.read) {
    await slice();
    if (ctx.documents.get(r.uri)) continue; // open documents are checked from their text
    const folder = files.folderOf(r.uri);
    if ('gone' in r || folder === undefined) remove(w, r.uri);
    else if ('problem' in r) {
      const summary = unreadableSummary(files.labelOf(r.uri, folder), r.uri, r.problem);
      put(w, { uri: r.uri, folder, findings: unreadable(r.problem), facts: summary.facts, rules: {}, summary });
    }
  }
  for (let k = 0; k < f.batch.length; k++) {
    await slice();
    const b = f.batch[k];
    if (ctx.documents.get(b.uri)) continue; // opened meanwhile: its own check wins
    const r = f.results[k];
    put(w, { uri: b.uri, folder: b.folder, findings: r.findings, facts: r.summary.facts, rules: r.rules, summary: r.summary });
  }
}

async function checkDisk(w: Workspace, uris: readonly string[]): Promise<void> {
  await applyDisk(w, await fetchDisk(w, uris));
}

/**
 * The plans on disk in batches, each published (its own findings) as it comes, the cross-plan rules
 * waiting for the end of the pass; the next batch is read and checked while this one goes into the store. False when
 * superseded or stopped.
 */
async function passBatches(w: Workspace, uris: readonly string[], mine: number, progress: WorkDoneProgressServerReporter | undefined): Promise<boolean> {
  const batchSize = Math.max(8, Math.ceil(uris.length / 10));
  const batches: string[][] = [];
  for (let from = 0; from < uris.length; from += batchSize) batches.push(uris.slice(from, from + batchSize));
  const fetch = (k: number) => {
    const p = fetchDisk(w, batches[k]);
    p.catch(() => undefined); // awaited below; a batch left behind when superseded may fail quietly
    return p;
  };
  let next = batches.length ? fetch(0) : undefined;
  for (let k = 0; k < batches.length; k++) {
    const got = await next!;
    const cancelled = progress?.token.isCancellationRequested;
    if (cancelled) w.firstPassDone = true; // stopped by the person: the overview shows what there is
    if (mine !== w.pass || cancelled) return false;
    next = k + 1 < batches.length ? fetch(k + 1) : undefined;
    await applyDisk(w, got);
    await flushNow(w, false, false);
    const done = Math.min(uris.length, (k + 1) * batchSize);
    progress?.report(Math.round((done / uris.length) * 100), `${done} of ${uris.length}`);
  }
  return true;
}

/** Counts of plans, errors and warnings over the store and the open plans outside it. */
async function tally(w: Workspace): Promise<Summary> {
  const summary: Summary = { plans: 0, errors: 0, warnings: 0, cancelled: false };
  const count = (findings: readonly Reported[]) => {
    summary.plans++;
    for (const f of findings) {
      if (f.severity === 'error') summary.errors++;
      else if (f.severity === 'warning') summary.warnings++;
    }
  };
  const slice = slicer(w);
  for (const e of w.entries.values()) {
    count(merged(e.findings, e.cross));
    await slice();
  }
  for (const doc of w.ctx.documents.all()) {
    if (w.entries.has(doc.uri)) continue;
    const open = await w.ctx.analyze(doc.uri);
    if (open) count(open.analysis.findings);
  }
  return summary;
}

/**
 * Every plan of the workspace folders: open plans from their text, the others
 * read and checked in batches with progress (so the editor's requests never
 * wait behind a large folder). Plans no longer found leave the store. Resolves
 * with the counts, after the diagnostics (cancelled when superseded or stopped).
 */
async function workspacePass(w: Workspace): Promise<Summary> {
  const { ctx } = w;
  const mine = ++w.pass;
  const uris = await w.files.list();
  if (!uris || mine !== w.pass) {
    if (mine === w.pass) flushSoon(w); // a pass this one superseded may have left the cross-plan rules waiting
    return { plans: 0, errors: 0, warnings: 0, cancelled: true };
  }
  const progress = ctx.client.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Checking plans', 0, `${uris.length} plan file${uris.length === 1 ? '' : 's'}`, true);
  let finished = false;
  try {
    for (const doc of ctx.documents.all()) await update(w, () => updateOpen(w, doc.uri));
    if (!(await passBatches(w, uris, mine, progress))) return { plans: 0, errors: 0, warnings: 0, cancelled: true };
    const found = new Set(uris);
    for (const e of [...w.entries.values()]) if (e.version === undefined && !found.has(e.uri)) remove(w, e.uri);
    w.firstPassDone = true;
    finished = true;
  } catch (e) {
    ctx.connection.console.error(`Checking the workspace failed: ${(e as Error).stack ?? String(e)}`);
    return { plans: 0, errors: 0, warnings: 0, cancelled: true };
  } finally {
    if (mine === w.pass) {
      // The cross-plan rules, once over each folder (stopped: over the plans reached); forced at the end, so that the overview leaves "partial".
      await flushNow(w, finished);
    }
    progress?.done();
  }
  return tally(w);
}

/** Plan and configuration files changed on disk (or a plan was renamed: deleted then created): the store follows. */
function onWatchedFiles(w: Workspace, changes: readonly FileEvent[], revalidateAll: () => void): void {
  const { ctx, files } = w;
  if (changes.some((e) => files.isConfiguration(e.uri))) {
    ctx.resetConfiguration();
    revalidateAll();
    return;
  }
  const changed: string[] = [];
  for (const e of changes) {
    if (ctx.documents.get(e.uri)) continue; // an open plan's text wins over the disk
    if (e.type === 3 /* FileChangeType.Deleted */) {
      const under = e.uri.endsWith('/') ? e.uri : `${e.uri}/`;
      for (const uri of [...w.entries.keys()]) if ((uri === e.uri || uri.startsWith(under)) && !ctx.documents.get(uri)) remove(w, uri);
    } else if (files.mayBePlan(e.uri) && files.folderOf(e.uri) !== undefined) changed.push(e.uri);
  }
  if (changed.length) void update(w, () => checkDisk(w, changed));
  else flushSoon(w);
}

/** The overview page from the store: each plan's summary with its cross findings; named by folder too when there are several. */
function renderOverview(w: Workspace, p: QippRequests.RenderOverviewParams): QippRequests.RenderOverviewResult {
  w.overviewAsked = true;
  const key = JSON.stringify([w.generation, w.firstPassDone, p.mode, p.nonce, p.cspSource, p.scriptUri, p.styleUri]);
  if (w.page?.key === key) return w.page.result;
  const folders = new Set([...w.entries.values()].map((e) => e.folder));
  const summaries = [...w.entries.values()].map((e) => overviewSummary(e, folders.size > 1));
  const model = buildReport(summaries);
  const webview = p.mode === 'webview' && p.nonce ? { nonce: p.nonce, cspSource: p.cspSource, scriptUri: p.scriptUri, styleUri: p.styleUri, partial: !w.firstPassDone } : undefined;
  const html = renderReportHtml(model, webview ? { title: 'QIPP plans overview', webview } : {});
  const result = { html, plans: model.summary.plans, generation: w.generation, partial: !w.firstPassDone };
  w.page = { key, result };
  return result;
}

function overviewSummary(e: Entry, named: boolean): PlanSummary {
  if (!e.summary && e.analysis) {
    e.summary = summarisePlan(e.analysis, e.label, e.uri);
    e.analysis = undefined; // the summary is all the overview needs
  }
  const s = e.summary ?? unreadableSummary(e.label, e.uri, 'This plan has not been checked yet.');
  const file = named ? `${e.folder.replace(/\/+$/, '').split('/').pop()}/${e.label}` : e.label;
  const cross = e.cross.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line, character: f.range.start.character }));
  const problems = cross.length ? [...s.problems, ...cross].sort((a, b) => a.line - b.line || a.character - b.character) : s.problems;
  return { ...s, file, problems };
}

/** As the preview's start-up: the workspace pass waits until start-up has been quiet this long (reopened plans first). */
const WORKSPACE_SETTLE_MS = 500;

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

export interface WorkspaceAnalysis {
  initialized(): void;
  workspaceChanged(): void;
  validateWorkspace(): Promise<Summary>;
}

/** Diagnostics, the cross-plan rules and the overview for one server; `files` is how it reaches plan files. */
export function registerWorkspace(ctx: ServerContext, files: PlanFiles): WorkspaceAnalysis {
  const { connection, documents } = ctx;
  const w: Workspace = { ctx, files, entries: new Map(), dirty: new Set(), touched: new Set(), pending: 0, flushQueued: false, pass: 0, generation: 0, firstPassDone: false, overviewAsked: false };
  const scheduled = new Set<string>();
  const schedule = (uri: string) => {
    if (scheduled.has(uri)) return; // coalesced with the check already waiting
    scheduled.add(uri);
    // After the current message, so that a check follows the change it belongs to.
    files.soon(() => {
      scheduled.delete(uri);
      void update(w, () => updateOpen(w, uri));
    });
  };
  const revalidateAll = () => {
    for (const doc of documents.all()) schedule(doc.uri);
    void workspacePass(w);
  };
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    if (files.folderOf(uri) !== undefined) void update(w, () => checkDisk(w, [uri])); // back to what is on disk
    else publish(w, uri, []);
  });
  connection.onDidChangeConfiguration((p) => {
    ctx.resetConfiguration(p.settings ?? undefined);
    revalidateAll();
  });
  connection.onDidChangeWatchedFiles((p) => onWatchedFiles(w, p.changes, revalidateAll));
  connection.onRequest(QippRequests.renderOverview, (p: QippRequests.RenderOverviewParams) => ctx.guard('Overview', null, () => renderOverview(w, p ?? { mode: 'export' })));
  return {
    initialized() {
      if (ctx.client.watchFilesDynamically) files.watch();
      startWhenSettled(ctx, () => void workspacePass(w));
    },
    workspaceChanged: () => void workspacePass(w),
    validateWorkspace: () => workspacePass(w),
  };
}
