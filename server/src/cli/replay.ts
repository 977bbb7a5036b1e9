/**
 * `qipp validate --cache` over the same unchanged plans: the last run's output
 * written again from its run record (node/runrecord.ts), found, checked and
 * written by this, the light bundle, without the engine or the cache of
 * per-plan results. Any other run is an ordinary one (validate.ts) that a
 * RunRecorder watches, to leave a record for the next.
 */
import { createHash } from 'node:crypto';
import type { ValidateOptions } from './args';
import type { Io } from './io';
import { cacheSecret } from '../node/cache-secret';
import { cacheFilePath, RACY_MS, type ResultCache } from '../node/cache';
import type { LoadedConfig } from '../node/config';
import { discover, type Discovery } from '../node/discover';
import { LIMITS } from '../node/fs-guard';
import { contentHash, dropRunRecord, readRunRecord, recordHolds, recordPath, statSignature, writeRunRecord, type RunRecord } from '../node/runrecord';
import { toolIdentity } from '../node/version';

/** The key of a run: the tool and every argument that shapes what it writes. */
export function runKey(options: ValidateOptions, io: Io, color: boolean): string {
  const { paths, format, quiet, maxWarnings, config, maxFileSizeMb, allowOutside } = options;
  const shape = [toolIdentity(), io.cwd, paths, format, quiet, maxWarnings, config ?? null, maxFileSizeMb, allowOutside, color];
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex');
}

/** Whether a run may be replayed or recorded: with --cache, writing to standard output. */
export function recordable(options: ValidateOptions): boolean {
  return options.cache && options.output === undefined;
}

/**
 * Replays the last run when its record holds: writes its output and gives its
 * exit code. Otherwise gives the plans found (undefined when the record was
 * not even worth a search), for the ordinary run.
 */
export function replayRun(options: ValidateOptions, io: Io, color: boolean, startedAt: number): { code: number } | { found?: Discovery } {
  const cacheFile = cacheFilePath(options.cacheLocation, io.cwd);
  // A secret that cannot be read gives a new one, which no record matches; the ordinary run then says so.
  const secret = cacheSecret(() => undefined);
  const record = readRunRecord(recordPath(cacheFile), secret);
  if (!record || record.key !== runKey(options, io, color)) return {};
  const found = discover(options.paths, io.cwd);
  if (found.unmatched.length || found.problems.length) return { found };
  const holds = recordHolds(record, found.files.map((f) => f.path), cacheFile, RACY_MS, startedAt);
  if (!holds) return { found };
  if (holds.read) {
    try {
      // Files read to know them unchanged (a fresh clone, a file saved as it was): the next run knows them by their details.
      writeRunRecord(recordPath(cacheFile), secret, holds.now);
    } catch {
      // Only a shortcut.
    }
  }
  io.stdout.write(record.stdout);
  if (record.stderr) io.stderr.write(record.stderr);
  return { code: record.code };
}

/**
 * Watches an ordinary run: what it writes (passed on as it comes), each plan's
 * content hash and the files it read, the configuration files looked at; at
 * the end, writes the run record, or removes the old one when this run cannot
 * be replayed (a plan unread, a crash, a notice about the cache itself).
 */
export class RunRecorder {
  readonly io: Io;
  private readonly out: string[] = [];
  private readonly err: string[] = [];
  private readonly plans = new Map<string, string>();
  private readonly deps = new Map<string, string | null>();
  private readonly configs = new Map<string, boolean>();
  private refused = false;
  /** The run's cache and the plans it found, once it has them. */
  cache?: ResultCache;
  found?: Discovery;
  readonly lookedAt = (file: string, there: boolean): void => void this.configs.set(file, there);

  constructor(
    io: Io,
    private readonly key: string,
    private readonly startedAt: number,
  ) {
    const tee = (to: Io['stdout'], into: string[]) => (text: string | Uint8Array) => (into.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')), to.write(text));
    this.io = { ...io, stdout: { write: tee(io.stdout, this.out), isTTY: io.stdout.isTTY }, stderr: { write: tee(io.stderr, this.err) } };
  }

  /** This run's output is not a pure function of what a record names. */
  refuse(): void {
    this.refused = true;
  }

  /** A plan checked or replayed: the hash of the content its result is for, and the files it read. */
  plan(path: string, content: string, deps: Record<string, string | null>): void {
    this.plans.set(path, content);
    for (const [dep, hash] of Object.entries(deps)) if (!this.deps.has(dep)) this.deps.set(dep, hash);
  }

  /** Configurations that name files of their own (schemas, a timeline) are not followed by a record. */
  configsUsed(configs: Iterable<LoadedConfig>): void {
    for (const c of configs) if (c.engineConfig.extraSchemas?.length || c.engineConfig.nationalTimeline !== undefined) this.refuse();
  }

  /** Writes the record for the run that ended with `code`, or drops the old one. */
  finish(code: number): void {
    const found = this.found;
    if (!this.cache) return;
    const path = recordPath(this.cache.path);
    const record = (code === 0 || code === 1) && !this.refused && found ? this.make(code, found, this.cache) : undefined;
    try {
      if (record) writeRunRecord(path, this.cache.secret, record);
      else dropRunRecord(path);
    } catch {
      // Only a shortcut: without it the next run takes the ordinary way.
    }
  }

  private make(code: number, found: Discovery, cache: ResultCache): RunRecord | undefined {
    if (found.problems.length || found.unmatched.length) return undefined;
    const before = BigInt(Math.floor(this.startedAt - RACY_MS)) * 1_000_000n;
    const files: RunRecord['files'] = [];
    for (const { path } of found.files) {
      const hash = this.plans.get(path);
      const stat = statSignature(path);
      if (hash === undefined || !stat) return undefined;
      files.push([path, stat.sig, hash]);
    }
    const inputs: RunRecord['inputs'] = [];
    for (const [path, there] of this.configs) {
      if (!there) {
        inputs.push([path, null]);
        continue;
      }
      // A configuration changed while the run went on may not be the one it read.
      const stat = statSignature(path);
      if (!stat || stat.mtimeNs >= before || stat.ctimeNs >= before) return undefined;
      inputs.push([path, contentHash(path, LIMITS.config)]);
    }
    for (const [path, hash] of this.deps) inputs.push([path, hash]);
    const cacheStat = statSignature(cache.path);
    if (!cacheStat) return undefined;
    return { key: this.key, startedAt: this.startedAt, cache: [cacheStat.sig, cache.contentHash()], files, inputs, stdout: this.out.join(''), stderr: this.err.join(''), code };
  }
}
