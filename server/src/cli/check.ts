/**
 * Checking plan texts, on this thread or spread over worker threads. The same
 * function does the work in both places, so results cannot depend on where a
 * file was checked; they come back in the order the files were given.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createEngine } from '../core';
import type { Engine, EngineConfig } from '../core';
import { sha256 } from './cache';
import type { Diagnostic } from './formatters';

export interface CheckJob {
  path: string;
  text: string;
  /** Index into the configurations sent along with the jobs. */
  config: number;
  /** False in an untrusted workspace: files the plan names (`national_timeline:`) are not read. */
  readFiles?: boolean;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** Files the plan read (`national_timeline:`) and their hashes, null when unreadable. */
  deps: Record<string, string | null>;
  /** Set when the engine threw, which it promises never to do. */
  crash?: string;
}

/** Below this many files, starting a worker costs more than it saves. */
const PARALLEL_FROM = 24;

function checkOne(job: CheckJob, engine: Engine): CheckResult {
  const deps: Record<string, string | null> = {};
  const base = dirname(job.path);
  const readRelative = (relativePath: string): string | undefined => {
    if (job.readFiles === false) return undefined;
    const path = resolve(base, relativePath);
    try {
      const bytes = readFileSync(path);
      deps[path] = sha256(bytes);
      return bytes.toString('utf8').replace(/^\uFEFF/, '');
    } catch {
      deps[path] = null;
      return undefined;
    }
  };
  try {
    const diagnostics = engine
      .analyze(job.text, { readRelative })
      .findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
    return { diagnostics, deps };
  } catch (e) {
    return { diagnostics: [], deps, crash: (e as Error)?.stack ?? String(e) };
  }
}

function checkSerially(jobs: readonly CheckJob[], configs: readonly EngineConfig[]): CheckResult[] {
  const engines = new Map<number, Engine>();
  return jobs.map((job) => {
    let engine = engines.get(job.config);
    if (!engine) engines.set(job.config, (engine = createEngine(configs[job.config])));
    return checkOne(job, engine);
  });
}

/**
 * Check every job; with many files, share them with worker threads (one per
 * further core), this thread taking its part too. `workers: 0` keeps it serial.
 */
export async function checkAll(jobs: readonly CheckJob[], configs: readonly EngineConfig[], workers = defaultWorkers()): Promise<CheckResult[]> {
  const helpers = jobs.length >= PARALLEL_FROM ? Math.min(workers, Math.floor(jobs.length / (PARALLEL_FROM / 2))) : 0;
  if (helpers <= 0) return checkSerially(jobs, configs);
  // Interleave, so that large and small files spread evenly: share k goes to helper k, share 0 stays here.
  const shares: number[][] = Array.from({ length: helpers + 1 }, () => []);
  jobs.forEach((_, i) => shares[i % (helpers + 1)].push(i));
  const pending = shares.slice(1).map((indices) => onWorker(__filename, indices.map((i) => jobs[i]), configs));
  const results: CheckResult[] = new Array(jobs.length);
  const mine = checkSerially(shares[0].map((i) => jobs[i]), configs);
  shares[0].forEach((i, k) => (results[i] = mine[k]));
  let fromWorkers: CheckResult[][];
  try {
    fromWorkers = await Promise.all(pending);
  } catch {
    // A worker that could not run (a restricted environment) is no reason to fail: do its share here.
    fromWorkers = shares.slice(1).map((indices) => checkSerially(indices.map((i) => jobs[i]), configs));
  }
  fromWorkers.forEach((list, w) => shares[w + 1].forEach((i, k) => (results[i] = list[k])));
  return results;
}

/**
 * Check every job on one worker thread, leaving this thread free (the
 * language server keeps answering the editor while it checks the workspace).
 * Falls back to checking here when no worker can be started.
 */
export async function checkOffThread(jobs: readonly CheckJob[], configs: readonly EngineConfig[], script = __filename): Promise<CheckResult[]> {
  if (jobs.length === 0) return [];
  try {
    return await onWorker(script, jobs, configs);
  } catch {
    return checkSerially(jobs, configs);
  }
}

function onWorker(script: string, jobs: readonly CheckJob[], configs: readonly EngineConfig[]): Promise<CheckResult[]> {
  return new Promise<CheckResult[]>((done, fail) => {
    const worker = new Worker(script, { workerData: { qippCheck: true, jobs, configs } });
    let answered = false;
    worker.once('message', (results: CheckResult[]) => {
      answered = true;
      done(results);
      void worker.terminate();
    });
    worker.once('error', fail);
    // A worker that ends without answering (say, a bundle that is not ours) is a failure, never a hang.
    worker.once('exit', (code) => answered || fail(new Error(`a worker thread stopped (code ${code}) without its results`)));
  });
}

function defaultWorkers(): number {
  const env = process.env.QIPP_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.max(0, Math.min(availableParallelism(), 8) - 1);
}

/** The worker side: when this bundle is started as a check worker, do the share and send it back. */
export function runWorkerIfAsked(): boolean {
  if (isMainThread || !(workerData as { qippCheck?: boolean } | null)?.qippCheck) return false;
  const { jobs, configs } = workerData as { jobs: CheckJob[]; configs: EngineConfig[] };
  parentPort!.postMessage(checkSerially(jobs, configs));
  return true;
}
