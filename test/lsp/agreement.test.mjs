// The editor and the CLI agree: for every conformance case and every sample
// plan, the server's diagnostics equal `qipp validate --format json`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPlanFile } from '../../dist/core.js';
import { CLI, Client, uriOf } from './client.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const walk = (dir) =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? walk(p) : [p];
      })
    : [];
const isPlan = (p) => isPlanFile(p, readFileSync(p, 'utf8'));
const files = [...walk(resolve(root, '../shared/conformance/cases')), ...walk(resolve(root, 'samples'))].filter(isPlan).sort();

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info' };

describe('editor and CLI agree', function () {
  let c;
  let cli;
  before(async function () {
    assert.ok(files.length > 0, 'there are conformance cases and samples to compare');
    let out;
    try {
      out = execFileSync(process.execPath, [CLI, 'validate', '--format', 'json', ...files], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    } catch (e) {
      if (e.status !== 1) throw e;
      out = e.stdout;
    }
    // The cross-plan rules compare the plans of one run; the server checks each open plan alone until it
    // runs them over a workspace folder (crossPlanFindings in server/src/core/check/cross.ts), so they are left out here.
    cli = new Map(JSON.parse(out).map((r) => [resolve(root, r.file), r.diagnostics.filter((d) => !d.rule.startsWith('cross-'))]));
    c = new Client();
    await c.initialize({});
  });
  after(async () => {
    await c?.stop();
  });

  for (const file of files) {
    it(file.slice(file.indexOf(file.includes('/samples/') ? 'samples/' : 'conformance/')), async () => {
      const uri = uriOf(file);
      c.open(uri, readFileSync(file, 'utf8'));
      const server = (await c.diagnosticsFor(uri, 1)).map((d) => ({ rule: d.code, severity: SEVERITY[d.severity], message: d.message, range: d.range }));
      assert.deepEqual(server, cli.get(file));
      c.close(uri);
    });
  }
});
