// Issue 15, "every file read bounded and confined": each reproducer the
// report gave, as the CLI meets it. Files a plan or a configuration names,
// and the cache, may come from someone else: qipp reads only regular files,
// never more than a limit, only inside the working folder, treats the cache
// as untrusted, and never writes through a planted link.
//
// Runs that read a device are run under `prlimit --as` (4 GB of address
// space) and a timeout, so that a regression fails here instead of taking the
// machine's memory: before the fix, /dev/zero grew qipp past 19 GB.
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, scratch, signCacheEntry, writeFiles } from '../cli/helpers.mjs';

const VALID = readFileSync(join(ROOT, 'test/lsp/fixtures/nav.plan.yaml'), 'utf8');
const MISTAKES = readFileSync(join(ROOT, 'samples/with-mistakes.plan.yaml'), 'utf8');
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
const withTimeline = (path) => VALID.replace(/^status: draft$/m, `status: draft\nnational_timeline: ${path}`);

/** Runs the CLI with a memory limit and a timeout; throws when it does not finish (a hang). */
function run(args, { cwd, env = {}, timeout = 30000 } = {}) {
  const command = PRLIMIT ? [PRLIMIT, '--as=4000000000', process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
  const r = spawnSync(command[0], command.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout, maxBuffer: 1 << 26 });
  if (r.error) throw new Error(`qipp ${args.join(' ')} did not finish within ${timeout} ms (${r.error.code})`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const json = (r) => {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 400)} ${r.stderr.slice(0, 400)}`);
  }
};
const findings = (r, rule) => json(r).flatMap((f) => f.diagnostics).filter((d) => !rule || d.rule === rule);

/** A scratch folder with its own cache secret (XDG_CACHE_HOME), so that tests never share or touch the user's. */
function workspace() {
  const s = scratch('qipp-files-');
  mkdirSync(join(s.dir, 'xdg'));
  return { ...s, env: { XDG_CACHE_HOME: join(s.dir, 'xdg') } };
}

describe('issue 15: files a plan or configuration names are read bounded', function () {
  this.timeout(120000);

  it('a plan naming /dev/zero as its national timeline gets a diagnostic, at once (it grew qipp past 19 GB)', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': withTimeline('/dev/zero') });
      const r = run(['validate', '--format', 'json', '--allow-files-outside', 'a.plan.yaml'], { cwd: dir, env });
      assert.equal(r.code, 1, r.stderr);
      const [d] = findings(r, 'national-timeline');
      assert.match(d.message, /device, not a file/);
    } finally {
      cleanup();
    }
  });

  it('.qipprc.yaml naming /dev/urandom stops the run with a clear message (exit 2)', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': VALID, '.qipprc.yaml': 'national_timeline: /dev/urandom\n' });
      const r = run(['validate', '--allow-files-outside', 'a.plan.yaml'], { cwd: dir, env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /national timeline "\/dev\/urandom" could not be read: it is a device, not a file/);
    } finally {
      cleanup();
    }
  });

  it('a named pipe as a national timeline, from a plan or .qipprc.yaml, is refused without waiting for a writer (it hung)', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': withTimeline('pipe.yaml'), 'cfg/b.plan.yaml': VALID, 'cfg/.qipprc.yaml': 'national_timeline: pipe.yaml\n' });
      execFileSync('mkfifo', [join(dir, 'pipe.yaml'), join(dir, 'cfg/pipe.yaml')]);
      const r = run(['validate', '--format', 'json', 'a.plan.yaml'], { cwd: dir, env, timeout: 20000 });
      assert.match(findings(r, 'national-timeline')[0].message, /named pipe, not a file/);
      const c = run(['validate', 'cfg/b.plan.yaml'], { cwd: dir, env, timeout: 20000 });
      assert.equal(c.code, 2);
      assert.match(c.stderr, /named pipe, not a file/);
    } finally {
      cleanup();
    }
  });

  it('a national timeline over 1 MB is refused by its size, not read', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': withTimeline('big.yaml'), 'big.yaml': `# ${'x'.repeat(1024 * 1024 + 10)}\n[]\n` });
      const r = run(['validate', '--format', 'json', 'a.plan.yaml'], { cwd: dir, env });
      assert.match(findings(r, 'national-timeline')[0].message, /more than the 1 MB limit/);
    } finally {
      cleanup();
    }
  });

  for (const [what, make] of [
    ['a link to /dev/zero', (path) => symlinkSync('/dev/zero', path)],
    ['a named pipe', (path) => execFileSync('mkfifo', [path])],
  ]) {
    it(`.qipp-cache as ${what} is ignored with a notice, and replaced by a real cache`, () => {
      const { dir, cleanup, env } = workspace();
      try {
        writeFiles(dir, { 'a.plan.yaml': MISTAKES });
        make(join(dir, '.qipp-cache'));
        const r = run(['validate', '--format', 'json', '--cache', 'a.plan.yaml'], { cwd: dir, env, timeout: 20000 });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /the cache ".*\.qipp-cache" was ignored: it is a (device|named pipe), not a file/);
        assert.equal(findings(r).length, 27);
        assert.ok(lstatSync(join(dir, '.qipp-cache')).isFile(), 'the cache is written as a file of its own');
        assert.deepEqual(json(run(['validate', '--format', 'json', '--cache', 'a.plan.yaml'], { cwd: dir, env })), json(r));
      } finally {
        cleanup();
      }
    });
  }
});

