// The pre-commit hook (.pre-commit-hooks.yaml) as a user's repository uses it,
// with Debian's pre-commit: a scratch git repository names this repository
// as its hook repo, and a commit of a plan with errors is refused with the
// findings printed, while a clean plan commits.
//
// The hook repo is a local clone of this repository at HEAD with the working
// tree's tracked and new (not ignored) files copied over and committed, so
// that what is tested is what is on disk. pre-commit installs it as a node
// package: `npm install` (the registry, or npm's cache: npm_config_prefer_offline
// is set), whose `prepare` builds the bundles, then `npm pack` and a global
// install of the tarball in its own environment (nodeenv, using this
// machine's node). The first run takes about a minute.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { skipOutsideCi } from '../support/skip.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

function env(extra = {}) {
  const out = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && !/^GIT_/.test(k)) out[k] = v;
  return {
    ...out,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    GIT_AUTHOR_NAME: 'Planning Lead',
    GIT_AUTHOR_EMAIL: 'lead@example.org',
    GIT_COMMITTER_NAME: 'Planning Lead',
    GIT_COMMITTER_EMAIL: 'lead@example.org',
    ...extra,
  };
}

const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the pre-commit hook qipp-validate', function () {
  this.timeout(600_000);
  let dir;
  let plans;
  let preCommitEnv;

  before(function () {
    // In CI the test must not pass by skipping: Debian's pre-commit is part of the set-up (scripts/system-deps.sh).
    if (!hasPreCommit) skipOutsideCi(this, 'pre-commit is not installed (`apt-get install pre-commit`, as scripts/system-deps.sh does)');
    dir = mkdtempSync(join(tmpdir(), 'qipp-pre-commit-'));
    // The hook repository: HEAD, plus what is on disk now.
    const hookRepo = join(dir, 'hook-repo');
    git(dir, 'clone', '--quiet', '--no-hardlinks', ROOT, hookRepo);
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      if (f === 'node_modules') continue;
      let data;
      try {
        data = readFileSync(join(ROOT, f));
      } catch {
        continue; // deleted in the working tree
      }
      mkdirSync(dirname(join(hookRepo, f)), { recursive: true });
      writeFileSync(join(hookRepo, f), data);
    }
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '--quiet', '--allow-empty', '-m', 'what is on disk');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    plans = join(dir, 'plans');
    mkdirSync(plans);
    git(plans, 'init', '--quiet');
    writeFileSync(join(plans, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: qipp-validate\n`);
    preCommitEnv = env({ PRE_COMMIT_HOME: join(dir, 'pre-commit-home') });
    const r = spawnSync('pre-commit', ['install'], { cwd: plans, env: preCommitEnv, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const commit = (message) => spawnSync('git', ['commit', '-m', message], { cwd: plans, env: preCommitEnv, encoding: 'utf8' });

  it('is declared for plan files, on node', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    const hook = hooks.find((h) => h.id === 'qipp-validate');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    const files = new RegExp(hook.files);
    for (const f of ['a.plan.yaml', 'plans/b.plan.yml']) assert.match(f, files);
    for (const f of ['a.yaml', 'plan.yaml.txt', 'a.plan.json']) assert.doesNotMatch(f, files);
  });

  it('refuses a commit of a plan with errors, and prints its findings', () => {
    copyFileSync(join(ROOT, 'samples/with-mistakes.plan.yaml'), join(plans, 'board.plan.yaml'));
    git(plans, 'add', '-A');
    const r = commit('a plan with mistakes');
    const out = r.stdout + r.stderr;
    assert.notEqual(r.status, 0, `the commit went through:\n${out}`);
    assert.match(out, /qipp validate\.+Failed/);
    assert.match(out, /board\.plan\.yaml/);
    assert.match(out, /split-lead-side/);
    assert.match(out, /\d+ problems \(\d+ errors/);
    assert.throws(() => git(plans, 'rev-parse', '--verify', 'HEAD'), 'nothing was committed');
  });

  it('lets a clean plan through', () => {
    git(plans, 'rm', '--quiet', '--cached', 'board.plan.yaml');
    rmSync(join(plans, 'board.plan.yaml'));
    copyFileSync(join(ROOT, 'samples/northshire-reform.plan.yaml'), join(plans, 'northshire.plan.yaml'));
    git(plans, 'add', '-A');
    const r = commit('a clean plan');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /qipp validate\.+Passed/);
    assert.match(git(plans, 'show', '--stat', 'HEAD'), /northshire\.plan\.yaml/);
  });
});
