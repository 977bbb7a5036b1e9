// The report formats: each through the CLI, and the formatters alone with fake
// findings (so that they are tested whatever the engine reports).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, ROOT, expectations, kase, loadTs, qipp } from './helpers.mjs';

const require = createRequire(import.meta.url);
const VALID = kase('reform/000-valid.plan.yaml');
const DUPLICATE = kase('reform/110-duplicate-key.plan.yaml');
const WARNINGS = kase('reform/120-warnings.plan.yaml');
const [[, DUPLICATE_LINE]] = expectations(DUPLICATE);

/**
 * The official SARIF 2.1.0 schema as Microsoft's @microsoft/jest-sarif ships it
 * (sarif-2.1.0-rtm.5.json, draft-04, the schema GitHub code scanning uses).
 * Its `language` pattern is not a valid Unicode regular expression, hence unicodeRegExp: false.
 */
function sarifValidator() {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function assertValidSarif(log) {
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

const range = (line, character, endCharacter) => ({ start: { line, character }, end: { line, character: endCharacter } });

const FAKE = [
  {
    file: 'plans/north & "south".plan.yaml',
    diagnostics: [
      { rule: 'yaml-syntax', severity: 'error', message: 'Broken <here> & "there", it\'s 100%\nnext line', range: range(3, 0, 5) },
      { rule: 'split-dual-role', severity: 'warning', message: 'A warning, with a comma: and a colon', range: range(10, 4, 9) },
      { rule: 'risk-score', severity: 'info', message: 'Some info\u0007 with a control character', range: range(12, 2, 2) },
    ],
  },
  { file: 'plans/clean.plan.yaml', diagnostics: [] },
  { file: '/elsewhere/abs path.plan.yaml', diagnostics: [{ rule: 'file-unreadable', severity: 'error', message: 'Binary.', range: range(0, 0, 0) }] },
];
const CTX = { cwd: '/work/repo', version: '9.9.9', color: false };

describe('formats', () => {
  describe('sarif', () => {
    it('CLI output on every conformance case is valid SARIF 2.1.0', () => {
      const r = qipp(['validate', '--format', 'sarif', CASES]);
      assert.equal(r.code, 1, r.stderr);
      const log = JSON.parse(r.stdout);
      assertValidSarif(log);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'qipp');
      assert.equal(run.tool.driver.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
      assert.ok(run.results.length > 0, 'the cases give results');
      for (const result of run.results) {
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(result.level));
      }
    });

    it('lists every catalogue rule and locates results relative to %SRCROOT% with one-based regions', async () => {
      const { CATALOGUE } = await loadTs('server/src/core/catalogue/index.ts');
      const cli = qipp(['validate', '--format', 'sarif', DUPLICATE], { cwd: join(CASES, 'reform') });
      const log = JSON.parse(cli.stdout);
      assertValidSarif(log);
      const { driver } = log.runs[0].tool;
      for (const rule of CATALOGUE) {
        const d = driver.rules.find((x) => x.id === rule.id);
        assert.ok(d, `${rule.id} is listed`);
        assert.equal(d.shortDescription.text, rule.summary);
        assert.ok(d.fullDescription.text.includes(rule.why));
        assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[rule.defaultSeverity]);
      }
      const [result] = log.runs[0].results;
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: '110-duplicate-key.plan.yaml', uriBaseId: '%SRCROOT%' });
      assert.equal(location.region.startLine, DUPLICATE_LINE + 1);
      assert.ok(location.region.startColumn >= 1);
    });

    it('the formatter alone gives valid SARIF for fake findings, with escaped URIs', async () => {
      const { sarifFormatter } = await loadTs('server/src/cli/formatters/sarif.ts');
      const log = JSON.parse(sarifFormatter({ informationUri: 'https://example.org/qipp' })(FAKE, CTX));
      assertValidSarif(log);
      const run = log.runs[0];
      assert.equal(run.tool.driver.informationUri, 'https://example.org/qipp');
      assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///work/repo/');
      assert.deepEqual(run.results.map((x) => x.level), ['error', 'warning', 'note', 'error']);
      assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'plans/north%20%26%20%22south%22.plan.yaml');
      assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 6 });
      assert.deepEqual(run.results[3].locations[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/abs%20path.plan.yaml' });
      assert.equal(run.tool.driver.rules[run.results[3].ruleIndex].id, 'file-unreadable');
    });
  });

  describe('junit', () => {
    it('gives one testcase per plan; plans with errors fail', () => {
      const r = qipp(['validate', '--format', 'junit', DUPLICATE, VALID, WARNINGS]);
      assert.equal(r.code, 1);
      const xml = r.stdout;
      assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
      assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
      for (const f of [DUPLICATE, VALID, WARNINGS]) assert.ok(xml.includes(`<testcase name="${f}" classname="qipp.validate"`), f);
      assert.equal((xml.match(/<failure /g) ?? []).length, 1);
      assert.match(xml, /<testsuites name="qipp validate" tests="3" failures="1" errors="0">/);
      assert.match(xml, /<system-out>/, 'warnings are listed without failing');
    });

    it('escapes XML and drops characters XML cannot hold', async () => {
      const { junit } = await loadTs('server/src/cli/formatters/junit.ts');
      const xml = junit(FAKE, CTX);
      assert.ok(xml.includes('name="plans/north &amp; &quot;south&quot;.plan.yaml"'));
      assert.ok(xml.includes('Broken &lt;here&gt; &amp; &quot;there&quot;, it&apos;s 100%'));
      assert.ok(!xml.includes('\u0007'));
      assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
      assert.equal((xml.match(/<failure /g) ?? []).length, 2);
      // Well-formed enough: every opened element is closed.
      for (const tag of ['testsuites', 'testsuite', 'failure', 'system-out']) {
        assert.equal((xml.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length, (xml.match(new RegExp(`</${tag}>`, 'g')) ?? []).length, tag);
      }
    });
  });

  describe('github', () => {
    it('prints one workflow command per diagnostic, one-based', () => {
      const r = qipp(['validate', '--format', 'github', DUPLICATE, VALID], { cwd: join(CASES, 'reform') });
      assert.equal(r.code, 1);
      // Both cases are sha-north's plan for the same years: the later one is also a cross-duplicate-plan.
      const lines = r.stdout.trim().split('\n').filter((l) => !l.includes('title=cross-'));
      assert.equal(lines.length, 1);
      assert.match(lines[0], new RegExp(`^::error file=110-duplicate-key\\.plan\\.yaml,line=${DUPLICATE_LINE + 1},col=\\d+,endLine=\\d+,endColumn=\\d+,title=yaml-syntax::.+`));
    });

    it('maps severities and escapes data and properties as GitHub requires', async () => {
      const { github } = await loadTs('server/src/cli/formatters/github.ts');
      const lines = github(FAKE, CTX).trimEnd().split('\n');
      assert.deepEqual(lines, [
        '::error file=plans/north & "south".plan.yaml,line=4,col=1,endLine=4,endColumn=6,title=yaml-syntax::Broken <here> & "there", it\'s 100%25%0Anext line',
        '::warning file=plans/north & "south".plan.yaml,line=11,col=5,endLine=11,endColumn=10,title=split-dual-role::A warning, with a comma: and a colon',
        '::notice file=plans/north & "south".plan.yaml,line=13,col=3,endLine=13,endColumn=3,title=risk-score::Some info\\u0007 with a control character',
        '::error file=/elsewhere/abs path.plan.yaml,line=1,col=1,endLine=1,endColumn=1,title=file-unreadable::Binary.',
      ]);
      const { escapeProperty } = await loadTs('server/src/cli/formatters/github.ts');
      assert.equal(escapeProperty('a,b:c%d\r\ne'), 'a%2Cb%3Ac%25d%0D%0Ae');
    });
  });

  describe('stylish', () => {
    it('lists problems per file with a summary, without colour off a terminal', () => {
      const r = qipp(['validate', DUPLICATE, VALID, WARNINGS]);
      assert.equal(r.code, 1);
      assert.ok(!r.stdout.includes('\u001b['), 'no ANSI codes when piped');
      assert.ok(r.stdout.includes(`\n${DUPLICATE}\n`));
      assert.match(r.stdout, new RegExp(`\\n  ${DUPLICATE_LINE + 1}:\\d+ +error +.+ +yaml-syntax\\n`));
      assert.match(r.stdout, /✖ \d+ problems \(1 error, \d+ warnings(, \d+ info)?\)/);
    });

    it('uses colour when forced, never with NO_COLOR; says so when all is clean', () => {
      assert.ok(qipp(['validate', DUPLICATE], { env: { FORCE_COLOR: '1' } }).stdout.includes('\u001b[31m'));
      assert.ok(!qipp(['validate', DUPLICATE], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout.includes('\u001b['));
      const clean = qipp(['validate', VALID]);
      assert.equal(clean.code, 0);
      assert.match(clean.stdout, /No problems found \(1 file checked\)/);
    });

    it('aligns columns and pluralises the summary (formatter alone)', async () => {
      const { stylish } = await loadTs('server/src/cli/formatters/stylish.ts');
      const text = stylish(FAKE, CTX);
      assert.ok(text.includes('  4:1   error    Broken <here> & "there", it\'s 100% next line'));
      assert.ok(text.includes('  11:5  warning  A warning, with a comma: and a colon'));
      assert.ok(text.includes('Some info\\u0007 with a control character'), 'control characters are shown, not sent to the terminal');
      assert.match(text, /\n\n✖ 4 problems \(2 errors, 1 warning, 1 info\)\n$/);
    });
  });

  describe('json', () => {
    it('has exactly file and diagnostics {rule, severity, message, range}', () => {
      const r = qipp(['validate', '--format', 'json', DUPLICATE]);
      const [entry] = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(entry), ['file', 'diagnostics']);
      assert.deepEqual(Object.keys(entry.diagnostics[0]), ['rule', 'severity', 'message', 'range']);
      assert.deepEqual(Object.keys(entry.diagnostics[0].range.start), ['line', 'character']);
    });

    it('passes the shared conformance checker', function () {
      const { spawnSync } = require('node:child_process');
      const r = spawnSync(process.execPath, [join(ROOT, '../shared/conformance/check.mjs'), '--', process.execPath, join(ROOT, 'dist/cli.js')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, / 0 failed/);
    });
  });
});
