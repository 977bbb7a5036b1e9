// Hostile inputs, each with a clear expected outcome through the engine (in a
// process of its own, both the full and the incremental engine, twice in a
// row), the CLI, and the language server: an alias bomb, 10,000-deep nesting,
// a 50 MB plan, binary and invalid UTF-8 files, a BOM, CRLF and mixed line
// endings, 100,000 ids, an id referencing itself, tabs, an empty file and a
// file that is only a comment. Time and memory are bounded and printed; every
// outcome is a diagnostic a planning lead understands (rule id and message).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, uriOf } from '../lsp/client.mjs';
import { CLI, genPlan, LONG, SERVER, SHARED } from '../fuzz/support.mjs';
import { skipOutsideCi } from '../support/skip.mjs';
import { withKnownBug } from './known-bugs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'analyze-child.cjs');
const USAGE = join(HERE, 'report-usage.cjs');
const VALID = readFileSync(join(SHARED, 'conformance/cases/reform/000-valid.plan.yaml'), 'utf8');
const MILESTONES = readFileSync(join(SHARED, 'conformance/cases/reform/020-milestones.plan.yaml'), 'utf8');
const MB = 1024 * 1024;

/**
 * The longest runs (the engine on a 50 MB plan, about 2 minutes and 3 GB; the
 * engine and server on 100,000 ids, about 40 s) run in `npm run fuzz` and in
 * CI, and are skipped, saying so, in a local `npm test`, to keep it quick.
 */
function longOnly(ctx) {
  if (LONG || process.env.CI) return;
  console.log('      (run by `npm run fuzz` and in CI: it takes a while)');
  ctx.skip();
}

// ---------------------------------------------------------------------------
// The inputs.

