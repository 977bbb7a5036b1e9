#!/usr/bin/env node
// The GitHub Action's entry (see action.yml): runs the built qipp CLI on the
// inputs' paths and reports the way a workflow expects. Plain JavaScript with
// Node's own modules only, so it runs as committed; action.yml installs and
// builds qipp (dist/cli.js) before it.
//
// Reads:  INPUT_PATHS, INPUT_FORMAT, INPUT_MAX-WARNINGS, INPUT_SARIF, INPUT_CONFIG
//         (as GitHub names inputs; INPUT_MAX_WARNINGS is accepted too),
//         GITHUB_WORKSPACE (where the paths are), GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
// Writes: the report in the chosen format (default `github`: annotations) on
//         standard output; a Markdown summary of the findings to
//         GITHUB_STEP_SUMMARY; outputs `sarif` (the SARIF file's path, when
//         asked for), `errors`, `warnings`; and exits as `qipp validate` does:
//         0 clean, 1 errors or too many warnings, 2 qipp could not run.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = process.env.QIPP_CLI ?? resolve(here, '../dist/cli.js');
const RULES_PAGE = 'https://github.com/qipp-plans/qipp-plans/blob/main/docs/rules.md';
const MAX_ROWS = 200;

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] ?? process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();

/** Paths: one per line, or separated by spaces on one line. */
function pathsOf(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const paths = lines.length === 1 ? lines[0].split(/\s+/) : lines;
  return paths.length > 0 ? paths : ['.'];
}

function qipp(args, cwd, stdio = 'pipe') {
  const r = spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', stdio, stdio], maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return r;
}

const escapeCell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function summary(results, exitCode, maxWarnings) {
  const count = (sev) => results.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === sev).length, 0);
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const withProblems = results.filter((f) => f.diagnostics.length > 0);
  const plans = `${results.length} plan${results.length === 1 ? '' : 's'}`;
  const lines = ['## qipp validate', ''];
  if (withProblems.length === 0) lines.push(`✔ ${plans} checked: no problems.`);
  else {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (infos) parts.push(`${infos} info`);
    lines.push(`${exitCode === 0 ? '✔' : '✖'} ${parts.join(', ')} in ${withProblems.length} of ${plans}.`);
  }
  if (exitCode === 1 && errors === 0 && maxWarnings >= 0) lines.push('', `More than ${maxWarnings} warning${maxWarnings === 1 ? '' : 's'} (\`max-warnings\`).`);
  if (withProblems.length > 0) {
    lines.push('', '| plan | errors | warnings | info |', '|---|---|---|---|');
    for (const f of withProblems) {
      const n = (sev) => f.diagnostics.filter((d) => d.severity === sev).length;
      lines.push(`| \`${escapeCell(f.file)}\` | ${n('error')} | ${n('warning')} | ${n('info')} |`);
    }
    lines.push('', '| where | severity | problem | rule |', '|---|---|---|---|');
    let shown = 0;
    const total = errors + warnings + infos;
    for (const f of withProblems) {
      for (const d of f.diagnostics) {
        if (shown === MAX_ROWS) break;
        shown++;
        lines.push(`| \`${escapeCell(f.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}\` | ${d.severity} | ${escapeCell(d.message)} | [\`${d.rule}\`](${RULES_PAGE}#${d.rule}) |`);
      }
    }
    if (total > shown) lines.push('', `…and ${total - shown} more: see the job's log.`);
  }
  return { text: `${lines.join('\n')}\n`, errors, warnings };
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  if (!existsSync(CLI)) {
    console.error(`qipp is not built (${CLI} is missing): the action's install step did not run.`);
    return 2;
  }
  const paths = pathsOf(input('paths'));
  const format = input('format') || 'github';
  const maxWarningsText = input('max-warnings') || '-1';
  const sarif = input('sarif');
  const config = input('config');
  const common = [...(config ? ['--config', config] : [])];

  // The report people read, in the format asked for; its exit code is the action's.
  const report = qipp(['--format', format, '--max-warnings', maxWarningsText, ...common, ...paths], workspace, 'inherit');
  const exitCode = report.status ?? 2;
  if (exitCode === 2) {
    // qipp has said why on standard error.
    if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, '## qipp validate\n\n✖ qipp could not run: see the job\'s log.\n');
    return 2;
  }

  // The findings, for the summary and the outputs.
  const json = qipp(['--format', 'json', ...common, ...paths], workspace);
  let results;
  try {
    results = JSON.parse(json.stdout);
  } catch {
    process.stderr.write(json.stderr);
    return 2;
  }
  const s = summary(results, exitCode, Number(maxWarningsText));
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, s.text);
  else process.stdout.write(`\n${s.text}`);

  const outputs = { errors: String(s.errors), warnings: String(s.warnings), sarif: '' };
  if (sarif) {
    mkdirSync(dirname(resolve(workspace, sarif)), { recursive: true });
    const r = qipp(['--format', 'sarif', '--output', sarif, ...common, ...paths], workspace);
    if (r.status === 2) {
      process.stderr.write(r.stderr);
      return 2;
    }
    outputs.sarif = sarif;
  }
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  return exitCode;
}

process.exitCode = main();