describe('issue 15: files a plan or configuration names stay inside the working folder', function () {
  this.timeout(120000);
  const OUTSIDE = '- {id: secret-zz-token, title: Private title from outside, deadline: 2010-12-31}\n';

  it('a national timeline outside the folder (../, absolute, or a link out) is refused, and nothing from it is shown', () => {
    const { dir, cleanup, env } = workspace();
    try {
      const plan = (path) => withTimeline(path).replace('          status: on-track\n', '          status: on-track\n          delivers: secret-zz-tokex\n');
      writeFiles(dir, { 'outside/t.yaml': OUTSIDE, 'work/rel.plan.yaml': plan('../outside/t.yaml'), 'work/abs.plan.yaml': plan(join(dir, 'outside/t.yaml')), 'work/link.plan.yaml': plan('link.yaml') });
      symlinkSync(join(dir, 'outside/t.yaml'), join(dir, 'work/link.yaml'));
      const r = run(['validate', '--format', 'json', '.'], { cwd: join(dir, 'work'), env });
      assert.equal(r.code, 1);
      const reports = json(r);
      assert.equal(reports.length, 3);
      for (const report of reports) {
        const d = report.diagnostics.find((x) => x.rule === 'national-timeline');
        assert.ok(d, `${report.file}: ${JSON.stringify(report.diagnostics)}`);
        assert.match(d.message, /outside the folder .* --allow-files-outside/);
      }
      assert.doesNotMatch(r.stdout, /secret-zz-token|Private title/, 'no "did you mean" or title from the outside file');
      const page = run(['preview', 'rel.plan.yaml'], { cwd: join(dir, 'work'), env });
      assert.equal(page.code, 0, page.stderr);
      assert.doesNotMatch(page.stdout, /secret-zz-token|Private title/);
      // The person running qipp may allow it.
      const allowed = run(['validate', '--format', 'json', '--allow-files-outside', 'rel.plan.yaml'], { cwd: join(dir, 'work'), env });
      assert.ok(!findings(allowed, 'national-timeline').length, allowed.stdout);
    } finally {
      cleanup();
    }
  });

  it('an extra schema folder outside the folder is refused (exit 2)', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'schemas/qipp-reform-plan.schema.json': '{}', 'work/a.plan.yaml': VALID, 'work/.qipprc.yaml': 'schemas: [../schemas]\n' });
      const r = run(['validate', 'a.plan.yaml'], { cwd: join(dir, 'work'), env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /schema folder "\.\.\/schemas" could not be read: it is outside the folder/);
    } finally {
      cleanup();
    }
  });
});

