/**
 * Checking plan texts, on this thread or spread over worker threads. The same
 * function does the work in both places, so results cannot depend on where a
 * file was checked; they come back in the order the files were given.
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createEngine, planFacts, summarisePlan } from '../core';
import type { Engine, EngineConfig, PlanFacts, PlanSummary } from '../core';
import { relativeReader } from './named-files';
import type { Diagnostic } from './report';

export interface CheckJob {
  path: string;
  text: string;
  /** Index into the configurations sent along with the jobs. */
  config: number;
  /** False in an untrusted workspace: files the plan names (`national_timeline:`) are not read. */
  readFiles?: boolean;
  /**
   * Also give back what the cross-plan rules need (`facts`), or the plan's
   * whole summary for the report across plans (`summary`, which holds the facts
   * and the problems, so the diagnostics are not sent twice), or both the
   * diagnostics with their full ranges and the summary (`findings+summary`: the
   * language server's workspace store, which publishes the one and reports the other).
   */
  want?: 'facts' | 'summary' | 'findings+summary';
  /** How the report names the plan, and where its link points (for `want: 'summary'`). */
  file?: string;
  href?: string;
  /** The folder files the plan names must be inside (named-files.ts); the plan's own folder when not given. */
  root?: string;
  /** Lifts the confinement to `root` (--allow-files-outside, qipp.allowFilesOutsideWorkspace). */
  anywhere?: boolean;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** Files the plan read (`national_timeline:`) and their hashes, null when unreadable. */
  deps: Record<string, string | null>;
  /** Set when the engine threw, which it promises never to do. */
  crash?: string;
  facts?: PlanFacts;
  summary?: PlanSummary;
}

/** Below this many files, starting a worker costs more than it saves. */
const PARALLEL_FROM = 24;

function checkOne(job: CheckJob, engine: Engine): CheckResult {
  const deps: Record<string, string | null> = {};
  const read = relativeReader(job.path, { root: job.anywhere ? undefined : (job.root ?? dirname(job.path)), deps });
  // In an untrusted workspace the engine gets no reader, and says so.
  const readRelative = job.readFiles === false ? undefined : read;
  try {
    const analysis = engine.analyze(job.text, { readRelative });
    const diagnostics = analysis.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
    // The summary holds the diagnostics as its problems: not sent twice.
    if (job.want === 'summary') return { diagnostics: [], deps, summary: summarisePlan(analysis, job.file ?? job.path, job.href) };
    if (job.want === 'findings+summary') return { diagnostics, deps, summary: summarisePlan(analysis, job.file ?? job.path, job.href) };
    if (job.want === 'facts') return { diagnostics, deps, facts: planFacts(analysis) };
    return { diagnostics, deps };
  } catch (e) {
    return { diagnostics: [], deps, crash: (e as Error)?.stack ?? String(e) };
  }
}

function checkSerially(jobs: readonly CheckJob[], configs: readonly EngineConfig[]): CheckResult[] {
  const engines = new Map<number, Engine>();
  return jobs.map((job) => checkWith(job, engines, configs));
}

function checkWith(job: CheckJob, engines: Map<number, Engine>, configs: readonly EngineConfig[]): CheckResult {
  let engine = engines.get(job.config);
  if (!engine) engines.set(job.config, (engine = createEngine(configs[job.config])));
  return checkOne(job, engine);
}

/**
 * The jobs of a shared run, claimed one at a time: slot 0 is the next job to
 * claim; slot 1 + i says who claimed job i (0: this thread, k: helper k).
 */
type Claims = Int32Array;

/** Claims and checks jobs until none is left; returns what this thread checked, by job index. */
function claimAndCheck(claims: Claims, who: number, jobs: readonly CheckJob[], configs: readonly EngineConfig[]): [number, CheckResult][] {
  const engines = new Map<number, Engine>();
  const out: [number, CheckResult][] = [];
  for (let i = Atomics.add(claims, 0, 1); i < jobs.length; i = Atomics.add(claims, 0, 1)) {
    Atomics.store(claims, 1 + i, who);
    out.push([i, checkWith(jobs[i], engines, configs)]);
  }
  return out;
}

/**
 * Check every job; with many files, share them with worker threads (one per
 * further core), this thread taking its part too. Jobs are claimed one at a
 * time from a shared counter, so a helper that starts late (a busy machine)
 * simply takes fewer, and a helper that has claimed none when this thread
 * runs out is not waited for: the run is never slower than a serial one by
 * more than a helper's start. `workers: 0` keeps it serial.
 */
