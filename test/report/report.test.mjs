// `qipp report` against the fixture portfolio (test/report/portfolio): the
// money totals, the late national milestones, the overdue milestones and the
// cross-plan findings are worked out here from the plans' YAML (never by the
// report code) and compared with `--format json`. Then csv and md against
// golden files (UPDATE=1 rewrites them, refused under CI), the xlsx read back, and the
// cross-plan rules in `qipp validate` with and without --cache.
import { updateMode } from '../support/update-mode.mjs';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePlans, HERE, initiativesOf, NATIONAL, PORTFOLIO, qipp, unzip } from './support.mjs';

const UPDATE = updateMode();

const r4 = (n) => Math.round(n * 1e4) / 1e4;
const GOLDEN = join(HERE, 'golden');

function reportJson(args = []) {
  const r = qipp(['report', 'portfolio', '--format', 'json', ...args], { cwd: HERE });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('qipp report (json) against the fixture plans', function () {
  this.timeout(60_000);
  const plans = fixturePlans();
  let report;
  before(() => {
    report = reportJson();
  });

  it('one row per plan, in path order, with its kind, organisation and as-of', () => {
    assert.deepEqual(
      report.plans.map((p) => [p.file, p.kind, p.organisation, p.asOf]),
      plans.map((p) => [p.file, p.data.kind, p.data.organisation, p.data.as_of]),
    );
  });

  it('money totals by kind and year: targets, recurrent and one-off savings, gaps', () => {
    const want = new Map();
    for (const { data: d } of plans) {
      const group = d.kind === 'qipp-reform-plan' ? 'national' : d.kind;
      const target = d.kind === 'qipp-reform-plan' ? d.finance.efficiency_target_gbp_m : d.kind === 'provider-plan' ? d.finance.efficiency_gbp_m : undefined;
      const rec = {};
      const one = {};
      for (const ini of initiativesOf(d)) for (const [y, v] of Object.entries(ini.savings_gbp_m ?? {})) (ini.recurrent === false ? one : rec)[y] = (((ini.recurrent === false ? one : rec)[y]) ?? 0) + v;
      for (const y of new Set([...Object.keys(target ?? {}), ...Object.keys(rec), ...Object.keys(one)])) {
        const t = want.get(`${group} ${y}`) ?? { target: null, recurrent: 0, oneOff: 0, gap: null };
        if (target) {
          t.target = r4((t.target ?? 0) + (target[y] ?? 0));
          t.gap = r4((t.gap ?? 0) + (target[y] ?? 0) - (rec[y] ?? 0));
        }
        t.recurrent = r4(t.recurrent + (rec[y] ?? 0));
        t.oneOff = r4(t.oneOff + (one[y] ?? 0));
        want.set(`${group} ${y}`, t);
      }
    }
    const got = new Map(report.money.totals.map((t) => [`${t.group} ${t.year}`, { target: t.target, recurrent: t.recurrent, oneOff: t.oneOff, gap: t.gap }]));
    assert.deepEqual(Object.fromEntries([...got].sort()), Object.fromEntries([...want].sort()));
    // The sample's point: the national total falls £1m short in 2012/13.
    assert.equal(got.get('national 2012/13').gap, 1);
  });

  it('the 2% non-recurring funds against 2% of each plan\'s allocation', () => {
    const want = plans.flatMap(({ file, data: d }) =>
      (d.finance?.non_recurrent_2pc ?? []).map((n) => {
        const total = d.finance.non_recurrent_2pc.filter((m) => m.year === n.year).reduce((s, m) => s + m.amount_gbp_m, 0);
        return [file, n.organisation, n.year, n.amount_gbp_m, r4(d.finance.recurrent_allocation_gbp_m[n.year] * 0.02), total > d.finance.recurrent_allocation_gbp_m[n.year] * 0.02 + 1e-4];
      }),
    );
    assert.deepEqual(report.money.nonRecurrent.map((n) => [n.file, n.organisation, n.year, n.amount, n.cap, n.overCap]), want);
  });

  it('late national milestones: due after the deadline (or before a not-before one)', () => {
    const want = [];
    for (const { file, data: d } of plans) {
      for (const ini of initiativesOf(d)) {
        for (const m of ini.milestones ?? []) {
          const n = m.delivers && NATIONAL[m.delivers];
          if (!n) continue;
          const late = n[1] === 'before' ? m.due > n[0] || (m.done_on ?? '') > n[0] : m.due < n[0];
          if (late) want.push([m.delivers, file, m.id, m.due]);
        }
      }
    }
    assert.ok(want.length >= 2, 'the fixture has late national milestones');
    assert.deepEqual(report.national.late.map((l) => [l.national, l.file, l.milestone, l.due]), want);
    assert.equal(report.summary.lateNational, want.length);
  });

  it('regional plans that deliver none of the split', () => {
    const split = ['regional-leadership', 'regional-split'];
    const want = plans.filter((p) => p.data.kind === 'qipp-reform-plan' && !initiativesOf(p.data).some((i) => (i.milestones ?? []).some((m) => split.includes(m.delivers)))).map((p) => p.file);
    assert.deepEqual(report.national.missing.filter((m) => m.split).map((m) => m.file), want);
    assert.ok(want.length > 0);
  });

  it('overdue milestones, each plan on its own as-of, and on one --as-of date', () => {
    const overdue = (asOf) =>
      plans
        .flatMap(({ file, data: d }) => initiativesOf(d).flatMap((i) => (i.milestones ?? []).filter((m) => m.status !== 'done' && m.due < (asOf ?? d.as_of)).map((m) => [m.due, file, m.id])))
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    assert.deepEqual(report.delivery.overdue.map((o) => [o.due, o.file, o.milestone]), overdue());
    const on = reportJson(['--as-of', '2011-04-01']);
    assert.equal(on.asOf, '2011-04-01');
    assert.deepEqual(on.delivery.overdue.map((o) => [o.due, o.file, o.milestone]), overdue('2011-04-01'));
  });

  it('due soon: within --horizon days after the as-of date', () => {
    const on = reportJson(['--as-of', '2010-12-01', '--horizon', '60']);
    const want = plans
      .flatMap(({ file, data: d }) => initiativesOf(d).flatMap((i) => (i.milestones ?? []).filter((m) => m.status !== 'done' && m.due >= '2010-12-01' && m.due <= '2011-01-30').map((m) => [m.due, file, m.id])))
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    assert.deepEqual(on.delivery.dueSoon.map((o) => [o.due, o.file, o.milestone]), want);
  });

  it('the cross-plan findings are those the plans\' `# expect: cross-…` comments name, at those lines', () => {
    const want = plans.flatMap((p) => p.expects.filter((e) => e.rule.startsWith('cross-')).map((e) => [p.file, e.line, e.rule]));
    assert.deepEqual(report.problems.filter((p) => p.rule.startsWith('cross-')).map((p) => [p.file, p.line, p.rule]), want);
    assert.equal(want.length, 2);
  });

  it('every problem is one a plan\'s `# expect:` comment names', () => {
    const want = plans.flatMap((p) => p.expects.map((e) => [p.file, e.line, e.rule])).sort();
    assert.deepEqual(report.problems.map((p) => [p.file, p.line, p.rule]).sort(), want);
  });

  it('the highest-scoring risks first', () => {
    const scores = plans.flatMap((p) => (p.data.risks ?? []).map((r) => r.likelihood * r.impact)).sort((a, b) => b - a);
    assert.deepEqual(report.delivery.risks.map((r) => r.score), scores.slice(0, 10));
  });

  it('the json has the shape schemas/report.schema.json documents', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(HERE, '../../schemas/report.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 1));
    assert.ok(!validate({ ...report, plans: [{ file: 1 }] }), 'the schema rejects a malformed report');
  });
});

describe('qipp report: csv, md and xlsx', function () {
  this.timeout(60_000);
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-report-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const golden = (name, text) => {
    const path = join(GOLDEN, name);
    if (UPDATE) writeFileSync(path, text);
    assert.equal(text, readFileSync(path, 'utf8'), `${name} differs from its golden file (UPDATE=1 rewrites it)`);
  };

  it('csv: one file per table in the -o folder, as the golden files', () => {
    const out = join(dir, 'csv');
    const r = qipp(['report', 'portfolio', '--format', 'csv', '-o', out], { cwd: HERE });
    assert.equal(r.code, 0, r.stderr);
    const files = readdirSync(out).sort();
    assert.ok(files.length >= 10);
    if (UPDATE) {
      rmSync(join(GOLDEN, 'csv'), { recursive: true, force: true });
      cpSync(out, join(GOLDEN, 'csv'), { recursive: true });
    }
    assert.deepEqual(files, readdirSync(join(GOLDEN, 'csv')).sort());
    for (const f of files) assert.equal(readFileSync(join(out, f), 'utf8'), readFileSync(join(GOLDEN, 'csv', f), 'utf8'), `csv/${f}`);
    // A value that would be a spreadsheet formula stays text.
    assert.match(readFileSync(join(out, 'plans.csv'), 'utf8'), /,"'=HYPERLINK\(""https/);
  });

  it('md: short, escaped, as the golden file', () => {
    const r = qipp(['report', 'portfolio', '--format', 'md'], { cwd: HERE });
    assert.equal(r.code, 0, r.stderr);
    golden('report.md', r.stdout);
    assert.ok(r.stdout.length < 65_536, 'fits a pull-request comment');
    assert.doesNotMatch(r.stdout, /!\[|<script|<img/);
  });

  it('xlsx: a sheet per table, numbers as numbers, money as £m, dates as dates', () => {
    const out = join(dir, 'report.xlsx');
    const r = qipp(['report', 'portfolio', '--format', 'xlsx', '-o', out], { cwd: HERE });
    assert.equal(r.code, 0, r.stderr);
    const parts = unzip(readFileSync(out));
    const workbook = parts.get('xl/workbook.xml');
    const sheets = [...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(sheets.includes('money-totals') && sheets.includes('plans') && sheets.includes('national-late'));
    const styles = parts.get('xl/styles.xml');
    assert.match(styles, /<numFmt numFmtId="164" formatCode="&quot;£&quot;#,##0\.00&quot;m&quot;/);
    const xfs = [...styles.split('<cellXfs')[1].matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
    const sheet = parts.get(`xl/worksheets/sheet${sheets.indexOf('money-totals') + 1}.xml`);
    // Row 2 is the national total of 2010/11: its target (column D) is a number in the £m format.
    const d2 = sheet.match(/<c r="D2" s="(\d+)"><v>([^<]+)<\/v><\/c>/);
    assert.ok(d2, 'D2 is a number cell');
    assert.equal(xfs[Number(d2[1])], 164);
    const json = reportJson();
    assert.equal(Number(d2[2]), json.money.totals[0].target);
    const late = parts.get(`xl/worksheets/sheet${sheets.indexOf('national-late') + 1}.xml`);
    // The national deadline (column B) is a date: a serial day in the date format.
    const b2 = late.match(/<c r="B2" s="(\d+)"><v>(\d+)<\/v><\/c>/);
    assert.ok(b2, 'B2 is a date cell');
    assert.equal(xfs[Number(b2[1])], 165);
    assert.equal(new Date((Number(b2[2]) - 25569) * 86400000).toISOString().slice(0, 10), json.national.late[0].deadline);
  });

  it('bad options exit 2 with a clear message', () => {
    for (const [args, re] of [
      [['--format', 'pdf'], /not a report format/],
      [['--as-of', '2010-02-30'], /--as-of needs a date/],
      [['--horizon', 'soon'], /--horizon needs a whole number/],
      [['no-such-folder'], /no-such-folder/],
    ]) {
      const r = qipp(['report', 'portfolio', ...args], { cwd: HERE });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, re);
    }
  });
});

describe('qipp validate: the cross-plan rules', function () {
  this.timeout(60_000);
  let dir;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-cross-'));
    cpSync(PORTFOLIO, join(dir, 'portfolio'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cross = (args) => {
    const r = qipp(['validate', '--format', 'json', ...args], { cwd: dir, env: { QIPP_CACHE_RACY_MS: '0' } });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout).flatMap((f) => f.diagnostics.filter((d) => d.rule.startsWith('cross-')).map((d) => [f.file, d.range.start.line + 1, d.rule, d.severity]));
  };

  it('several plans: the findings the comments expect; one plan alone: none', () => {
    const want = fixturePlans().flatMap((p) => p.expects.filter((e) => e.rule.startsWith('cross-')).map((e) => [p.file, e.line, e.rule, 'warning']));
    assert.deepEqual(cross(['portfolio']), want);
    assert.deepEqual(cross(['portfolio/eastmarch-2-eastford-pct-qipp.plan.yaml']), []);
  });

  it('severities come from each plan\'s configuration', () => {
    writeFileSync(join(dir, '.qipprc.yaml'), 'rules:\n  cross-org-conflict: error\n  cross-duplicate-plan: off\n');
    assert.deepEqual(cross(['portfolio']), [['portfolio/eastmarch-2-eastford-pct-qipp.plan.yaml', 14, 'cross-org-conflict', 'error']]);
  });

  it('--cache: replayed plans still take part, and a change to one plan changes another\'s findings', () => {
    const cold = cross(['--cache', 'portfolio']);
    assert.equal(cold.length, 2);
    assert.deepEqual(cross(['--cache', 'portfolio']), cold);
    // The regional plan now names NHS Eastmarch as the PCT's plan does: the PCT's plan, unchanged and replayed, loses its finding.
    const reform = join(dir, 'portfolio/eastmarch-1-reform.plan.yaml');
    writeFileSync(reform, readFileSync(reform, 'utf8').replace('{id: sha-east, name: NHS Eastmarch, type: sha}', '{id: sha-east, name: Eastmarch Strategic Health Authority, type: sha}'));
    assert.deepEqual(cross(['--cache', 'portfolio']), cold.filter((c) => c[2] !== 'cross-org-conflict'));
  });
});