describe('issue 15: the cache is untrusted data', function () {
  this.timeout(180000);

  /** Edits the one entry of a cache file as its author could, signing it with `secret` when the format has signatures. */
  const tamper = (cacheFile, edit, secret) => {
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const [file] = Object.keys(cache.entries);
    const e = cache.entries[file];
    edit(e);
    if ('mac' in e) e.mac = signCacheEntry(secret, file, e);
    writeFileSync(cacheFile, JSON.stringify(cache));
  };
  const secretOf = (env) => Buffer.from(readFileSync(join(env.XDG_CACHE_HOME, 'qipp/cache-secret'), 'latin1').trim(), 'hex');

  it('a planted cache cannot make a plan with 25 errors pass (it exited 0)', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': MISTAKES });
      const args = ['validate', '--format', 'json', '--cache', 'a.plan.yaml'];
      // The attacker runs qipp on the same plan with their own secret, and empties the result.
      const attacker = { XDG_CACHE_HOME: join(dir, 'attacker') };
      run(args, { cwd: dir, env: attacker });
      tamper(join(dir, '.qipp-cache'), (e) => Object.assign(e, { json: '[]', errors: 0, warnings: 0 }), randomBytes(32));
      const r = run(args, { cwd: dir, env });
      assert.equal(r.code, 1, 'the plan is checked afresh');
      assert.ok(findings(r).length >= 25, r.stdout.slice(0, 300));
      assert.match(r.stderr, /holds results this user did not write/);
    } finally {
      cleanup();
    }
  });

  it('stored text is never spliced into the output, nor can it crash a format, even when signed with the right secret', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': MISTAKES });
      run(['validate', '--format', 'json', '--cache', 'a.plan.yaml'], { cwd: dir, env });
      const secret = secretOf(env);
      tamper(join(dir, '.qipp-cache'), (e) => Object.assign(e, { json: '[]],"planted":[1' }), secret);
      const r = run(['validate', '--format', 'json', '--cache', 'a.plan.yaml'], { cwd: dir, env });
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stdout, /planted/);
      assert.ok(findings(r).length > 25, 'rechecked');
      tamper(join(dir, '.qipp-cache'), (e) => Object.assign(e, { json: '[{"rule":1,"severity":"error"}]', errors: 1 }), secret);
      const s = run(['validate', '--format', 'stylish', '--cache', 'a.plan.yaml'], { cwd: dir, env });
      assert.equal(s.code, 1);
      assert.doesNotMatch(s.stderr, /internal error|TypeError/);
      assert.match(s.stdout, /problems \(\d+ errors/);
    } finally {
      cleanup();
    }
  });

  it('two --cache runs at once leave a whole cache that the next run replays', async () => {
    const { dir, cleanup, env } = workspace();
    try {
      const files = {};
      for (let i = 0; i < 30; i++) files[`p${i}.plan.yaml`] = i % 2 ? VALID : MISTAKES.replace('title:', `# ${i}\ntitle:`);
      writeFiles(dir, files);
      const args = [CLI, 'validate', '--format', 'json', '--cache', '.'];
      const once = () =>
        new Promise((done) => {
          const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env, QIPP_WORKERS: '0' }, stdio: 'ignore' });
          child.on('close', done);
        });
      for (let round = 0; round < 3; round++) {
        assert.deepEqual(await Promise.all([once(), once()]), [1, 1]);
        const cache = JSON.parse(readFileSync(join(dir, '.qipp-cache'), 'utf8'));
        assert.equal(Object.keys(cache.entries).length, 30);
      }
      const r = run(['validate', '--format', 'json', '--cache', '.'], { cwd: dir, env });
      assert.equal(r.stderr, '');
      // Thirty copies of two plans also meet the cross-plan rules (the same organisation twice): those are not this test's.
      assert.equal(findings(r).filter((f) => !f.rule.startsWith('cross-')).length, 15 * 27);
    } finally {
      cleanup();
    }
  });
});

