// What qipp diff cannot compare: one clear line on standard error, exit 2,
// nothing on standard output (no stack trace, no half report).
import assert from 'node:assert/strict';
import { qipp, scratch, writeFiles } from '../cli/helpers.mjs';
import { join } from 'node:path';
import { cases } from './helpers.mjs';

describe('qipp diff: bad input', function () {
  this.timeout(60_000);
  const kase = cases().find((c) => c.name === 'reform-every-change');
  let dir;
  let cleanup;
  before(() => {
    ({ dir, cleanup } = scratch('qipp-diff-bad-'));
    writeFiles(dir, {
      'broken.plan.yaml': 'kind: qipp-reform-plan\ntitle: [unclosed\n  - id: x\n',
      'nokind.plan.yaml': 'title: A plan without a kind\n',
      'other.plan.yaml': 'kind: qipp-plan\nschema_version: 1\ntitle: T\norganisation: o\nperiod: 2010/11-2011/12\nstatus: draft\norganisations: [{id: o, name: O, type: pct}]\nactions: []\n',
      'folder/a.plan.yaml': 'kind: qipp-plan\n',
    });
  });
  after(() => cleanup?.());

  const refused = [
    ['the new side does not parse', () => [kase.old, join(dir, 'broken.plan.yaml')], /broken\.plan\.yaml is not readable YAML \(line \d+/],
    ['the old side does not parse', () => [join(dir, 'broken.plan.yaml'), kase.new], /broken\.plan\.yaml is not readable YAML/],
    ['a side that is not a plan', () => [join(dir, 'nokind.plan.yaml'), kase.new], /nokind\.plan\.yaml is not a plan/],
    ['a different kind on each side', () => [kase.old, join(dir, 'other.plan.yaml')], /different kinds cannot be compared: the old version is a qipp-reform-plan, the new one a qipp-plan/],
    ['a file that does not exist', () => [kase.old, join(dir, 'missing.plan.yaml')], /missing\.plan\.yaml/],
    ['a folder and a file', () => [join(dir, 'folder'), kase.new], /is a folder and .* is not/],
    ['one path only', () => [kase.old], /compares two versions/],
    ['an unknown format', () => [kase.old, kase.new, '--format', 'sarif'], /"sarif" is not a diff format/],
    ['an unknown --fail-on', () => [kase.old, kase.new, '--fail-on', 'late'], /--fail-on takes slipped, slipped-national, new-errors/],
  ];
  for (const [what, args, message] of refused) {
    it(`${what}: one clear line, exit 2, nothing on standard output`, () => {
      const r = qipp(['diff', ...args()]);
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^qipp: [^\n]+\n$/, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+|Error:|undefined/);
    });
  }

  it('two folders: plans matched by path inside them, one only in each side said so', () => {
    const { dir: d, cleanup: done } = scratch('qipp-diff-folders-');
    try {
      writeFiles(d, {
        'old/north.plan.yaml': readCase(kase.old),
        'new/north.plan.yaml': readCase(kase.new),
        'old/gone/west.plan.yaml': readCase(kase.old),
        'new/fresh.plan.yaml': readCase(kase.new),
      });
      const r = qipp(['diff', 'old', 'new', '--format', 'json'], { cwd: d });
      assert.equal(r.code, 0, r.stderr);
      const plans = JSON.parse(r.stdout).plans.map((p) => [p.path, p.only, p.diff ? p.diff.changes.length > 0 : null]);
      assert.deepEqual(plans, [['fresh.plan.yaml', 'new', null], ['gone/west.plan.yaml', 'old', null], ['north.plan.yaml', null, true]]);
      const text = qipp(['diff', 'old', 'new'], { cwd: d }).stdout;
      assert.match(text, /fresh\.plan\.yaml \(old → new\)\n  a new plan \(not in old\)/);
      assert.match(text, /gone\/west\.plan\.yaml \(old → new\)\n  removed \(only in old\)/);
    } finally {
      done();
    }
  });
});

import { readFileSync } from 'node:fs';
function readCase(p) {
  return readFileSync(p, 'utf8');
}
