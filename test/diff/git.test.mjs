// `qipp diff FILE --git REV` against a repository made here: git init in a
// scratch folder, the case's old plan committed, then its new plan; the diff
// from HEAD~1 is the case's hand-written change list. Run from a subfolder
// too, since git paths are relative to the repository's top folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, qipp, ROOT, scratch } from '../cli/helpers.mjs';
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

  it("the README's GitHub Actions recipe: a job summary of each changed plan, exit 1 on a national deadline now missed", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /### What a pull request changes in the plans[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)[1];
    const script = /run: \|\n((?: {10}.*\n)+)/.exec(block)[1].replace(/^ {10}/gm, '').replaceAll('npx qipp', `"${process.execPath}" "${CLI}"`);
    const base = git('rev-parse', 'HEAD~1').toString().trim();
    // The pull request's branch: the plan changed (HEAD) and a plan added.
    git('checkout', '-q', '-b', 'pr');
    copyFileSync(kase.old, join(repo, 'plans/fresh.plan.yaml'));
    git('add', 'plans/fresh.plan.yaml');
    git('commit', '-q', '-m', 'a new plan');
    const summary = join(outside.dir, 'summary.md');
    writeFileSync(summary, '');
    let code = 0;
    try {
      execFileSync('bash', ['-e', '-c', script], { cwd: repo, stdio: 'pipe', env: { ...process.env, BASE: base, GITHUB_STEP_SUMMARY: summary } });
    } catch (e) {
      code = e.status;
    }
    const text = readFileSync(summary, 'utf8');
    assert.equal(code, 1, text);
    assert.match(text, /^### plans\/north\.plan\.yaml$/m);
    assert.match(text, /Milestone `C2\.1` now breaks its national deadline/);
    assert.match(text, /^### plans\/fresh\.plan\.yaml\n\nA new plan\.$/m);
    git('checkout', '-q', 'main');
  });
});