describe('issue 15: -o never writes through a planted link unless --force', function () {
  this.timeout(60000);
  for (const command of ['validate', 'preview']) {
    it(`qipp ${command} -o refuses a symbolic link (exit 2) and leaves its target alone`, () => {
      const { dir, cleanup, env } = workspace();
      try {
        writeFiles(dir, { 'a.plan.yaml': VALID, 'precious.txt': 'keep me\n' });
        symlinkSync(join(dir, 'precious.txt'), join(dir, 'out.txt'));
        const args = command === 'validate' ? ['validate', 'a.plan.yaml', '-o', 'out.txt'] : ['preview', 'a.plan.yaml', '-o', 'out.txt'];
        const r = run(args, { cwd: dir, env });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /is a symbolic link, and qipp does not write through one \(add --force/);
        assert.equal(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep me\n');
        assert.equal(run([...args, '--force'], { cwd: dir, env }).code, 0);
        assert.notEqual(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep me\n');
      } finally {
        cleanup();
      }
    });
  }
});

describe('issue 15: an extra schema that does not compile stops the CLI', function () {
  this.timeout(60000);
  it('a remote $ref is an error (exit 2), not "No problems found"', () => {
    const { dir, cleanup, env } = workspace();
    try {
      const schema = { properties: { title: { $ref: 'https://example.org/title.schema.json' } } };
      writeFiles(dir, { 'a.plan.yaml': VALID, '.qipprc.yaml': 'schemas: [extra]\n', 'extra/qipp-reform-plan.schema.json': JSON.stringify(schema) });
      for (const args of [['validate', 'a.plan.yaml'], ['validate', '--cache', 'a.plan.yaml'], ['preview', 'a.plan.yaml']]) {
        const r = run(args, { cwd: dir, env });
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout.slice(0, 200)}`);
        assert.match(r.stderr, /extra schema "extra\/qipp-reform-plan\.schema\.json" for qipp-reform-plan could not be used: can't resolve reference/);
        assert.doesNotMatch(r.stdout, /No problems found/);
      }
    } finally {
      cleanup();
    }
  });
});

describe('issue 15: report formats do not pass terminal controls from plan text', function () {
  this.timeout(60000);
  it('stylish and github show ESC, C1 and bidi controls as escapes', () => {
    const { dir, cleanup, env } = workspace();
    try {
      writeFiles(dir, { 'a.plan.yaml': VALID.replace('status: draft', 'status: "dr\u001b[2Jaft\u009b31m\u202egnol\u2066"') });
      for (const format of ['stylish', 'github']) {
        const r = run(['validate', '--format', format, 'a.plan.yaml'], { cwd: dir, env });
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stdout, /\\u001b\[2Jaft\\u009b31m\\u202egnol\\u2066/, format);
        assert.doesNotMatch(r.stdout, /[\u001b\u009b\u202e\u2066]/, `${format} passes a control character through`);
      }
    } finally {
      cleanup();
    }
  });
});

describe('issue 15: plan values named like object properties', function () {
  this.timeout(60000);
  it('status: constructor, type: toString and a __proto__ key do not stop the preview', () => {
    const plan = join(ROOT, 'test/hostile/data/prototype-names.plan.yaml');
    const r = run(['preview', plan]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /could not be drawn/);
    const v = run(['validate', '--format', 'json', plan]);
    const rules = findings(v).map((d) => d.rule);
    assert.deepEqual([...new Set(rules)].sort(), ['schema']);
    assert.equal(rules.length, 4, v.stdout);
  });
});
