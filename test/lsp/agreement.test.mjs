// The editor and the CLI agree: for every conformance case and every sample
// plan, the server's diagnostics equal `qipp validate --format json`, the
// cross-plan rules included (the server's workspace folders are the folders
// the CLI is run in).
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
// Each is a workspace folder for the server, and `qipp validate` runs in each, so both compare the same plans across plans.
const folders = [resolve(root, '../shared/conformance/cases'), resolve(root, 'samples')].filter(existsSync);
const files = folders.flatMap(walk).filter(isPlan).sort();

/** `qipp validate --format json .` in a folder, by full path: the plans it names relative to that folder, as the server does. */
function validate(folder) {
  let out;
  try {
    out = execFileSync(process.execPath, [CLI, 'validate', '--format', 'json', '.'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out).map((r) => [resolve(folder, r.file), r.diagnostics]);
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info' };

describe('editor and CLI agree', function () {
  let c;
  let cli;
  before(async function () {
    assert.ok(files.length > 0, 'there are conformance cases and samples to compare');
    cli = new Map(folders.flatMap(validate));
    c = new Client();
    await c.initialize({ folderPaths: folders });
    // The cross-plan rules need every plan of the folder: wait for a whole workspace pass (the one started
    // at start-up may supersede the one asked for, so ask until one finishes).
    for (let r = await c.request('qipp/validateWorkspace'); r.cancelled; r = await c.request('qipp/validateWorkspace'));
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
