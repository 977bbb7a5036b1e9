// Black-box tests of `qipp validate`: exit codes, options, file handling.
// They run dist/cli.js (npm test builds it first).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CASES, ROOT, editCacheEntry, expectations, kase, qipp, scratch, validateJson, writeFiles } from './helpers.mjs';

const VALID = kase('reform/000-valid.plan.yaml');
const DUPLICATE = kase('reform/110-duplicate-key.plan.yaml');
const WARNINGS = kase('reform/120-warnings.plan.yaml');
const [[, DUPLICATE_LINE]] = expectations(DUPLICATE);

describe('qipp validate', () => {
  describe('exit codes', () => {
    it('exits 0 for clean plans and lists each file with no diagnostics', () => {
      const clean = ['reform', 'qipp', 'provider', 'improvement'].map((k) => kase(`${k}/000-valid.plan.yaml`));
      const r = validateJson(clean);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.json, clean.map((f) => ({ file: f, diagnostics: [] })));
    });

    it('exits 1 when a plan has errors, and reports the yaml-syntax error where the case expects it', () => {
      const r = validateJson([DUPLICATE, VALID]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.json.length, 2);
      const [bad, good] = r.json;
      assert.equal(bad.file, DUPLICATE);
      // Both cases are sha-north's plan for 2010/11 to 2013/14, so the later one is also a cross-duplicate-plan.
      assert.deepEqual(bad.diagnostics.map((d) => [d.rule, d.severity, d.range.start.line]), [['cross-duplicate-plan', 'warning', 3], ['yaml-syntax', 'error', DUPLICATE_LINE]]);
      assert.deepEqual(good.diagnostics, []);
    });

    it('exits 2 for an unknown option, naming it', () => {
      const r = qipp(['validate', '--frobnicate', VALID]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Unknown option "--frobnicate"/);
      assert.equal(r.stdout, '');
    });

    it('exits 2 for a bad --format or --max-warnings', () => {
      assert.equal(qipp(['validate', '--format', 'xml', VALID]).code, 2);
      assert.equal(qipp(['validate', '--max-warnings', 'lots', VALID]).code, 2);
      assert.equal(qipp(['validate', '--max-warnings']).code, 2);
    });

    it('exits 2 for a path that does not exist, and for a folder or glob without plans', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, { 'empty/notes.txt': 'nothing here' });
        const missing = qipp(['validate', 'no/such/file.plan.yaml'], { cwd: dir });
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /"no\/such\/file.plan.yaml" does not exist/);
        assert.equal(qipp(['validate', 'empty'], { cwd: dir }).code, 2);
        assert.equal(qipp(['validate', 'empty/*.yaml'], { cwd: dir }).code, 2);
      } finally {
        cleanup();
      }
    });

    it('exits 2 with no command, 0 for --help and --version', () => {
      assert.equal(qipp([]).code, 2);
      const help = qipp(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /qipp validate|validate \[paths/);
      const vhelp = qipp(['validate', '--help']);
      assert.equal(vhelp.code, 0);
      assert.match(vhelp.stdout, /--max-warnings/);
      const version = qipp(['--version']);
      assert.equal(version.code, 0);
      assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    });
  });

  describe('warnings', () => {
    it('warnings alone exit 0; --max-warnings below their number exits 1', () => {
      const all = validateJson([WARNINGS]);
      assert.equal(all.code, 0, all.stderr);
      const warnings = all.json[0].diagnostics.filter((d) => d.severity === 'warning').length;
      assert.ok(warnings > 0, 'the warnings case gives warnings');
      assert.equal(validateJson(['--max-warnings', String(warnings), WARNINGS]).code, 0);
      const over = validateJson(['--max-warnings', String(warnings - 1), WARNINGS]);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /--max-warnings/);
    });

    it('--quiet reports errors only, and its hidden warnings do not count against --max-warnings', () => {
      const r = validateJson(['--quiet', '--max-warnings', '0', WARNINGS, DUPLICATE]);
      assert.equal(r.code, 1);
      assert.deepEqual(r.json[0].diagnostics, []);
      assert.ok(r.json[1].diagnostics.every((d) => d.severity === 'error'));
      assert.equal(validateJson(['--quiet', '--max-warnings', '0', WARNINGS]).code, 0);
    });
  });

  describe('configuration', () => {
    it('--config can turn a rule off and change a severity', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, {
          'off.yaml': 'rules:\n  yaml-syntax: off\n',
          'strict.yaml': 'rules:\n  clinical-lead-missing: error\n',
        });
        const off = validateJson(['--config', join(dir, 'off.yaml'), DUPLICATE]);
        assert.equal(off.code, 0, off.stderr);
        assert.deepEqual(off.json[0].diagnostics, []);
        const strict = validateJson(['--config', join(dir, 'strict.yaml'), WARNINGS]);
        assert.equal(strict.code, 1);
        assert.ok(strict.json[0].diagnostics.some((d) => d.rule === 'clinical-lead-missing' && d.severity === 'error'));
      } finally {
        cleanup();
      }
    });

    it('finds .qipprc.yaml by walking up from the plan', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, {
          '.qipprc.yaml': 'rules: {yaml-syntax: warning}\n',
          'plans/deep/dup.plan.yaml': readFileSync(DUPLICATE),
        });
        const r = validateJson(['plans'], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.json[0].file, join('plans', 'deep', 'dup.plan.yaml'));
        assert.deepEqual(r.json[0].diagnostics.map((d) => [d.rule, d.severity]), [['yaml-syntax', 'warning']]);
      } finally {
        cleanup();
      }
    });

    it('a broken or unreadable configuration exits 2 with a clear message and checks nothing', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, {
          'bad-yaml.yaml': 'rules: [unclosed\n',
          'bad-rule.yaml': 'rules:\n  risk-scor: off\n',
          'bad-severity.yaml': 'rules:\n  risk-score: loud\n',
          'bad-key.yaml': 'rulez: {}\n',
        });
        for (const [file, message] of [
          ['bad-yaml.yaml', /not valid YAML/],
          ['bad-rule.yaml', /"risk-scor" is not a rule \(did you mean "risk-score"\?\)/],
          ['bad-severity.yaml', /"loud" is not a severity for risk-score/],
          ['bad-key.yaml', /"rulez" is not a configuration key/],
          ['missing.yaml', /could not be read/],
        ]) {
          const r = qipp(['validate', '--format', 'json', '--config', join(dir, file), VALID]);
          assert.equal(r.code, 2, `${file}: ${r.stderr}`);
          assert.match(r.stderr, message);
          assert.equal(r.stdout, '', `${file} checked nothing`);
        }
      } finally {
        cleanup();
      }
    });

    it('reads the national timeline and extra schema folders the configuration names', () => {
      const { dir, cleanup } = scratch();
      try {
        const timeline = ['regional-leadership: 2010-09-10', 'staff-interviews: 2010-09-30', 'regional-split: 2010-10-31', 'first-consortia: 2011-03-31', 'all-practices-in-consortia: 2013-04-01']
          .map((l) => l.split(': '))
          .map(([id, deadline]) => `- {id: ${id}, title: ${id}, deadline: ${deadline}}`)
          .concat('- {id: bridging-until, title: bridging, deadline: 2011-03-31, direction: not-before}')
          .join('\n');
        writeFiles(dir, {
          'config/.qipprc.yaml': 'national_timeline: national.yaml\nschemas: [../extra]\n',
          'config/national.yaml': timeline + '\n',
          'extra/qipp-reform-plan.schema.json': JSON.stringify({ required: ['clinical_network'] }),
          'extra/notes.schema.json': '{}',
          'a.plan.yaml': readFileSync(VALID),
        });
        const r = validateJson(['--config', 'config/.qipprc.yaml', 'a.plan.yaml'], { cwd: dir });
        assert.equal(r.code, 1, r.stderr);
        assert.deepEqual(r.json[0].diagnostics.map((d) => d.rule).sort(), ['national-deadline', 'schema']);
        assert.match(r.stderr, /notes\.schema\.json is not used/);

        writeFiles(dir, { 'config/.qipprc.yaml': 'national_timeline: missing.yaml\n' });
        const missing = qipp(['validate', '--config', 'config/.qipprc.yaml', 'a.plan.yaml'], { cwd: dir });
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /national timeline "missing.yaml" could not be read/);

        writeFiles(dir, { 'config/.qipprc.yaml': 'schemas: [../extra]\n', 'extra/qipp-plan.schema.json': '{broken' });
        const broken = qipp(['validate', '--config', 'config/.qipprc.yaml', 'a.plan.yaml'], { cwd: dir });
        assert.equal(broken.code, 2);
        assert.match(broken.stderr, /qipp-plan\.schema\.json" could not be read: it is not valid JSON/);
      } finally {
        cleanup();
      }
    });

    it('a .qipprc.yaml found on the way up that is broken also exits 2', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, { '.qipprc.yaml': 'rules: {nope: off}\n', 'a.plan.yaml': readFileSync(VALID) });
        const r = qipp(['validate'], { cwd: dir });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /\.qipprc\.yaml, line 1: "nope" is not a rule/);
      } finally {
        cleanup();
      }
    });
  });

  describe('files', () => {
    it('reports a binary file as file-unreadable and still checks the others', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, {
          'binary.plan.yaml': Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01, 0x02, 0xff]),
          'latin1.plan.yaml': Buffer.from('title: caf\xe9\n', 'latin1'),
          'good.plan.yaml': readFileSync(VALID),
        });
        const r = validateJson(['binary.plan.yaml', 'latin1.plan.yaml', 'good.plan.yaml'], { cwd: dir });
        assert.equal(r.code, 1);
        const [binary, latin1, good] = r.json;
        assert.deepEqual(binary.diagnostics.map((d) => [d.rule, d.severity, d.range]), [
          ['file-unreadable', 'error', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }],
        ]);
        assert.match(binary.diagnostics[0].message, /binary/);
        assert.match(latin1.diagnostics[0].message, /not valid UTF-8/);
        assert.equal(good.file, 'good.plan.yaml');
        assert.deepEqual(good.diagnostics, []);
      } finally {
        cleanup();
      }
    });

    it('refuses a file over --max-file-size the same way', () => {
      const r = validateJson(['--max-file-size', '0.001', VALID, kase('qipp/000-valid.plan.yaml')]);
      assert.equal(r.code, 1);
      for (const entry of r.json) {
        assert.equal(entry.diagnostics.length, 1);
        assert.equal(entry.diagnostics[0].rule, 'file-unreadable');
        assert.match(entry.diagnostics[0].message, /limit/);
      }
    });

    it('strips a leading BOM so that columns match the editor', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, { 'bom.plan.yaml': '\uFEFF' + readFileSync(DUPLICATE, 'utf8'), 'plain.plan.yaml': readFileSync(DUPLICATE) });
        const r = validateJson(['bom.plan.yaml', 'plain.plan.yaml'], { cwd: dir });
        assert.equal(r.code, 1);
        // The two copies are also a cross-duplicate-plan (in the later file only): compared without it.
        const own = (e) => e.diagnostics.filter((d) => !d.rule.startsWith('cross-'));
        assert.ok(own(r.json[0]).length > 0);
        assert.deepEqual(own(r.json[0]), own(r.json[1]));
      } finally {
        cleanup();
      }
    });

    it('searches folders for plan files, skipping node_modules and dot-folders', () => {
      const { dir, cleanup } = scratch();
      try {
        const plan = readFileSync(VALID);
        writeFiles(dir, {
          'plans/a.plan.yaml': plan,
          'plans/sub/b.plan.yml': plan,
          'plans/sub/by-kind.yaml': plan,
          'plans/sub/quoted.yml': '# a plan without the name\n---\nkind: "qipp-plan"\n',
          'plans/notes.yaml': 'title: not a plan\nkind: shopping-list\n',
          'plans/config.yaml': 'settings:\n  kind: qipp-plan\n',
          'plans/readme.md': 'kind: qipp-plan',
          'plans/node_modules/x.plan.yaml': plan,
          'plans/.hidden/y.plan.yaml': plan,
        });
        const r = validateJson(['plans'], { cwd: dir });
        assert.deepEqual(
          r.json.map((e) => e.file),
          ['plans/a.plan.yaml', 'plans/sub/b.plan.yml', 'plans/sub/by-kind.yaml', 'plans/sub/quoted.yml'].map((p) => join(...p.split('/'))),
        );
      } finally {
        cleanup();
      }
    });

    it('expands globs (quoted, as the shell would pass them) and does not repeat a file', () => {
      const r = validateJson([`${relative(ROOT, CASES)}/*/000-*.plan.yaml`, VALID]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.json.length, 4);
      assert.ok(r.json.every((e) => e.file.endsWith('000-valid.plan.yaml')));
    });

    it('defaults to the current folder', () => {
      const { dir, cleanup } = scratch();
      try {
        writeFiles(dir, { 'x.plan.yaml': readFileSync(VALID) });
        const r = validateJson([], { cwd: dir });
        assert.deepEqual(r.json, [{ file: 'x.plan.yaml', diagnostics: [] }]);
      } finally {
        cleanup();
      }
    });

    it('-o writes the report to a file and nothing to stdout', () => {
      const { dir, cleanup } = scratch();
      try {
        const r = qipp(['validate', '--format', 'json', '-o', join(dir, 'out/report.json'), DUPLICATE]);
        assert.equal(r.code, 1);
        assert.equal(r.stdout, '');
        assert.ok(existsSync(join(dir, 'out/report.json')));
        assert.equal(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'))[0].file, DUPLICATE);
      } finally {
        cleanup();
      }
    });
  });
});

