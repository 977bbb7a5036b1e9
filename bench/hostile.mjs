// Small inputs, long times (issue 15): each hostile input of bench/hostile-inputs.mjs
// at 1x, 2x and 4x the size the issue reported, timed in a process of its own
// (median of three runs, one when a run takes over 10 s), and the ratio of the
// 4x time to the 1x time: about 4 means the time grows linearly with the
// input, about 16 quadratically. Times are CPU time (user and system) of the
// process, after a garbage collection, so that other work on a shared machine
// and garbage left by an earlier run count as little as they can.
//
//   npm run bench:hostile [-- --scale=0.1] [--only=aliases,keys] [--limit=120]
//
// --scale multiplies every size (a quick look), --only picks inputs by name,
// --limit is the most seconds one size may take on the clock (larger sizes of
// that input are then not run). CORE=path/to/core.js times another build of
// the engine. test/hostile/linear.test.mjs measures through measure() below.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUTS, prepare } from './hostile-inputs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SCALES = [1, 2, 4];

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));

if (args.child !== undefined) child(args.child, args.sizes.split(',').map(Number), Number(args.runs ?? 3), Number(args.budget ?? 10_000));
else if (process.argv[1] === SELF) main();

/**
 * Times one input at the given sizes in a fresh process (this file, run
 * with --expose-gc): up to `runs` rounds, each running every size once in
 * turn, and no new round after `budgetMs` on the clock. Gives, per size, the
 * CPU milliseconds of each run; undefined when the process ran out of time.
 */
export function measure(name, sizes, { runs = 3, budgetMs = 10_000, timeoutMs, core } = {}) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', SELF, `--child=${name}`, `--sizes=${sizes.join(',')}`, `--runs=${runs}`, `--budget=${budgetMs}`], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, CORE: resolve(core ?? process.env.CORE ?? join(HERE, '../dist/core.js')) },
  });
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return undefined;
  if (r.status !== 0) throw new Error(`${name} at ${sizes}: ${r.stderr.split('\n').filter((l) => l.length < 300).slice(-12).join('\n')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function child(name, sizes, runs, budgetMs) {
  const core = createRequire(import.meta.url)(process.env.CORE);
  core.warmUp();
  const input = INPUTS.find((i) => i.name === name);
  const texts = sizes.map((n) => input.make(n));
  const times = sizes.map(() => []);
  const start = performance.now();
  for (let round = 0; round < runs && (round === 0 || performance.now() - start < budgetMs); round++) {
    texts.forEach((text, k) => {
      prepare(core, input, text);
      globalThis.gc?.();
      const t0 = process.cpuUsage();
      input.work(core, text);
      const t = process.cpuUsage(t0);
      times[k].push((t.user + t.system) / 1000);
    });
  }
  process.stdout.write(JSON.stringify(times) + '\n');
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

function main() {
  const scale = Number(args.scale ?? 1);
  const limit = Number(args.limit ?? 120);
  const only = args.only ? args.only.split(',') : undefined;
  const rows = [];
  for (const input of INPUTS) {
    if (only && !only.includes(input.name)) continue;
    const n = Math.max(1, Math.round(input.n * scale));
    const cells = [];
    for (const k of SCALES) {
      if (cells.some((c) => c.over)) {
        cells.push({ skipped: true });
        continue;
      }
      const times = measure(input.name, [n * k], { runs: 3, budgetMs: 10_000, timeoutMs: limit * 1000 });
      cells.push(times ? { ms: median(times[0]) } : { over: true });
      process.stderr.write(`${input.name} ${n * k}: ${cells[cells.length - 1].ms?.toFixed(0) ?? `over ${limit} s`}\n`);
    }
    rows.push({ input, n, cells, kb: Buffer.byteLength(input.make(n)) / 1024 });
  }
  print(rows, limit);
}

function print(rows, limit) {
  const fmt = (c) => (c.skipped ? 'not run' : c.over ? `> ${limit} s` : c.ms >= 1000 ? `${(c.ms / 1000).toFixed(1)} s` : `${c.ms.toFixed(0)} ms`);
  const head = ['input', 'n (1x)', 'size 1x', ...SCALES.map((k) => `${k}x`), '4x/1x'];
  const body = rows.map(({ input, n, cells, kb }) => {
    const ratio = cells[0].ms !== undefined && cells[2].ms !== undefined ? (cells[2].ms / cells[0].ms).toFixed(1) : '-';
    return [input.name, n.toLocaleString('en-GB'), `${kb.toFixed(0)} KB`, ...cells.map(fmt), ratio];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of body) console.log(line(r));
  console.log('\n' + rows.map(({ input }) => `${input.name}: ${input.what}`).join('\n'));
}
