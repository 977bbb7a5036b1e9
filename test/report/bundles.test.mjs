// The xlsx writer is a bundle of its own, loaded only by `qipp report --format
// xlsx`; the cross-plan rules give the same findings whatever order the plans
// are passed in, and none for one plan alone.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PORTFOLIO, qipp, ROOT } from './support.mjs';

describe('report bundles and the cross-plan rules as a function', function () {
  this.timeout(60_000);

  it('dist/cli-xlsx.js holds the workbook writer; neither CLI bundle does, and the engine half only names it', () => {
    const xlsx = readFileSync(join(ROOT, 'dist/cli-xlsx.js'), 'utf8');
    assert.match(xlsx, /writeWorkbook/);
    for (const name of ['cli.js', 'cli-engine.js']) {
      const text = readFileSync(join(ROOT, 'dist', name), 'utf8');
      assert.doesNotMatch(text, /function writeWorkbook|function workbookParts/, name);
    }
    assert.match(readFileSync(join(ROOT, 'dist/cli-engine.js'), 'utf8'), /require\("\.\/cli-xlsx\.js"\)/);
  });

  it('a report in another format does not load the xlsx bundle; an xlsx one does', () => {
    const probe = join(ROOT, 'test/report/probe-loads.cjs');
    assert.ok(existsSync(probe));
    const r = qipp(['report', PORTFOLIO, '--format', 'json', '-o', '/dev/null'], { env: { NODE_OPTIONS: `--require ${probe}` } });
    assert.equal(r.code, 0, r.stderr);
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('loaded:')).map((l) => l.slice(7));
    assert.ok(loaded.some((f) => f.endsWith('cli-engine.js')), 'the probe sees the engine half load');
    assert.ok(!loaded.some((f) => f.endsWith('cli-xlsx.js')), loaded.join('\n'));
    const x = qipp(['report', PORTFOLIO, '--format', 'xlsx', '-o', '/dev/null'], { env: { NODE_OPTIONS: `--require ${probe}` } });
    assert.equal(x.code, 0, x.stderr);
    assert.match(x.stderr, /^loaded:.*cli-xlsx\.js$/m);
  });

  it('crossPlanFindings: the same findings in any order of the plans; none for one plan', () => {
    const core = createRequire(import.meta.url)(join(ROOT, 'dist/core.js'));
    const engine = core.createEngine({ rules: {} });
    const plans = readdirSync(PORTFOLIO).filter((n) => n.endsWith('.plan.yaml')).sort().map((n) => ({ key: n, label: n, facts: core.planFacts(engine.analyze(readFileSync(join(PORTFOLIO, n), 'utf8'))) }));
    const keyed = (list, found) => Object.fromEntries(list.map((p, i) => [p.key, found[i].map((f) => `${f.rule}@${f.range.start.line}`)]));
    const forwards = keyed(plans, core.crossPlanFindings(plans));
    const backwards = [...plans].reverse();
    assert.deepEqual(keyed(backwards, core.crossPlanFindings(backwards)), forwards);
    assert.equal(Object.values(forwards).flat().length, 2);
    assert.deepEqual(core.crossPlanFindings([plans[1]]), [[]]);
    const off = plans.map((p) => ({ ...p, rules: { 'cross-org-conflict': 'off' } }));
    assert.deepEqual(core.crossPlanFindings(off).flat().map((f) => f.rule), ['cross-duplicate-plan']);
  });
});