describe('qipp validate on many files', () => {
  it('gives the same report whether one thread or several check the plans', () => {
    const { dir, cleanup } = scratch();
    try {
      // Every conformance case, several times over: enough files for helper threads to be used.
      const cases = readdirSync(CASES, { recursive: true }).filter((f) => f.endsWith('.plan.yaml'));
      const files = {};
      for (let copy = 0; copy < 3; copy++) for (const c of cases) files[`c${copy}-${c.replace(/\//g, '-')}`] = readFileSync(join(CASES, c));
      assert.ok(Object.keys(files).length >= 48, 'enough files to share out');
      writeFiles(dir, files);
      const args = ['validate', '--format', 'json', '.'];
      const serial = qipp(args, { cwd: dir, env: { QIPP_WORKERS: '0' } });
      assert.ok([0, 1].includes(serial.code), serial.stderr);
      const findings = JSON.parse(serial.stdout).reduce((n, r) => n + r.diagnostics.length, 0);
      assert.ok(findings > 20, 'the cases have findings to compare');
      for (const workers of ['1', '3']) {
        const shared = qipp(args, { cwd: dir, env: { QIPP_WORKERS: workers } });
        assert.equal(shared.code, serial.code, shared.stderr);
        assert.equal(shared.stdout, serial.stdout, `${workers} helper thread(s) changed the report`);
      }
    } finally {
      cleanup();
    }
  });
});

