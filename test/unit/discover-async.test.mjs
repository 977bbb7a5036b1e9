// The language server lists a workspace folder with discoverFolder (server/src/node/discover.ts):
// a folder at a time with fs.promises, yielding between entries, so that a large workspace never
// holds the editor's requests. It must find what `qipp validate FOLDER` finds (discover), in the
// same order: on the repository's samples and on a generated tree with every case the walk knows
// (dot-folders, node_modules, YAML sniffed for `kind:`, links to files and folders, a link loop,
// a broken link named like a plan, an unreadable folder).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from '../cli/helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('finding a folder\'s plans without holding the thread (discoverFolder)', () => {
  let discover;
  let discoverFolder;
  let dir;
  before(async function () {
    this.timeout(60_000);
    ({ discover, discoverFolder } = await loadTs('server/src/node/discover.ts'));
    dir = mkdtempSync(join(tmpdir(), 'qipp-discover-async-'));
    const file = (rel, text = 'kind: qipp-plan\n') => {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    };
    for (let i = 0; i < 300; i++) file(`many/p-${String(i).padStart(3, '0')}.plan.yaml`, '');
    file('b.plan.yml', '');
    file('a.yaml');
    file('notes.yaml', 'title: not a plan\n');
    file('readme.md', '# no');
    file('.hidden/x.plan.yaml');
    file('node_modules/pkg/x.plan.yaml');
    file('deep/er/still/z.plan.yaml');
    file('deep/kind.yml', '# a comment\nkind: provider-plan\n');
    symlinkSync(join(dir, 'a.yaml'), join(dir, 'link-to-a.yaml'));
    symlinkSync(join(dir, 'deep'), join(dir, 'deep-link'));
    symlinkSync(dir, join(dir, 'deep/loop'));
    symlinkSync(join(dir, 'missing.plan.yaml'), join(dir, 'broken.plan.yaml'));
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'broken.yaml'));
    file('locked/secret.plan.yaml');
    chmodSync(join(dir, 'locked'), 0o000);
  });
  after(() => {
    if (!dir) return;
    chmodSync(join(dir, 'locked'), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const sync = (folder) => discover([folder], folder);

  it('finds the samples\' plans as discover does, in the same order', async () => {
    const folder = join(ROOT, 'samples');
    const expected = sync(folder).files.map((f) => f.path);
    assert.ok(expected.length >= 5, 'the samples hold plans');
    assert.deepEqual(await discoverFolder(folder), expected);
  });

  it('finds a generated tree\'s plans as discover does: skips, links, loops and sniffing alike', async () => {
    const expected = sync(dir).files.map((f) => f.path);
    const found = await discoverFolder(dir);
    assert.deepEqual(found, expected);
    const names = found.map((p) => p.slice(dir.length + 1));
    assert.ok(names.includes('a.yaml') && names.includes('deep/kind.yml') && names.includes('link-to-a.yaml'), 'sniffed YAML and a linked file are found');
    assert.ok(names.includes('broken.plan.yaml') && !names.includes('broken.yaml'), 'a broken link is reported only when named like a plan');
    assert.ok(!names.some((n) => n.startsWith('.hidden/') || n.startsWith('node_modules/') || n === 'notes.yaml' || n === 'readme.md'), 'dot-folders, node_modules and other files are skipped');
    assert.equal(names.filter((n) => n.endsWith('z.plan.yaml')).length, 1, 'a folder reached twice (a link, a loop) is searched once');
    assert.equal(names.filter((n) => n.startsWith('many/')).length, 300);
  });

  it('reports a folder it cannot read, as discover does, and goes on', async () => {
    // A folder whose full path is longer than the system allows (ENAMETOOLONG): unreadable even for root, as CI runs.
    const top = mkdtempSync(join(tmpdir(), 'qipp-discover-deep-'));
    writeFileSync(join(top, 'top.plan.yaml'), '');
    const name = 'd'.repeat(200);
    const prev = process.cwd();
    try {
      process.chdir(top);
      for (let i = 0; i < 24; i++) (mkdirSync(name), process.chdir(name));
      writeFileSync('deep.plan.yaml', '');
    } finally {
      process.chdir(prev);
    }
    try {
      const problems = [];
      const found = await discoverFolder(top, (folder, message) => problems.push([folder, message]));
      const expected = sync(top);
      assert.equal(expected.problems.length, 1, 'the sync search meets one unreadable folder');
      assert.deepEqual(problems.map(([folder]) => folder), expected.problems.map((p) => p.file.path));
      assert.match(problems[0][1], /^This folder could not be read: /);
      assert.deepEqual(found, [join(top, 'top.plan.yaml')], 'the rest of the search goes on');
    } finally {
      // Split the tree so that each half's path is short enough to remove.
      process.chdir(top);
      for (let i = 0; i < 12; i++) process.chdir(name);
      renameSync(name, join(top, 'lower'));
      process.chdir(prev);
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('a folder that does not exist is a problem, not a crash', async () => {
    const problems = [];
    assert.deepEqual(await discoverFolder(join(dir, 'nowhere'), (folder) => problems.push(folder)), []);
    assert.deepEqual(problems, [join(dir, 'nowhere')]);
  });
});
