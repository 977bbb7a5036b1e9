// Small inputs, long times (issue 15): each hostile input of bench/hostile-inputs.mjs
// at 1x, 2x and 4x the size the issue reported, timed in a process of its own
// (median of three runs, one when a run takes over 10 s), and the ratio of the
// 4x time to the 1x time: about 4 means the time grows linearly with the
// input, about 16 quadratically.
//
//   npm run bench:hostile [-- --scale=0.1] [--only=aliases,keys] [--limit=120]
//
// --scale multiplies every size (a quick look), --only picks inputs by name,
// --limit is the most seconds one size may take (larger sizes of that input
// are then not run). CORE=path/to/core.js times another build of the engine.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUTS, prepare } from './hostile-inputs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CORE = resolve(process.env.CORE ?? join(HERE, '../dist/core.js'));
const SCALES = [1, 2, 4];

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));

if (args.child !== undefined) child(args.child, Number(args.n));
else main();

/** Times one input at one size and prints {ms} as JSON. */
function child(name, n) {
  const core = createRequire(import.meta.url)(CORE);
  core.warmUp();
  const input = INPUTS.find((i) => i.name === name);
  const text = input.make(n);
  prepare(core, input, text);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    input.work(core, text);
    times.push(performance.now() - t0);
    if (times[0] > 10_000) break;
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ ms: times[Math.floor(times.length / 2)] }) + '\n');
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
      const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child=' + input.name, '--n=' + n * k], { encoding: 'utf8', timeout: limit * 1000, env: { ...process.env, CORE } });
      if (r.error?.code === 'ETIMEDOUT' || r.signal) cells.push({ over: true });
      else if (r.status !== 0) throw new Error(`${input.name} at ${n * k}: ${r.stderr}`);
      else cells.push(JSON.parse(r.stdout.trim().split('\n').pop()));
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
    const ratio = cells[0].ms !== undefined && cells[2].ms !== undefined ? (cells[2].ms / cells[0].ms).toFixed(1) : cells[0].ms !== undefined && cells[2].over ? `> ${(limit * 1000 / cells[0].ms).toFixed(1)}` : '?';
    return [input.name, n.toLocaleString('en-GB'), `${kb.toFixed(0)} KB`, ...cells.map(fmt), ratio];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of body) console.log(line(r));
  console.log('\n' + rows.map(({ input }) => `${input.name}: ${input.what}`).join('\n'));
}
