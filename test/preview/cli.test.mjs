// `qipp preview` writes the page the editor's preview exports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, core, ROOT } from './helpers.mjs';

const CLI = join(ROOT, 'dist/cli.js');
const SAMPLE = join(ROOT, 'samples/northshire-reform.plan.yaml');
const qipp = (args, cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });

describe('qipp preview', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-preview-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes to -o the same HTML as the renderer (and so as the editor\'s export)', () => {
    const out = join(dir, 'plan.html');
    const r = qipp(['preview', SAMPLE, '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const expected = core().renderPlan(analyzeFile(SAMPLE), { mode: 'export', fileName: 'northshire-reform.plan.yaml' });
    assert.equal(readFileSync(out, 'utf8'), expected);
  });

  it('writes to standard output without -o, and exits 0 for a plan with errors', () => {
    const r = qipp(['preview', 'samples/with-mistakes.plan.yaml']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    assert.match(r.stdout, /<li class="finding sev-error"/);
  });

  it('exits 2 with a message when there is no file, or it cannot be read', () => {
    const none = qipp(['preview']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /preview needs the plan file/);
    const missing = qipp(['preview', join(dir, 'nope.plan.yaml')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /could not be read/);
    assert.equal(missing.stdout, '');
  });
});
