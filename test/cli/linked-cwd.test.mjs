// Paths in every report format are relative to the working folder, also when
// that folder is reached through a symbolic link and a plan is named by an
// absolute path through the link. (A process's working folder is always the
// real one, so before, such a plan was shown by its absolute path, and SARIF
// had no %SRCROOT% for it.) The folder is compared by its real path; the name
// shown is the one given, below the working folder, never a link resolved.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kase, qipp, scratch, writeFiles } from './helpers.mjs';

const DUPLICATE = readFileSync(kase('reform/110-duplicate-key.plan.yaml'), 'utf8');
const SHOWN = join('plans', 'a.plan.yaml');
const POSIX = 'plans/a.plan.yaml';

describe('report paths when the working folder is reached through a link', function () {
  this.timeout(60_000);
  let dir;
  let cleanup;
  let link; // <dir>/link -> <dir>/real, the working folder of every run
  before(() => {
    ({ dir, cleanup } = scratch('qipp-linked-cwd-'));
    writeFiles(join(dir, 'real'), { 'plans/a.plan.yaml': DUPLICATE });
    writeFiles(join(dir, 'outside'), { 'b.plan.yaml': DUPLICATE });
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    link = join(dir, 'link');
  });
  after(() => cleanup());

  /** qipp validate in the linked working folder, the plan named by an absolute path through the link. */
  const run = (format, paths = [join(link, 'plans', 'a.plan.yaml')]) => {
    const r = qipp(['validate', '--format', format, ...paths], { cwd: link });
    assert.equal(r.code, 1, r.stderr);
    return r.stdout;
  };

  it('json', () => {
    assert.deepEqual(JSON.parse(run('json')).map((e) => e.file), [SHOWN]);
  });

  it('stylish', () => {
    const out = run('stylish');
    assert.equal(out.split('\n').find((l) => l !== ''), SHOWN, out);
    assert.ok(!out.includes(dir), out);
  });

  it('github', () => {
    const out = run('github');
    const files = [...out.matchAll(/^::\w+ file=([^,]*),/gm)].map((m) => m[1]);
    assert.ok(files.length > 0, out);
    assert.deepEqual([...new Set(files)], [POSIX]);
  });

  it('sarif: relative to %SRCROOT%, which is the working folder', () => {
    const run0 = JSON.parse(run('sarif')).runs[0];
    const locations = run0.results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    assert.ok(locations.length > 0);
    for (const l of locations) assert.deepEqual(l, { uri: POSIX, uriBaseId: '%SRCROOT%' });
    // %SRCROOT% and the relative URI together name the plan.
    const base = run0.originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(realpathSync(fileURLToPath(new URL(POSIX, base))), realpathSync(join(dir, 'real', 'plans', 'a.plan.yaml')));
  });

  it('junit', () => {
    const names = [...run('junit').matchAll(/<testcase name="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(names, [SHOWN]);
  });

  it('a folder and a glob named through the link give the same relative paths', () => {
    assert.deepEqual(JSON.parse(run('json', [join(link, 'plans')])).map((e) => e.file), [SHOWN]);
    assert.deepEqual(JSON.parse(run('json', [join(link, '**', '*.plan.yaml')])).map((e) => e.file), [SHOWN]);
  });

  it('a plan named through a link inside the working folder keeps the name given; one outside it stays absolute', () => {
    mkdirSync(join(dir, 'real', 'more'), { recursive: true });
    symlinkSync(join(dir, 'outside', 'b.plan.yaml'), join(dir, 'real', 'more', 'b.plan.yaml'));
    const files = JSON.parse(run('json', [join(link, 'more', 'b.plan.yaml'), join(dir, 'outside', 'b.plan.yaml')])).map((e) => e.file);
    assert.deepEqual(files, [join('more', 'b.plan.yaml'), join(dir, 'outside', 'b.plan.yaml')]);
  });

  it('an unreadable plan (a broken link) named through the link: shown relative', () => {
    symlinkSync('gone.plan.yaml', join(dir, 'real', 'broken.plan.yaml'));
    const entries = JSON.parse(run('json', [join(link, 'broken.plan.yaml')]));
    assert.deepEqual(entries.map((e) => [e.file, e.diagnostics.map((d) => d.rule)]), [['broken.plan.yaml', ['file-unreadable']]]);
  });

  it('a broken .qipprc.yaml found through the link: named relative in the message', () => {
    writeFiles(join(dir, 'real'), { 'cfg/.qipprc.yaml': 'rules: [risk-score, off]\n', 'cfg/c.plan.yaml': DUPLICATE });
    const r = qipp(['validate', join(link, 'cfg', 'c.plan.yaml')], { cwd: link });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(join('cfg', '.qipprc.yaml')), r.stderr);
    assert.ok(!r.stderr.includes(dir), r.stderr);
  });

  it('the working folder named by its real path, the plan through the link: relative too', () => {
    const r = qipp(['validate', '--format', 'json', join(link, 'plans', 'a.plan.yaml')], { cwd: join(dir, 'real') });
    assert.deepEqual(JSON.parse(r.stdout).map((e) => e.file), [SHOWN]);
  });
});
