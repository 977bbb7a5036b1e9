// The GitHub Action (action.yml, entry action/run.mjs), run as the runner
// runs its entry step: INPUT_* variables as action.yml passes them,
// GITHUB_WORKSPACE holding the plans, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT
// files. Most cases use the repository's dist/cli.js (npm test has built
// it); one runs the install step itself (npm ci, the build) in a clean copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = join(ROOT, 'action/run.mjs');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const runStep = action.runs.steps.find((s) => s.id === 'validate');

let workspace;

/** Runs the entry with the inputs given (by input name), the rest at action.yml's defaults. */
function runAction(inputs) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(INPUT_|GITHUB_)/.test(k)) env[k] = v;
  // The values as the runner would put them: each input, or its default, into the variable action.yml names for it.
  for (const [name, spec] of Object.entries(action.inputs)) {
    const variable = Object.keys(runStep.env).find((k) => runStep.env[k] === `\${{ inputs.${name} }}`);
    env[variable] = String(inputs[name] ?? spec.default ?? '');
  }
  const id = Math.random().toString(36).slice(2);
  const summaryFile = join(workspace, `summary-${id}.md`);
  const outputFile = join(workspace, `output-${id}.txt`);
  Object.assign(env, { GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: 'true' });
  const r = spawnSync(process.execPath, [ENTRY], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const outputs = existsSync(outputFile) ? Object.fromEntries(readFileSync(outputFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) : {};
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined, outputs };
}

const json = (paths, extra = []) => JSON.parse(spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'validate', '--format', 'json', ...extra, ...paths], { cwd: workspace, encoding: 'utf8' }).stdout);

