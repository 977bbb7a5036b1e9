// `qipp diff FILE --git REV` against a repository made here: git init in a
// scratch folder, the case's old plan committed, then its new plan; the diff
// from HEAD~1 is the case's hand-written change list. Run from a subfolder
// too, since git paths are relative to the repository's top folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { qipp, scratch } from '../cli/helpers.mjs';
import { asSet, cases, withoutMessages } from './helpers.mjs';

describe('qipp diff --git', function () {
  this.timeout(60_000);
  const kase = cases().find((c) => c.name === 'reform-every-change');
  let repo;
  let cleanup;
  let outside;
  const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });

  before(() => {
    ({ dir: repo, cleanup } = scratch('qipp-diff-git-'));
    mkdirSync(join(repo, 'plans'));
    git('init', '-q', '-b', 'main');
    copyFileSync(kase.old, join(repo, 'plans/north.plan.yaml'));
    git('add', '.');
    git('commit', '-q', '-m', 'first version');
    copyFileSync(kase.new, join(repo, 'plans/north.plan.yaml'));
    git('commit', '-q', '-am', 'second version');
    writeFileSync(join(repo, 'plans/untracked.plan.yaml'), 'kind: qipp-plan\n');
    outside = scratch('qipp-diff-nogit-');
    copyFileSync(kase.old, join(outside.dir, 'lone.plan.yaml'));
  });
  after(() => {
    cleanup?.();
    outside?.cleanup();
  });

  for (const [where, cwd, path] of [['from the top folder', '', 'plans/north.plan.yaml'], ['from a subfolder', 'plans', 'north.plan.yaml']]) {
    it(`HEAD~1 against the committed file, ${where}: the case's changes`, () => {
      const r = qipp(['diff', path, '--git', 'HEAD~1', '--format', 'json'], { cwd: join(repo, cwd) });
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.plans[0].oldLabel, 'HEAD~1');
      assert.deepEqual(asSet(withoutMessages(report.plans[0].diff.changes)), asSet(kase.expected.changes));
    });
  }

  it('HEAD against the working copy, unchanged: no changes', () => {
    const r = qipp(['diff', 'plans/north.plan.yaml', '--git', 'HEAD'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No changes in meaning/);
  });

  const refused = [
    ['a revision that does not exist', ['plans/north.plan.yaml', '--git', 'no-such-branch'], /knows no revision "no-such-branch"/],
    ['a revision that looks like an option', ['plans/north.plan.yaml', '--git=--all'], /knows no revision "--all"/],
    ['a file not in git at that revision', ['plans/untracked.plan.yaml', '--git', 'HEAD'], /is not in git at revision HEAD/],
    ['a file that is in no repository', () => [join(outside.dir, 'lone.plan.yaml'), '--git', 'HEAD'], /not in a git repository/],
  ];
  for (const [what, args, message] of refused) {
    it(`${what}: one clear line, exit 2, nothing on standard output`, () => {
      const list = typeof args === 'function' ? args() : args;
      const r = qipp(['diff', ...list], { cwd: repo });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^qipp: [^\n]+\n$/, 'one line');
      assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+|Error:/);
    });
  }
});
