// CLI robustness beyond test/cli: files that cannot be read (one without
// read permission, checked as the user nobody when the tests run as root, for
// whom chmod 000 stops nothing; broken and looping links, a folder named like
// a plan, a FIFO), folders without plans, configuration files that are
// hostile rather than merely wrong, and mistaken options on every command.
// Each gives a clear message and the spec's exit code (0 clean, 1 a plan has
// errors or could not be read, 2 qipp could not run), and the other files are
// still checked and reported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kase, openTo, qipp, scratch, unprivileged, validateJson, writeFiles } from '../cli/helpers.mjs';

const VALID = readFileSync(kase('reform/000-valid.plan.yaml'), 'utf8');
const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/** A CLI run that hangs fails the test rather than the suite. */
const LIMIT = { timeout: 30_000 };

describe('CLI robustness (hostile files, folders, configuration and options)', function () {
  this.timeout(60_000);
  let dir;
  let cleanup;
  beforeEach(() => {
    ({ dir, cleanup } = scratch('qipp-hostile-cli-'));
  });
  afterEach(() => cleanup());

  describe('files that cannot be read', () => {
    it('a link to a file that does not exist, named on the command line: reported, the others checked (exit 1)', () => {
      writeFiles(dir, { 'good.plan.yaml': VALID });
      symlinkSync('moved-away.plan.yaml', join(dir, 'broken.plan.yaml'));
      const r = validateJson(['broken.plan.yaml', 'good.plan.yaml'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.json, [
        { file: 'broken.plan.yaml', diagnostics: [{ rule: 'file-unreadable', severity: 'error', message: 'This is a link to "moved-away.plan.yaml", which does not exist.', range: NOWHERE }] },
        { file: 'good.plan.yaml', diagnostics: [] },
      ]);
    });

    it('a link that loops back on itself: reported with that reason', () => {
      writeFiles(dir, { 'good.plan.yaml': VALID });
      symlinkSync('loop.plan.yaml', join(dir, 'loop.plan.yaml'));
      const r = validateJson(['loop.plan.yaml', 'good.plan.yaml'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.equal(r.json[0].diagnostics[0].rule, 'file-unreadable');
      assert.match(r.json[0].diagnostics[0].message, /loops back on itself/);
      assert.deepEqual(r.json[1].diagnostics, []);
    });

    it('in a folder: a broken link named like a plan is reported, not skipped in silence; a folder named like a plan is searched', () => {
      writeFiles(dir, { 'plans/a.plan.yaml': VALID, 'plans/odd.plan.yaml/inner.plan.yaml': VALID, 'plans/notes.txt': 'not a plan' });
      symlinkSync('../gone.plan.yaml', join(dir, 'plans/b.plan.yaml'));
      symlinkSync('../gone.txt', join(dir, 'plans/c.txt'));
      const r = validateJson(['plans'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      // Two copies of one plan are also a cross-duplicate-plan; that rule is not what this test is about.
      assert.deepEqual(
        r.json.map((e) => [e.file, e.diagnostics.filter((d) => !d.rule.startsWith('cross-')).map((d) => d.rule)]),
        [
          [join('plans', 'a.plan.yaml'), []],
          [join('plans', 'b.plan.yaml'), ['file-unreadable']],
          [join('plans', 'odd.plan.yaml', 'inner.plan.yaml'), []],
        ],
      );
    });

    it('a folder named like a plan, with nothing in it, named on the command line: exit 2, saying so', () => {
      mkdirSync(join(dir, 'empty.plan.yaml'));
      const r = qipp(['validate', 'empty.plan.yaml'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no plan files were found in the folder "empty\.plan\.yaml"/);
      assert.equal(r.stdout, '');
    });

    it('a FIFO named like a plan never blocks: skipped in a folder, refused by name', () => {
      writeFiles(dir, { 'plans/a.plan.yaml': VALID });
      // Without a FIFO there is nothing to check: fail rather than pass (mkfifo is in coreutils).
      const made = spawnSync('mkfifo', [join(dir, 'plans/pipe.plan.yaml')], { encoding: 'utf8' });
      assert.equal(made.status, 0, `mkfifo could not make the FIFO the test needs: ${made.error?.message ?? made.stderr}`);
      const folder = validateJson(['plans'], { cwd: dir, ...LIMIT });
      assert.equal(folder.code, 0, folder.stderr);
      assert.deepEqual(folder.json.map((e) => e.file), [join('plans', 'a.plan.yaml')]);
      const named = qipp(['validate', 'plans/pipe.plan.yaml'], { cwd: dir, ...LIMIT });
      assert.equal(named.code, 2);
      assert.match(named.stderr, /is neither a file nor a folder/);
    });

    it('a file without read permission: reported with the reason (as an unprivileged user, also when the tests run as root)', () => {
      // Root reads any file whatever its mode, so as root (always, in CI) qipp runs as the user nobody.
      const user = unprivileged();
      writeFiles(dir, { 'locked.plan.yaml': VALID, 'good.plan.yaml': VALID });
      openTo(user, dir, ['good.plan.yaml']); // the folder and the good plan: readable by that user
      chmodSync(join(dir, 'locked.plan.yaml'), 0o000);
      const r = validateJson(['locked.plan.yaml', 'good.plan.yaml'], { cwd: dir, ...user });
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.json, [
        { file: 'locked.plan.yaml', diagnostics: [{ rule: 'file-unreadable', severity: 'error', message: r.json[0].diagnostics[0]?.message, range: NOWHERE }] },
        { file: 'good.plan.yaml', diagnostics: [] },
      ]);
      assert.match(r.json[0].diagnostics[0].message, /permission denied/);
    });
  });

  describe('folders without plans', () => {
    it('YAML files that are not plans, and plans in skipped folders, do not count: exit 2 with the folder named', () => {
      writeFiles(dir, {
        'docs/readme.md': '# notes',
        'docs/settings.yaml': 'kind: not-a-plan-kind\n',
        'docs/other.yml': 'title: no kind here\n',
        'docs/node_modules/x.plan.yaml': VALID,
        'docs/.hidden/y.plan.yaml': VALID,
      });
      const r = qipp(['validate', 'docs'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^qipp: no plan files were found in the folder "docs"\.\n$/);
      assert.equal(r.stdout, '');
    });
  });

  describe('hostile configuration files', () => {
    const cases = [
      ['a folder named .qipprc.yaml', () => mkdirSync(join(dir, '.qipprc.yaml')), /could not be read: it is a folder, not a file/],
      ['binary bytes', () => writeFileSync(join(dir, '.qipprc.yaml'), Buffer.from([0x72, 0x75, 0x6c, 0x65, 0x73, 0x3a, 0x00, 0x01, 0xff, 0xfe])), /\.qipprc\.yaml, line 1: /],
      ['an alias bomb', () => writeFileSync(join(dir, '.qipprc.yaml'), 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nrules: {risk-score: *d}\n'), /\.qipprc\.yaml, line \d+: /],
      ['nesting 10,000 deep', () => writeFileSync(join(dir, '.qipprc.yaml'), `rules: ${'['.repeat(10_000)}\n`), /\.qipprc\.yaml, line 1: This configuration is nested more than 200 levels deep/],
      [
        'a national timeline nested 10,000 deep',
        () => writeFiles(dir, { '.qipprc.yaml': 'national_timeline: national.yaml\n', 'national.yaml': `- ${'- '.repeat(10_000)}x\n` }),
        /The national timeline is nested more than 200 levels deep/,
      ],
      ['a sequence instead of a mapping', () => writeFileSync(join(dir, '.qipprc.yaml'), '- rules\n- schemas\n'), /should be a mapping/],
      ['rules that are not a mapping', () => writeFileSync(join(dir, '.qipprc.yaml'), 'rules: [risk-score, off]\n'), /rules/],
    ];
    for (const [name, make, message] of cases) {
      it(`${name}: exit 2, a message naming the file, and no plan checked`, () => {
        writeFiles(dir, { 'a.plan.yaml': VALID });
        make();
        const r = qipp(['validate', 'a.plan.yaml'], { cwd: dir, ...LIMIT });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /internal error|Maximum call stack|at \w+ \(/);
        assert.equal(r.stdout, '');
      });
    }
  });

  describe('mistaken options', () => {
    const cases = [
      [['validate', '-x', 'a.plan.yaml'], /Unknown option "-x" for qipp validate/],
      [['validate', '--quiet=yes', 'a.plan.yaml'], /The option "--quiet" takes no value/],
      [['validate', '--format=', 'a.plan.yaml'], /The option "--format" needs a value/],
      [['validate', '--config'], /The option "--config" needs a value/],
      [['validate', '--max-file-size', '0', 'a.plan.yaml'], /--max-file-size needs a size in megabytes greater than 0, not "0"/],
      [['validate', '--max-file-size', 'ten', 'a.plan.yaml'], /--max-file-size needs a size in megabytes greater than 0, not "ten"/],
      [['validate', '--max-file-size', '-1', 'a.plan.yaml'], /--max-file-size needs a size/],
      [['preview', '--frob', 'a.plan.yaml'], /Unknown option "--frob" for qipp preview/],
      [['init', '--frob'], /Unknown option "--frob" for qipp init/],
      [['lsp', '--stdio', '--node-ipc'], /Choose one of --stdio and --node-ipc/],
      [['--frob'], /Unknown option "--frob". Put the command first/],
      [['check', 'a.plan.yaml'], /There is no command "check". The commands are validate, report, diff, init, preview, lsp/],
    ];
    for (const [args, message] of cases) {
      it(`qipp ${args.join(' ')}: exit 2 with a message saying what to do`, () => {
        writeFiles(dir, { 'a.plan.yaml': VALID });
        const r = qipp(args, { cwd: dir, ...LIMIT });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      });
    }

    it('-o naming a folder: exit 2, saying the report could not be written', () => {
      writeFiles(dir, { 'a.plan.yaml': VALID, 'out/keep.txt': '' });
      const r = qipp(['validate', '-o', 'out', 'a.plan.yaml'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /the report could not be written to "out": it is a folder, not a file/);
    });
  });
});