describe('qipp validate --cache', () => {
  it('replays unchanged files, and rechecks a file whose content or configuration changed', () => {
    const { dir, cleanup } = scratch();
    try {
      writeFiles(dir, { 'dup.plan.yaml': readFileSync(DUPLICATE), 'ok.plan.yaml': readFileSync(VALID), 'off.yaml': 'rules: {yaml-syntax: off}\n' });
      const args = ['validate', '--format', 'json', '--cache', '.'];
      const first = qipp(args, { cwd: dir });
      assert.equal(first.code, 1);
      const cacheFile = join(dir, '.qipp-cache');
      assert.ok(existsSync(cacheFile), 'the cache is written');
      const second = qipp(args, { cwd: dir });
      assert.equal(second.code, first.code);
      assert.equal(second.stdout, first.stdout, 'a second run gives identical output');

      // Prove the second run replays: a message planted in the cache comes back.
      assert.ok(JSON.parse(readFileSync(cacheFile, 'utf8')).entries[join(dir, 'dup.plan.yaml')], 'the cache is keyed by absolute path');
      editCacheEntry(cacheFile, join(dir, 'dup.plan.yaml'), (stored) => [{ ...stored[0], message: 'planted' }]);
      assert.equal(JSON.parse(qipp(args, { cwd: dir }).stdout)[0].diagnostics[0].message, 'planted');

      // A different configuration is not replayed.
      const withConfig = JSON.parse(qipp([...args, '--config', 'off.yaml'], { cwd: dir }).stdout);
      assert.deepEqual(withConfig[0].diagnostics, []);

      // Changed content is rechecked.
      writeFileSync(join(dir, 'dup.plan.yaml'), readFileSync(VALID));
      const changed = qipp(args, { cwd: dir });
      assert.equal(changed.code, 0);
      assert.deepEqual(JSON.parse(changed.stdout)[0].diagnostics, []);
    } finally {
      cleanup();
    }
  });

  it('replays exactly what a fresh run reports, in every format and with --quiet and --max-warnings', () => {
    const { dir, cleanup } = scratch();
    try {
      const mistakes = readFileSync(join(ROOT, 'samples/with-mistakes.plan.yaml'));
      writeFiles(dir, { 'mistakes.plan.yaml': mistakes, 'dup.plan.yaml': readFileSync(DUPLICATE), 'ok.plan.yaml': readFileSync(VALID) });
      const variants = [['--format', 'json'], ['--format', 'stylish'], ['--format', 'sarif'], ['--format', 'junit'], ['--format', 'github'], ['--format', 'json', '--quiet'], ['--max-warnings', '0'], ['--max-warnings', '50', '--format', 'json']];
      for (const [k, v] of variants.entries()) {
        const args = ['validate', ...v, '--cache', '--cache-location', `cache-${k}`, '.'];
        const fresh = qipp(args, { cwd: dir, env: { NO_COLOR: '1' } });
        const replayed = qipp(args, { cwd: dir, env: { NO_COLOR: '1' } });
        assert.ok(existsSync(join(dir, `cache-${k}`)), 'the cache was written');
        assert.equal(replayed.code, fresh.code, `${v.join(' ')}: exit code`);
        assert.equal(replayed.stdout, fresh.stdout, `${v.join(' ')}: report`);
        assert.equal(replayed.stderr, fresh.stderr, `${v.join(' ')}: messages`);
      }
    } finally {
      cleanup();
    }
  });

  it('rechecks a plan when the national timeline file it names has changed', () => {
    const { dir, cleanup } = scratch();
    try {
      const plan = readFileSync(VALID, 'utf8').replace(/^status: draft$/m, 'status: draft\nnational_timeline: national.yaml');
      const national = (deadline) => `- {id: regional-split, title: Split, deadline: ${deadline}}\n`;
      writeFiles(dir, { 'a.plan.yaml': plan, 'national.yaml': national('2010-10-31') });
      const args = ['validate', '--format', 'json', '--cache', 'a.plan.yaml'];
      const before = JSON.parse(qipp(args, { cwd: dir }).stdout)[0].diagnostics.map((d) => d.rule);
      writeFiles(dir, { 'national.yaml': national('2010-12-31') });
      const after = JSON.parse(qipp(args, { cwd: dir }).stdout)[0].diagnostics.map((d) => d.rule);
      assert.ok(before.includes('national-deadline'), `before: ${before}`);
      assert.ok(!after.includes('national-deadline'), `after: ${after}`);
    } finally {
      cleanup();
    }
  });

  it('replays a file not written since it was read without reading it, and never a file written since', () => {
    const { dir, cleanup } = scratch();
    try {
      writeFiles(dir, { 'dup.plan.yaml': readFileSync(DUPLICATE) });
      const file = join(dir, 'dup.plan.yaml');
      const args = ['validate', '--format', 'json', '--cache', '.'];
      const cacheFile = join(dir, '.qipp-cache');
      // Just written: too recent to vouch for, so no stamp is recorded and the next run reads the file again.
      const first = qipp(args, { cwd: dir });
      assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).entries[file].stamp, undefined, 'a file changed a moment ago gets no stamp');

      // With the margin at 0 ms (the test cannot wait two seconds), the stamp is recorded...
      const env = { QIPP_CACHE_RACY_MS: '0' };
      // (without the run record, which would replay the whole run before the per-plan cache is looked at: run-record.test.mjs)
      rmSync(`${cacheFile}.run`);
      assert.equal(qipp(args, { cwd: dir, env }).stdout, first.stdout);
      const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
      assert.ok(cache.entries[file].stamp, 'the stamp is recorded once the content is found unchanged');
      // ...and a replay by stamp needs no read: a message changed in the cache (and signed again) comes back as it is.
      editCacheEntry(cacheFile, file, (stored) => [{ ...stored[0], message: 'planted' }]);
      assert.equal(JSON.parse(qipp(args, { cwd: dir, env }).stdout)[0].diagnostics[0].message, 'planted');

      // Same size, other content, modification time put back: the change time still tells, and it is rechecked.
      const { mtime, size } = statSync(file);
      const other = readFileSync(VALID, 'utf8');
      const sameSize = other.length <= size ? other + '#'.repeat(size - other.length) : undefined;
      assert.ok(sameSize, 'the valid plan is not longer than the faulty one');
      writeFileSync(file, sameSize);
      utimesSync(file, mtime, mtime);
      assert.equal(statSync(file).size, size);
      const after = qipp(args, { cwd: dir, env });
      assert.equal(after.code, 0, after.stdout);
      assert.deepEqual(JSON.parse(after.stdout)[0].diagnostics, []);
    } finally {
      cleanup();
    }
  });

  it('--cache-location puts the cache elsewhere; a damaged cache is ignored', () => {
    const { dir, cleanup } = scratch();
    try {
      writeFiles(dir, { 'ok.plan.yaml': readFileSync(VALID), 'caches/.keep': '' });
      const r = qipp(['validate', '--cache', '--cache-location', 'caches', '.'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(dir, 'caches/.qipp-cache')));
      assert.ok(!existsSync(join(dir, '.qipp-cache')));
      writeFileSync(join(dir, 'caches/.qipp-cache'), '{ damaged');
      assert.equal(qipp(['validate', '--cache', '--cache-location', 'caches', '.'], { cwd: dir }).code, 0);
    } finally {
      cleanup();
    }
  });
});