function aliasBomb() {
  const lines = ['kind: qipp-plan', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

/** About `mb` megabytes of plan: a generated plan whose organisations list is padded out. */
function hugePlan(mb) {
  const base = genPlan(40, 9);
  const line = (i) => `  - {id: org-${i}, name: Organisation number ${i} of the region, type: voluntary-sector}\n`;
  const parts = [];
  for (let i = 0, size = base.length; size < mb * MB; i++) {
    parts.push(line(i));
    size += parts[i].length;
  }
  return base.replace('organisations:\n', 'organisations:\n' + parts.join(''));
}

/** A plan with 100,000 ids (organisations, initiatives and milestones), and one id used twice, at its last line. */
function hundredThousandIds() {
  const base = genPlan(300, 7); // 937 ids
  const orgs = [];
  for (let i = 0; i < 100_000 - 937; i++) orgs.push(`  - {id: org-${i}, name: Organisation ${i}, type: voluntary-sector}`);
  const text = base.replace('organisations:\n', 'organisations:\n' + orgs.join('\n') + '\n');
  return text + 'risks:\n  - {id: org-17, title: The same id twice, likelihood: 2, impact: 2, owner: sha-north, mitigation: Rename it}\n';
}

const selfReference = () =>
  VALID.replace('after: [C1.1]', 'after: [C1.2]').replace(/(\n {4}- id: C2\n)/, '$1      depends_on: [C2]\n');

const tabs = () => VALID.replace(/\n {2}- \{id: /, '\n\t- {id: ');

function mixedEndings(text) {
  let k = 7;
  const lf = text.replace(/\r\n?/g, '\n');
  // Never a lone \r just before a \n: the two would read as one \r\n line break.
  return lf.replace(/\n/g, (_, at) => ['\n', '\r\n', lf[at + 1] === '\n' ? '\n' : '\r'][(k = (k * 1103515245 + 12345) % 2147483648) % 3]);
}

const binary = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]);
const invalidUtf8 = () => Buffer.concat([Buffer.from('kind: qipp-plan\ntitle: Caf'), Buffer.from([0xe9, 0x28]), Buffer.from(' plan\n')]);
/** What an editor shows for bytes it cannot read as UTF-8. */
const decoded = (bytes) => new TextDecoder('utf-8').decode(bytes);

const NEST = 10_000;

/**
 * name, the input (text or bytes), and what each face must say.
 * engine/server: { rule, message, line? } that must be among the findings (or `same`: the findings of another text).
 * cli: { code, rules, message }.
 */
const CASES = [
  {
    name: 'a YAML alias bomb (billion laughs)',
    text: aliasBomb,
    expect: { rule: 'yaml-syntax', message: /aliases .* expand to more than the plan format allows/ },
    cli: { code: 1 },
  },
  {
    name: `flow nesting ${NEST.toLocaleString('en-GB')} deep ([[[[ … ]]]])`,
    text: () => `kind: qipp-plan\ntitle: ${'['.repeat(NEST)}${']'.repeat(NEST)}\n`,
    expect: { rule: 'yaml-syntax', message: /^This plan is nested more than 200 levels deep .* Is a closing bracket missing/, not: /Maximum call stack|Stack overflow|regular expression/i },
    cli: { code: 1 },
  },
  {
    name: `unclosed flow nesting ${NEST.toLocaleString('en-GB')} deep (a person typing [)`,
    text: () => `kind: qipp-plan\ntitle: ${'['.repeat(NEST)}\n`,
    expect: { rule: 'yaml-syntax', message: /^This plan is nested more than 200 levels deep .* Is a closing bracket missing/, not: /Maximum call stack|Stack overflow|regular expression/i },
    cli: { code: 1 },
  },
  {
    name: `block nesting ${NEST.toLocaleString('en-GB')} deep (- - - …)`,
    text: () => `kind: qipp-plan\ntitle:\n  ${'- '.repeat(NEST)}x\n`,
    expect: { rule: 'yaml-syntax', message: /^This plan is nested more than 200 levels deep .* Is a closing bracket missing/, not: /Maximum call stack|Stack overflow|regular expression/i },
    cli: { code: 1 },
  },
  {
    name: 'block nesting 2,000 deep by indentation (a 2 MB staircase)',
    text: () => 'kind: qipp-plan\ntitle:\n' + Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') + ' x\n',
    expect: { rule: 'yaml-syntax', message: /^This plan is nested more than 200 levels deep/, line: 201 },
    cli: { code: 1 },
  },
  {
    name: 'a 50 MB plan',
    text: () => hugePlan(50),
    engineOnlyWhenLong: true,
    engineLimitMs: 120_000,
    expect: { rule: 'engagement-missing', message: /engagement/ },
    cli: { code: 1, rules: ['file-unreadable'], message: /This file is 50(\.\d)? MB, more than the 10 MB limit, so it was not checked; raise the limit with --max-file-size\./ },
    server: 'huge',
  },
  {
    name: 'a binary file named .plan.yaml',
    bytes: binary,
    expect: { rule: /^(yaml-syntax|unknown-kind)$/, message: /YAML|plan/ },
    cli: { code: 1, rules: ['file-unreadable'], message: /binary file, not a YAML plan/ },
    server: 'disk',
  },
  {
    name: 'invalid UTF-8',
    bytes: invalidUtf8,
    expect: { rule: 'required-section', message: /needs an? `actions` section/ },
    cli: { code: 1, rules: ['file-unreadable'], message: /not valid UTF-8 text \(first bad byte on line 2\); save it as UTF-8/ },
    server: 'disk',
  },
  {
    name: 'a byte-order mark',
    text: () => '\uFEFF' + MILESTONES,
    expect: { same: () => MILESTONES },
    cli: { code: 1, same: () => MILESTONES },
  },
  {
    name: 'CRLF line endings',
    text: () => MILESTONES.replace(/\r?\n/g, '\r\n'),
    expect: { same: () => MILESTONES },
    cli: { code: 1, same: () => MILESTONES },
  },
  {
    name: 'mixed line endings (\\n, \\r\\n and \\r)',
    text: () => mixedEndings(MILESTONES),
    expect: { same: () => MILESTONES },
    cli: { code: 1, same: () => MILESTONES },
  },
  {
    name: 'a plan of 100,000 ids',
    text: hundredThousandIds,
    engineOnlyWhenLong: true,
    serverOnlyWhenLong: true,
    expect: { rule: 'duplicate-id', message: /^The id `org-17` is already used for an organisation/, lastLine: true },
    cli: { code: 1, args: ['--max-file-size', '20', '--quiet'], limitMs: 120_000, rules: ['duplicate-id'], message: /`org-17`/ },
    limitMs: 120_000,
  },
  {
    name: 'an id referencing itself',
    text: selfReference,
    expect: { rule: 'milestone-cycle', message: /^`C1\.2` refers to itself, so it can never start\.$/, count: 2 },
    cli: { code: 1, rules: ['milestone-cycle', 'milestone-cycle'] },
  },
  {
    name: 'tabs for indentation',
    text: tabs,
    expect: { rule: 'yaml-syntax', message: /^Tabs cannot be used to indent YAML; use spaces\./, line: 10 },
    cli: { code: 1, rules: ['yaml-syntax'] },
  },
  {
    name: 'an empty file',
    text: () => '',
    expect: { rule: 'unknown-kind', message: /This file has no plan in it yet: a plan starts with `kind:`/, line: 0 },
    cli: { code: 1, rules: ['unknown-kind'] },
  },
  {
    name: 'a file that is only a comment',
    text: () => '# The Northshire plan will go here.\n#   (nothing yet)\n',
    expect: { rule: 'unknown-kind', message: /This file has no plan in it yet/, line: 0 },
    cli: { code: 1, rules: ['unknown-kind'] },
  },
];

// ---------------------------------------------------------------------------
// Helpers.

let dir;
const inputs = new Map();
/** The case's bytes and the text an editor would hold. */
function inputOf(c) {
  if (!inputs.has(c.name)) {
    const bytes = c.bytes ? c.bytes() : Buffer.from(c.text(), 'utf8');
    const text = c.bytes ? decoded(bytes) : c.text();
    inputs.set(c.name, { bytes, text });
  }
  return inputs.get(c.name);
}

const brief = (f) => `${f.rule} ${f.range.start.line}:${f.range.start.character} ${f.message.slice(0, 160)}`;

/** Asserts the expected finding is among `findings` (engine findings or LSP diagnostics mapped to {rule, message, range}). */
function assertExpected(c, findings, text) {
  const e = c.expect;
  if (e.same) {
    const { createEngine } = engineModule();
    const want = createEngine({ rules: {} }).analyze(e.same()).findings.map(brief);
    assert.deepEqual(findings.map(brief), want);
    assert.ok(want.length > 0);
    return;
  }
  const matches = findings.filter((f) => (e.rule instanceof RegExp ? e.rule.test(f.rule) : f.rule === e.rule) && e.message.test(f.message));
  assert.ok(matches.length > 0, `expected ${e.rule} matching ${e.message}; got:\n  ${findings.map(brief).join('\n  ') || '(none)'}`);
  if (e.not) for (const f of findings) assert.doesNotMatch(f.message, e.not, `the message shows the program's insides: ${f.message}`);
  if (e.line !== undefined) assert.equal(matches[0].range.start.line, e.line);
  if (e.lastLine) assert.equal(matches[0].range.start.line, text.split(/\r\n|\n|\r/).length - 2);
  if (e.count !== undefined) assert.equal(findings.filter((f) => f.rule === e.rule).length, e.count, findings.map(brief).join('\n'));
}

let engineMod;
async function loadEngine() {
  engineMod ??= (await import('../fuzz/support.mjs')).loadCore();
  return engineMod;
}
const engineModule = () => engineMod;

function within(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms: the server froze`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const timings = [];

describe('hostile inputs', function () {
  this.timeout(0);
  before(async () => {
    for (const f of [CLI, join(dirname(CLI), 'core.js')]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
    await loadEngine();
    dir = mkdtempSync(join(tmpdir(), 'qipp-hostile-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const t of timings) console.log(`    ${t}`);
  });

  CASES.forEach((c, index) => {
    describe(c.name, function () {
      /** A known bug of one face (engine, cli, server), or of all when a string. */
      const guard = (ctx, face, fn) => {
        const bug = typeof c.knownBug === 'string' ? c.knownBug : c.knownBug?.[face];
        return bug ? withKnownBug(ctx, bug, fn) : fn();
      };

      it('engine (full and incremental, twice each, in a process of its own): no crash, in time, the expected finding', async function () {
        if (c.engineOnlyWhenLong) longOnly(this);
        await guard(this, 'engine', () => {
          const { text } = inputOf(c);
          const file = join(dir, `case-${index}.json`);
          writeFileSync(file, JSON.stringify(text));
          const limit = c.engineLimitMs ?? c.limitMs ?? 20_000;
          const r = spawnSync(process.execPath, ['--max-old-space-size=4096', CHILD, file, 'both', '2'], { encoding: 'utf8', timeout: limit * 4 + 10_000, maxBuffer: 1 << 28 });
          if (r.error) assert.fail(`the engine did not finish: ${r.error.message}`);
          assert.equal(r.status, 0, `the engine's process died (status ${r.status}, signal ${r.signal}): ${r.stderr.split('\n').filter((l) => /FATAL|Error/.test(l)).slice(0, 3).join(' | ')}`);
          const out = JSON.parse(r.stdout);
          const runs = Object.entries(out.engines).flatMap(([mode, rs]) => rs.map((run, i) => ({ mode, i, ...run })));
          const slowest = Math.max(...runs.map((run) => run.ms));
          timings.push(`${c.name}: engine ${slowest.toFixed(0)} ms at most per analysis, peak memory ${out.maxRssMb.toFixed(0)} MB`);
          assertExpected(c, runs[0].findings, text);
          for (const run of runs) assert.deepEqual(run.findings, runs[0].findings, `${run.mode} run ${run.i + 1} differs from the first`);
          assert.ok(slowest < limit, `an analysis took ${slowest.toFixed(0)} ms (limit ${limit})`);
        });
      });

      if (c.cli) {
        it('CLI: the expected exit code and diagnostic', async function () {
          await guard(this, 'cli', () => {
            const { bytes, text } = inputOf(c);
            const name = `case-${index}.plan.yaml`;
            writeFileSync(join(dir, name), bytes);
            const usageFile = join(dir, `usage-${index}.json`);
            const limit = c.cli.limitMs ?? 60_000;
            const t0 = performance.now();
            const r = spawnSync(process.execPath, ['-r', USAGE, CLI, 'validate', '--format', 'json', ...(c.cli.args ?? []), name], {
              cwd: dir,
              encoding: 'utf8',
              timeout: limit,
              maxBuffer: 1 << 28,
              env: { ...process.env, QIPP_USAGE_FILE: usageFile },
            });
            const ms = performance.now() - t0;
            if (r.error) assert.fail(`the CLI did not finish within ${limit} ms: ${r.error.message}`);
            const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : undefined;
            timings.push(`${c.name}: CLI ${ms.toFixed(0)} ms${usage ? `, peak memory ${usage.maxRssMb.toFixed(0)} MB` : ''}`);
            assert.doesNotMatch(r.stderr, /internal error|FATAL/);
            let report;
            try {
              report = JSON.parse(r.stdout);
            } catch {
              assert.fail(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 200)} ${r.stderr.slice(0, 300)}`);
            }
            const diagnostics = report[0].diagnostics;
            if (c.cli.rules) assert.deepEqual(diagnostics.map((d) => d.rule), c.cli.rules, diagnostics.map(brief).join('\n'));
            if (c.cli.message) assert.match(diagnostics.map((d) => d.message).join('\n'), c.cli.message);
            if (c.cli.same) {
              const { createEngine } = engineModule();
              assert.deepEqual(diagnostics.map(brief), createEngine({ rules: {} }).analyze(c.cli.same()).findings.map(brief));
            } else if (!c.cli.rules || !c.cli.rules.includes('file-unreadable')) {
              assertExpected(c, diagnostics, text);
            }
            assert.equal(r.status, c.cli.code, r.stderr);
          });
        });
      }

      if (c.server !== false) {
        it('language server: the expected diagnostic, answers the next request, stays up', async function () {
          if (!existsSync(SERVER)) skipOutsideCi(this, 'dist/server.js is not built (`npm run build`)');
          if (c.serverOnlyWhenLong) longOnly(this);
          const folder = mkdtempSync(join(dir, `ws-${index}-`));
          const { bytes, text } = inputOf(c);
          const file = join(folder, `case-${index}.plan.yaml`);
          if (c.server === 'disk') writeFileSync(file, bytes);
          const client = new Client();
          let finished = false;
          try {
            await guard(this, 'server', async () => {
              await within(client.initialize({ rootPath: folder }), 20_000, 'initialize');
              const uri = uriOf(file);
              const toFinding = (d) => ({ rule: d.code, message: d.message, range: d.range });
              if (c.server === 'disk') {
                // Checked on disk by the workspace validation, as the CLI reads it.
                const d = await within(client.diagnosticsFor(uri), 20_000, 'the diagnostics of the file on disk');
                assert.deepEqual(d.map((x) => x.code), ['file-unreadable']);
                assert.match(d[0].message, c.cli.message);
              }
              if (c.server === 'huge') {
                const small = uriOf(join(folder, 'small.plan.yaml'));
                client.open(small, VALID, 1);
                await within(client.diagnosticsFor(small, 1), 20_000, 'the diagnostics of a small plan');
                const t0 = performance.now();
                client.open(uri, text, 1);
                // The person goes on working in another plan: each answer must come promptly.
                for (let v = 2; v <= 3; v++) {
                  client.change(small, v, [{ text: VALID + `# edit ${v}\n` }]);
                  await within(client.request('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 2 } }), 3_000, `a hover in another plan while a ${(text.length / MB).toFixed(0)} MB plan is open`);
                }
                const d = await within(client.diagnosticsFor(uri, 1), 120_000, 'the diagnostics of the huge plan');
                timings.push(`${c.name}: server ${(performance.now() - t0).toFixed(0)} ms to its diagnostics`);
                assert.ok(d.length >= 1 && /too large|MB/.test(d[0].message), `the huge plan should get one diagnostic saying it is too large to check; got ${d.length}: ${d[0]?.message}`);
                finished = true;
                return;
              }
              // The text as an editor holds it, opened and then changed to itself again (a second parse in the same process).
              client.open(uri, text, 1);
              const first = await within(client.diagnosticsFor(uri, 1), c.limitMs ?? 20_000, 'the diagnostics of the opened text');
              client.change(uri, 2, [{ text }]);
              assertExpected(c, first.map(toFinding), text);
              const second = await within(client.diagnosticsFor(uri, 2), c.limitMs ?? 20_000, 'the diagnostics after a change');
              assert.deepEqual(second, first);
              await within(client.request('textDocument/documentSymbol', { textDocument: { uri } }), 20_000, 'documentSymbol');
              assert.equal(client.child.exitCode, null, `the server exited: ${client.stderr}`);
              const failures = client.messages.filter((m) => m.type === 1);
              assert.deepEqual(failures, [], 'the server logged a failure');
              finished = true;
            });
          } finally {
            // A server still busy with a hostile input is not waited for: it is the test's own process, ended by its id.
            if (client.child.exitCode === null) {
              if (finished) await client.stop().catch(() => client.child.kill('SIGKILL'));
              else client.child.kill('SIGKILL');
            }
          }
        });
      }
    });
  });
});
