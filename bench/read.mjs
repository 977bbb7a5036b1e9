#!/usr/bin/env node
// In-process CPU of reading the generated corpus (bench/cli.mjs's 500 plans): the YAML
// reader (parseText), the plain value for the schema check (toValue), and a whole
// analyze, per build, builds taking turns in fresh processes. Prints median CPU ms, and the
// least (on a shared machine, the run the neighbours disturbed least).
//   node bench/read.mjs [path/to/core.js ...]      (ROUNDS=7 by default)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, ensureCorpus } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cpu = (f) => {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

if (process.argv[2] === '--child') {
  // One cold pass, as the CLI does it: each plan read once.
  const core = createRequire(import.meta.url)(resolve(process.argv[3]));
  const texts = readdirSync(CORPUS).filter((n) => n.endsWith('.plan.yaml')).sort().map((n) => readFileSync(join(CORPUS, n), 'utf8'));
  const what = process.argv[4];
  let out;
  if (what === 'parse') out = cpu(() => { for (const t of texts) core.parseText(t); });
  else if (what === 'value') out = cpu(() => { for (const t of texts) core.toValue(core.parseText(t).root); });
  else {
    const engine = core.createEngine({ rules: {} });
    out = cpu(() => { for (const t of texts) engine.analyze(t, {}); });
  }
  process.stdout.write(String(out));
} else {
  await ensureCorpus(500, 20);
  const builds = process.argv.slice(2).length ? process.argv.slice(2) : [join(ROOT, 'dist/core.js')];
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const results = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const what of ['parse', 'value', 'analyze']) {
      for (const b of builds) {
        const ms = Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', b, what], { env, encoding: 'utf8' }));
        ((results[b] ??= {})[what] ??= []).push(ms);
      }
    }
  }
  for (const b of builds) {
    const m = results[b];
    const f = (xs) => `${median(xs).toFixed(0)} ms (least ${Math.min(...xs).toFixed(0)})`;
    console.log(`${b}: parse ${f(m.parse)}, parse+toValue ${f(m.value)}, analyze ${f(m.analyze)}: median CPU of ${ROUNDS}, 500 plans, one cold pass`);
  }
}