export async function checkAll(jobs: readonly CheckJob[], configs: readonly EngineConfig[], workers = defaultWorkers()): Promise<CheckResult[]> {
  const helpers = jobs.length >= PARALLEL_FROM ? Math.min(workers, Math.floor(jobs.length / (PARALLEL_FROM / 2))) : 0;
  if (helpers <= 0) return checkSerially(jobs, configs);
  const claims: Claims = new Int32Array(new SharedArrayBuffer(4 * (1 + jobs.length)));
  const started = Array.from({ length: helpers }, (_, k) => onWorker(__filename, { qippCheck: true, jobs, configs, claims, who: k + 1 }));
  const results: (CheckResult | undefined)[] = new Array(jobs.length);
  for (const [i, r] of claimAndCheck(claims, 0, jobs, configs)) results[i] = r;
  // Wait only for the helpers that claimed something; the others are stopped.
  const busy = new Set<number>();
  for (let i = 0; i < jobs.length; i++) busy.add(Atomics.load(claims, 1 + i));
  const answers = await Promise.all(
    started.map((w, k) => {
      if (busy.has(k + 1)) return w.results.catch(() => [] as [number, CheckResult][]);
      void w.stop();
      return [] as [number, CheckResult][];
    }),
  );
  for (const list of answers) for (const [i, r] of list as [number, CheckResult][]) results[i] = r;
  // A helper that failed (a restricted environment, a crash) leaves its jobs to this thread.
  const engines = new Map<number, Engine>();
  return results.map((r, i) => r ?? checkWith(jobs[i], engines, configs));
}

/** The code cache V8 accepted for a bundle on this thread (node/codecache.ts), for the workers that run the same bundle. */
let workerCode: { bundle: string; cachedData: Buffer } | undefined;

/** Workers started from `bundle` load it with `cachedData` (the bytes this thread's V8 took), skipping its compiling. */
export function useCodeCacheForWorkers(bundle: string, cachedData: Buffer): void {
  workerCode = { bundle, cachedData };
}

/**
 * A worker's first lines when it loads its bundle with the code cache: what
 * requireWithCodeCache does, in a fixed text (no plan content, no path from a
 * plan). V8 checks the data against the source and ignores it when it does
 * not fit (the bundle was rebuilt meanwhile), compiling as usual.
 */
