// npm run -s build && node bench/lsp-overview.mjs [--plans 500] [--initiatives 20] [--saves 10] [--first-pass-only] [--server dist/server.js]
//
// The overview's refresh after a save (issue 11): the language server over
// stdio with a workspace folder of N plans from bench/gen-plan.mjs (each its
// own organisation, so the cross-plan rules have real work but few findings).
// It prints how long the first workspace pass takes (work-done progress begin
// to end), then, N times: one plan changed on disk and announced with
// didChangeWatchedFiles, timed until `qipp/overviewChanged` has arrived and
// `qipp/renderOverview` has answered with the new generation. Last line: JSON
// with the medians. The machine is shared: read the figures as orders of size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, uriOf } from '../test/lsp/client.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const plans = arg('plans', 500);
const initiatives = arg('initiatives', 20);
const saves = arg('saves', 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'qipp-bench-overview-'));
const base = execFileSync(process.execPath, [join(root, 'bench/gen-plan.mjs'), String(initiatives), '1'], { encoding: 'utf8', maxBuffer: 1 << 26 });
const files = [];
for (let i = 0; i < plans; i++) {
  const file = join(dir, `plan-${String(i).padStart(4, '0')}.plan.yaml`);
  writeFileSync(file, base.replaceAll('sha-north', `sha-north-${i}`));
  files.push(file);
}

// --server PATH: another build of the server (say, before a change), for --first-pass-only comparisons.
const serverAt = process.argv.indexOf('--server');
const c = new Client(serverAt >= 0 ? { args: [resolve(process.argv[serverAt + 1]), '--stdio'] } : {});
const overviewChanged = [];
c.conn.onNotification('qipp/overviewChanged', (p) => {
  overviewChanged.push(p);
  c.check();
});
try {
  const t0 = performance.now();
  let began;
  const done = c.waitFor(() => {
    const b = c.progress.find((p) => p.value?.kind === 'begin');
    if (b && began === undefined) began = performance.now();
    return c.progress.find((p) => p.value?.kind === 'end');
  }, 'the end of the first workspace pass');
  await c.initialize({ rootPath: dir });
  await done;
  const firstPassMs = performance.now() - (began ?? t0);
  const cpuMs = serverCpuMs();
  console.error(`first workspace pass over ${plans} plans: ${firstPassMs.toFixed(0)} ms (server CPU since start, all threads: ${cpuMs ?? '?'} ms)`);

  if (process.argv.includes('--first-pass-only')) {
    console.log(JSON.stringify({ plans, initiatives, first_pass_ms: Math.round(firstPassMs), first_pass_cpu_ms: cpuMs }));
  } else await refreshes(firstPassMs, cpuMs);
} finally {
  await c.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The server's CPU time so far (user + system, every thread; steadier than wall time on a shared machine); null off Linux. */
function serverCpuMs() {
  try {
    const fields = readFileSync(`/proc/${c.child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
  } catch {
    return null;
  }
}

/** Saves timed until the overview has them. */
async function refreshes(firstPassMs, firstPassCpuMs) {
  // The overview is open: the server sends overviewChanged from its first request on.
  const first = await c.request('qipp/renderOverview', { mode: 'export' });
  if (first.plans !== plans) throw new Error(`the overview covers ${first.plans} plans, not ${plans}`);
  const times = [];
  const notified = [];
  for (let k = 0; k < saves; k++) {
    const file = files[(k * 37) % files.length];
    const text = readFileSync(file, 'utf8');
    const before = overviewChanged.length;
    const start = performance.now();
    writeFileSync(file, text.replace(/^title: (.*)$/m, `title: $1 (save ${k})`));
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    const note = await c.waitFor(() => overviewChanged.length > before && overviewChanged.at(-1), 'overviewChanged');
    notified.push(performance.now() - start);
    const page = await c.request('qipp/renderOverview', { mode: 'export' });
    if (page.generation < note.generation || !page.html.includes(`(save ${k})`)) throw new Error('the overview does not show the save');
    times.push(performance.now() - start);
  }
  console.error(`refresh after a save: ${times.map((t) => t.toFixed(0)).join(', ')} ms (overviewChanged after ${notified.map((t) => t.toFixed(0)).join(', ')} ms)`);
  console.log(JSON.stringify({ plans, initiatives, saves, first_pass_ms: Math.round(firstPassMs), first_pass_cpu_ms: firstPassCpuMs, refresh_median_ms: Math.round(median(times) * 10) / 10, notified_median_ms: Math.round(median(notified) * 10) / 10, refresh_ms: times.map((t) => Math.round(t)) }));
}