describe('the GitHub Action', function () {
  this.timeout(60_000);

  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist/cli.js')), 'build first (npm run build)');
    workspace = mkdtempSync(join(tmpdir(), 'qipp-action-'));
    cpSync(join(ROOT, 'samples'), join(workspace, 'plans'), { recursive: true });
    rmSync(join(workspace, 'plans/README.md'));
  });

  after(function () {
    // The clean-checkout test installs the project there: removing it takes minutes on a loaded machine.
    this.timeout(600_000);
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('declares the inputs paths, format, max-warnings and sarif, passes each to its entry, and outputs the SARIF path', () => {
    assert.equal(action.runs.using, 'composite');
    for (const name of ['paths', 'format', 'max-warnings', 'sarif', 'config']) {
      assert.ok(action.inputs[name], `input ${name}`);
      assert.ok(Object.values(runStep.env).includes(`\${{ inputs.${name} }}`), `input ${name} reaches action/run.mjs`);
    }
    assert.equal(action.outputs.sarif.value, '${{ steps.validate.outputs.sarif }}');
    assert.match(runStep.run, /action\/run\.mjs/);
    assert.match(action.runs.steps[0].run, /npm ci --ignore-scripts[^\n]*\n\s*node scripts\/build\.mjs/);
  });

  it('fails on a plan with errors: annotations in the log, a summary, SARIF written and its path given as an output', () => {
    const r = runAction({ paths: 'plans/with-mistakes.plan.yaml plans/northshire-reform.plan.yaml', sarif: 'reports/qipp.sarif' });
    assert.equal(r.code, 1, r.stderr);
    const expected = json(['plans/with-mistakes.plan.yaml', 'plans/northshire-reform.plan.yaml']);
    const diagnostics = expected.flatMap((f) => f.diagnostics);
    const annotations = r.stdout.split('\n').filter((l) => /^::(error|warning|notice) file=plans\/with-mistakes\.plan\.yaml,line=\d+/.test(l));
    assert.equal(annotations.length, diagnostics.length, 'one annotation per finding');
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    assert.ok(errors > 10);
    assert.match(r.summary, /^## qipp validate/);
    assert.ok(r.summary.includes(`✖ ${errors} errors, ${warnings} warnings`), r.summary);
    assert.ok(r.summary.includes('in 1 of 2 plans'), r.summary);
    assert.match(r.summary, /\| `plans\/with-mistakes\.plan\.yaml:12:9` \| error \| .* \| \[`schema`\]\(https:\/\/[^)]*docs\/rules\.md#schema\) \|/);
    assert.deepEqual(r.outputs, { errors: String(errors), warnings: String(warnings), sarif: 'reports/qipp.sarif' });
    const sarif = JSON.parse(readFileSync(join(workspace, r.outputs.sarif), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results.length, diagnostics.length);
  });

  it('passes on clean plans, with a summary that says so and no SARIF output when none was asked for', () => {
    const r = runAction({ paths: 'plans/northshire-reform.plan.yaml\nplans/aylesford-qipp.plan.yaml\n' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), '');
    assert.match(r.summary, /✔ 2 plans checked: no problems\./);
    assert.deepEqual(r.outputs, { errors: '0', warnings: '0', sarif: '' });
  });

  it('max-warnings and config: warnings alone fail only beyond the limit', () => {
    // A configuration that turns every rule that fires in the plan into a warning.
    const rules = [...new Set(json(['plans/with-mistakes.plan.yaml'])[0].diagnostics.map((d) => d.rule))];
    writeFileSync(join(workspace, 'warnings.qipprc.yaml'), `rules:\n${rules.map((id) => `  ${id}: warning`).join('\n')}\n`);
    const limitless = runAction({ paths: 'plans/with-mistakes.plan.yaml', config: 'warnings.qipprc.yaml' });
    assert.equal(limitless.code, 0, limitless.stdout + limitless.stderr);
    assert.equal(limitless.outputs.errors, '0');
    assert.ok(Number(limitless.outputs.warnings) > 20);
    const strict = runAction({ paths: 'plans/with-mistakes.plan.yaml', config: 'warnings.qipprc.yaml', 'max-warnings': '0' });
    assert.equal(strict.code, 1);
    assert.match(strict.summary, /More than 0 warnings \(`max-warnings`\)/);
  });

  it('another format goes to the log as asked; the summary is the same', () => {
    const r = runAction({ paths: 'plans/with-mistakes.plan.yaml', format: 'stylish' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✖ \d+ problems/);
    assert.doesNotMatch(r.stdout, /^::error/m);
    assert.match(r.summary, /✖ \d+ errors/);
  });

  it('installs and builds itself from a clean checkout (its first step), then runs there', function () {
    // What the runner does with a fresh copy of the action: the files git has (no node_modules, no dist),
    // then the install step's script in that folder. npm ci uses the registry or npm's cache.
    this.timeout(600_000);
    const actionPath = join(workspace, 'action-checkout');
    const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter((f) => f && f !== 'node_modules');
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue;
      cpSync(join(ROOT, f), join(actionPath, f));
    }
    assert.ok(!existsSync(join(actionPath, 'dist')));
    const install = action.runs.steps[0];
    assert.equal(install['working-directory'], '${{ github.action_path }}');
    const env = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
    Object.assign(env, { npm_config_prefer_offline: 'true', GITHUB_ACTION_PATH: actionPath });
    const r = spawnSync('bash', ['-e', '-c', install.run], { cwd: actionPath, env, encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(existsSync(join(actionPath, 'dist/cli.js')) && existsSync(join(actionPath, 'dist/cli-engine.js')));
    const run = spawnSync(process.execPath, [join(actionPath, 'action/run.mjs')], {
      cwd: workspace,
      env: { ...env, GITHUB_WORKSPACE: workspace, INPUT_PATHS: 'plans/with-mistakes.plan.yaml', INPUT_FORMAT: 'github', INPUT_MAX_WARNINGS: '-1', INPUT_SARIF: '', INPUT_CONFIG: '' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^::error file=plans\/with-mistakes\.plan\.yaml,line=12,col=9/m);
  });

  it('exits 2 when qipp cannot run (a format that does not exist, no plans found), and says so', () => {
    const bad = runAction({ paths: 'plans/', format: 'pdf' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"pdf" is not an output format/);
    assert.match(bad.summary, /could not run/);
    const none = runAction({ paths: 'nowhere/' });
    assert.equal(none.code, 2);
  });
});
