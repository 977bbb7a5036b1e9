// Fuzzing the CLI (dist/cli.js) as a user runs it: mutated plans written to
// temporary files (as bytes, so some are not valid UTF-8 or hold NUL bytes),
// four per run. Properties: the exit code is 0 or 1 (2 only when qipp could
// not run, which a plan's content must never cause), the JSON report is valid
// and names every file in order, and every range lies inside its file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { isUtf8 } from 'node:buffer';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, fc, keep, lineLengths, lineStarts, mutatedPlan, DEPTH_GUARD, nestingDepth, params, rangeProblems, record, report, SETTINGS } from './support.mjs';

const FILES_PER_RUN = 4;
/** One CLI run may take this long (four files, start-up included). */
const RUN_LIMIT_MS = Math.max(30_000, SETTINGS.timeLimitMs * FILES_PER_RUN * 2);

/** A plan as the bytes of a file: its UTF-8, sometimes with raw bytes flipped (not decoded again). */
const planFile = fc
  .record({ plan: mutatedPlan(4), flips: fc.array(fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), { maxLength: 2 }) })
  .map(({ plan, flips }) => {
    const bytes = Buffer.from(plan.text, 'utf8');
    for (const f of flips) if (bytes.length) bytes[f.at % bytes.length] ^= 1 << f.bit;
    return { ...plan, bytes, flips };
  });

describe('fuzz: CLI', function () {
  this.timeout(0);
  let dir;
  before(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'qipp-fuzz-cli-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    report('CLI (files through qipp validate)');
  });

  it('exits 0 or 1 with a valid JSON report whose ranges lie inside each file', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(planFile, { minLength: FILES_PER_RUN, maxLength: FILES_PER_RUN }), (plans) => {
        fc.pre(plans.every((p) => nestingDepth(p.text) <= DEPTH_GUARD));
        run++;
        const names = plans.map((_, i) => `r${run}-${i}.plan.yaml`);
        plans.forEach((p, i) => writeFileSync(join(dir, names[i]), p.bytes));
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [CLI, 'validate', '--format', 'json', ...names], { cwd: dir, encoding: 'utf8', timeout: RUN_LIMIT_MS, maxBuffer: 1 << 28 });
        const ms = performance.now() - t0;
        for (let i = 0; i < FILES_PER_RUN; i++) record('CLI (files through qipp validate)', ms / FILES_PER_RUN, 'a run of four files, per file');
        const keepAll = () => plans.map((p, i) => keep(`cli-${Date.now()}-${i}.plan.yaml`, p.bytes)).join(', ');
        if (r.error) assert.fail(`the CLI did not finish: ${r.error.message}; inputs kept in ${keepAll()}`);
        if (r.status !== 0 && r.status !== 1) assert.fail(`exit ${r.status} (signal ${r.signal}): ${r.stderr.slice(0, 1000)}; inputs kept in ${keepAll()}`);
        assert.doesNotMatch(r.stderr, /internal error/, `inputs kept in ${keepAll()}`);
        let report;
        try {
          report = JSON.parse(r.stdout);
        } catch {
          assert.fail(`not JSON: ${r.stdout.slice(0, 300)}; inputs kept in ${keepAll()}`);
        }
        assert.deepEqual(report.map((e) => e.file), names);
        let errors = 0;
        report.forEach((entry, i) => {
          const bytes = plans[i].bytes;
          for (const d of entry.diagnostics) {
            assert.deepEqual(Object.keys(d).sort(), ['message', 'range', 'rule', 'severity']);
            if (d.severity === 'error') errors++;
          }
          if (!isUtf8(bytes) || bytes.includes(0)) {
            assert.deepEqual(entry.diagnostics.map((d) => d.rule), ['file-unreadable'], `${names[i]} is not UTF-8 text`);
            return;
          }
          const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
          const starts = lineStarts(text);
          const lengths = lineLengths(text, starts);
          for (const d of entry.diagnostics) {
            const problems = rangeProblems(d.range, starts, lengths);
            if (problems.length) assert.fail(`${names[i]} ${d.rule}: ${problems.join('; ')}; kept in ${keep(`cli-range-${Date.now()}.plan.yaml`, bytes)}`);
          }
        });
        assert.equal(r.status, errors > 0 ? 1 : 0, 'exit 1 exactly when a plan has errors');
      }),
      params(SETTINGS.cliRuns),
    );
  });
});
