// `qipp init`: starter plans for every kind, never overwriting without --force.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_KINDS } from '../../dist/core.js';
import { qipp, scratch, validateJson } from './helpers.mjs';

const KINDS = PLAN_KINDS;

describe('qipp init', () => {
  let dir;
  let cleanup;
  beforeEach(() => ({ dir, cleanup } = scratch()));
  afterEach(() => cleanup());

  for (const kind of KINDS) {
    it(`writes a ${kind} that validates clean`, () => {
      const r = qipp(['init', '--kind', kind], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const file = `${kind}.plan.yaml`;
      assert.ok(existsSync(join(dir, file)));
      assert.match(readFileSync(join(dir, file), 'utf8'), new RegExp(`^kind: ${kind}$`, 'm'));
      const v = validateJson([file], { cwd: dir });
      assert.deepEqual(v.json, [{ file, diagnostics: [] }]);
      assert.equal(v.code, 0);
    });
  }

  it('writes to the file named, with the title given', () => {
    const r = qipp(['init', '--kind', 'qipp-plan', '--title', 'Board plan: 2009 # draft', 'board.plan.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'board.plan.yaml'), 'utf8'), /^title: "Board plan: 2009 # draft"$/m);
    assert.equal(validateJson(['board.plan.yaml'], { cwd: dir }).code, 0);
  });

  it('refuses to overwrite an existing file, and replaces it with --force', () => {
    const file = join(dir, 'mine.plan.yaml');
    writeFileSync(file, 'my work\n');
    const refused = qipp(['init', '--kind', 'qipp-plan', 'mine.plan.yaml'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already exists.*--force/);
    assert.equal(readFileSync(file, 'utf8'), 'my work\n');
    const forced = qipp(['init', '--kind', 'qipp-plan', '--force', 'mine.plan.yaml'], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(file, 'utf8'), /^kind: qipp-plan$/m);
  });

  it('an unknown or missing kind exits 2 and lists the kinds', () => {
    for (const args of [['init', '--kind', 'budget'], ['init']]) {
      const r = qipp(args, { cwd: dir });
      assert.equal(r.code, 2);
      for (const kind of KINDS) assert.ok(r.stderr.includes(kind), `${kind} listed`);
    }
  });
});