const LOAD_WITH_CODE_CACHE = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');
const bundle = workerData.qippBundle;
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: workerData.qippCodeCache });
const loaded = { exports: {}, filename: bundle, id: bundle, loaded: false };
script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(bundle), loaded, bundle, dirname(bundle));
`;

function newWorker(script: string, data: object): Worker {
  if (workerCode?.bundle !== script) return new Worker(script, { workerData: data });
  return new Worker(LOAD_WITH_CODE_CACHE, { eval: true, workerData: { ...data, qippBundle: script, qippCodeCache: workerCode.cachedData } });
}

interface Helper<T> {
  results: Promise<T>;
  stop(): Promise<number>;
}

function onWorker<T>(script: string, data: object): Helper<T> {
  let worker: Worker | undefined;
  const results = new Promise<T>((done, fail) => {
    try {
      worker = newWorker(script, data);
    } catch (e) {
      fail(e);
      return;
    }
    let answered = false;
    worker.once('message', (answer: T) => {
      answered = true;
      done(answer);
      void worker!.terminate();
    });
    worker.once('error', fail);
    // A worker that ends without answering (say, a bundle that is not ours) is a failure, never a hang.
    worker.once('exit', (code) => answered || fail(new Error(`a worker thread stopped (code ${code}) without its results`)));
  });
  results.catch(() => undefined); // a helper nobody waits for may fail quietly
  return { results, stop: () => worker?.terminate() ?? Promise.resolve(0) };
}

function defaultWorkers(): number {
  const env = process.env.QIPP_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return helpersFor(Math.min(availableParallelism(), 8), loadavg()[0]);
}

/**
 * Helper threads for a machine of `cores` whose load average over the last
 * minute is `load`: one per core that the load leaves idle, and never more
 * than the cores beside this thread's. A helper on a core that is already
 * busy adds no speed: it competes with this thread, and its own start-up and
 * warm-up (it loads the engine and compiles the schemas again) roughly
 * doubled the CPU time of a cold run of 500 plans on a shared two-core
 * machine. One core's worth of load still leaves a helper on two cores: in a
 * sequence of runs (CI, a script) that load is the previous run itself. With
 * no load average (Windows says 0) every further core is used, as before.
 */
export function helpersFor(cores: number, load: number): number {
  const idle = Math.round(cores - (Number.isFinite(load) && load > 0 ? load : 0));
  return Math.max(0, Math.min(cores - 1, idle));
}

/** The worker side: when this bundle is started as a check worker, do the share and send it back. */
export function runWorkerIfAsked(): boolean {
  if (isMainThread || !(workerData as { qippCheck?: boolean } | null)?.qippCheck) return false;
  const data = workerData as { jobs: CheckJob[]; configs: EngineConfig[]; claims?: Claims; who?: number; kept?: boolean };
  if (data.kept) serveChecks();
  else if (data.claims) parentPort!.postMessage(claimAndCheck(data.claims, data.who!, data.jobs, data.configs));
  else parentPort!.postMessage(checkSerially(data.jobs, data.configs));
  return true;
}

/**
 * Check every job on one worker thread, leaving this thread free (the
 * language server keeps answering the editor while it checks the workspace).
 * Falls back to checking here when no worker can be started.
 */
export async function checkOffThread(jobs: readonly CheckJob[], configs: readonly EngineConfig[], script = __filename): Promise<CheckResult[]> {
  if (jobs.length === 0) return [];
  try {
    return await onWorker<CheckResult[]>(script, { qippCheck: true, jobs, configs }).results;
  } catch {
    return checkSerially(jobs, configs);
  }
}

/** Plans per message from a kept worker: receiving a message is synchronous, so a batch comes back a few plans at a time. */
const PLANS_PER_MESSAGE = 8;

/** A kept worker's engines, by configuration; past this many the oldest goes (a workspace has a few). */
const KEPT_ENGINES = 16;

type KeptRequest = { id: number; jobs: readonly CheckJob[]; configs: readonly EngineConfig[] };
type KeptAnswer = { id: number; from: number; results: CheckResult[] } | { id: number; done: true };

/** The worker side of keptChecker: each request checked in turn, its results sent back a few plans per message. */
function serveChecks(): void {
  const engines = new Map<string, Engine>();
  const engineFor = (config: EngineConfig): Engine => {
    const key = JSON.stringify(config);
    let engine = engines.get(key);
    if (!engine) {
      if (engines.size >= KEPT_ENGINES) engines.delete(engines.keys().next().value!);
      engines.set(key, (engine = createEngine(config)));
    }
    return engine;
  };
  parentPort!.on('message', ({ id, jobs, configs }: KeptRequest) => {
    for (let from = 0; from < jobs.length; from += PLANS_PER_MESSAGE) {
      const results = jobs.slice(from, from + PLANS_PER_MESSAGE).map((job) => checkOne(job, engineFor(configs[job.config])));
      parentPort!.postMessage({ id, from, results } satisfies KeptAnswer);
    }
    parentPort!.postMessage({ id, done: true } satisfies KeptAnswer);
  });
}

export interface KeptChecker {
  /** As checkOffThread, on the kept worker. */
  check(jobs: readonly CheckJob[], configs: readonly EngineConfig[]): Promise<CheckResult[]>;
  /** Stops the worker now (it starts again when next needed). */
  stop(): Promise<void>;
}

/**
 * A worker thread kept between batches (the language server checks a
 * workspace in batches): started once, its engines warm (a new worker per
 * batch loaded the bundle and compiled the schemas again each time, about a
 * second of CPU), and each batch's results sent back a few plans per message,
 * so that the thread waiting for them is never held while it takes in a whole
 * batch at once. The worker stops after `idleMs` without work. Falls back to
 * checking here, as checkOffThread does, when no worker can be started or it
 * stops mid-batch.
 */
export function keptChecker(script = __filename, idleMs = 15_000): KeptChecker {
  let worker: Worker | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  const waiting = new Map<number, { results: CheckResult[]; done: (r: CheckResult[]) => void; fail: (e: Error) => void }>();
  const stop = async () => {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
  };
  const start = (): Worker => {
    const w = new Worker(script, { workerData: { qippCheck: true, kept: true } });
    w.on('message', (m: KeptAnswer) => {
      const p = waiting.get(m.id);
      if (!p) return;
      if ('done' in m) {
        waiting.delete(m.id);
        p.done(p.results);
        if (waiting.size === 0) rest(w);
      } else for (let k = 0; k < m.results.length; k++) p.results[m.from + k] = m.results[k];
    });
    const failAll = (e: Error) => {
      if (worker === w) worker = undefined;
      for (const [id, p] of waiting) (waiting.delete(id), p.fail(e));
    };
    w.on('error', failAll);
    w.on('exit', (code) => failAll(new Error(`the checking worker thread stopped (code ${code})`)));
    return w;
  };
  /** Nothing waiting: the worker no longer keeps the process alive, and stops when left idle. */
  const rest = (w: Worker) => {
    w.unref();
    clearTimeout(idle);
    idle = setTimeout(() => waiting.size === 0 && worker === w && void stop(), idleMs);
    idle.unref?.();
  };
  return {
    async check(jobs, configs) {
      if (jobs.length === 0) return [];
      try {
        clearTimeout(idle);
        const w = (worker ??= start());
        w.ref();
        const id = nextId++;
        const answer = new Promise<CheckResult[]>((done, fail) => waiting.set(id, { results: new Array(jobs.length), done, fail }));
        w.postMessage({ id, jobs, configs } satisfies KeptRequest);
        return await answer;
      } catch {
        return checkSerially(jobs, configs);
      }
    },
    stop,
  };
}
