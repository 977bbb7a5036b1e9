// CPU per edit in the editor's engine (in-process, no language server): a character typed into an
// initiative's title in the middle of a generated plan, and taken out again, at 200 and 2,000
// initiatives. Prints the median CPU milliseconds per edit (user + system) over the edits.
// Usage: node bench/edit-cpu.mjs [path/to/core.js ...]  (several builds side by side: a process per build, size and round, builds taking turns)
// Each process runs with the Node options the language server is started with (SERVER_EXEC_ARGV): the young
// generation's size alone moves this figure by a third at 2,000 initiatives.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverExecArgv } from './server-argv.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const builds = process.argv.slice(2).length ? process.argv.slice(2) : [join(ROOT, 'dist/core.js')];
const cores = builds.map((p) => ({ name: resolve(p), get core() { return require(resolve(p)); } }));
const EDITS = 200;
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function run(core, text, anchor) {
  core.warmUp(); // as the language server does when it starts
  const engine = core.createEngine({ rules: {} }, { incremental: true });
  const doc = 'file:///bench/plan.plan.yaml';
  engine.analyze(text, { document: doc });
  const at = text.indexOf(anchor) + anchor.length;
  const times = [];
  for (let i = 0; i < EDITS; i++) {
    const t = i % 2 ? text : `${text.slice(0, at)}x${text.slice(at)}`;
    const t0 = process.cpuUsage();
    const a = engine.analyze(t, { document: doc });
    const d = process.cpuUsage(t0);
    if (!a.plan) throw new Error('the plan was not read');
    times.push((d.user + d.system) / 1000);
  }
  engine.forget(doc);
  return median(times);
}

const plans = new Map();
const planOf = (n) => {
  if (!plans.has(n)) plans.set(n, execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), String(n), '1'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  return plans.get(n);
};

if (process.env.EDIT_CPU_CHILD) {
  // One build, one plan size, in a process of its own (no other build's heap or compiled code beside it).
  const n = Number(process.env.EDIT_CPU_CHILD);
  const text = planOf(n);
  const titles = [...text.matchAll(/^ +title: .*$/gm)];
  console.log(JSON.stringify(run(cores[0].core, text, titles[Math.floor(titles.length / 2)][0])));
} else {
  for (const n of [200, 2000]) {
    const results = cores.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      cores.forEach((c, k) => {
        const out = execFileSync(process.execPath, [...serverExecArgv(ROOT), fileURLToPath(import.meta.url), c.name], { encoding: 'utf8', env: { ...process.env, EDIT_CPU_CHILD: String(n) } });
        results[k].push(Number(out.trim()));
      });
    }
    for (let k = 0; k < cores.length; k++) {
      console.log(`${String(n).padStart(5)} initiatives  ${median(results[k]).toFixed(2).padStart(7)} ms CPU per edit (median of ${ROUNDS} processes, each the median of ${EDITS} edits)  ${cores[k].name}`);
    }
  }
}
