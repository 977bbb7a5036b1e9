// CPU per edit in the editor's engine (in-process, no language server): a character typed into an
// initiative's title in the middle of a generated plan, and taken out again, at 200 and 2,000
// initiatives. Prints the median CPU milliseconds per edit (user + system) over the edits.
// Usage: node bench/edit-cpu.mjs [path/to/core.js ...]  (several builds are run side by side, round by round)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const builds = process.argv.slice(2).length ? process.argv.slice(2) : [join(ROOT, 'dist/core.js')];
const cores = builds.map((p) => ({ name: p, core: require(resolve(p)) }));
const EDITS = 100;
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function run(core, text, anchor) {
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

for (const n of [200, 2000]) {
  const text = execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), String(n), '1'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const titles = [...text.matchAll(/^ +title: .*$/gm)];
  const anchor = titles[Math.floor(titles.length / 2)][0];
  const results = cores.map(() => []);
  for (let r = 0; r < ROUNDS; r++) cores.forEach((c, k) => results[k].push(run(c.core, text, anchor)));
  for (let k = 0; k < cores.length; k++) {
    console.log(`${String(n).padStart(5)} initiatives  ${median(results[k]).toFixed(2).padStart(7)} ms CPU per edit (median of ${ROUNDS} rounds of ${EDITS} edits)  ${cores[k].name}`);
  }
}
