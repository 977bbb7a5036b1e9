// `qipp diff OLD NEW` on pairs of plans whose changes are written by hand in
// test/diff/cases/<name>/expected.json: the JSON report holds exactly those
// changes (as a multiset) and matches schemas/diff.schema.json; --fail-on
// gives exit 1 exactly when expected says so; the other formats say the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { qipp, ROOT } from '../cli/helpers.mjs';
import { asSet, cases, withoutMessages } from './helpers.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas/diff.schema.json'), 'utf8')));

describe('qipp diff: hand-written cases', function () {
  this.timeout(60_000);
  for (const c of cases()) {
    describe(c.name, () => {
      const args = [relative(ROOT, c.old), relative(ROOT, c.new)];
      let report;
      before(() => {
        const r = qipp(['diff', ...args, '--format', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, '');
        report = JSON.parse(r.stdout);
      });

      it('reports exactly the changes written in expected.json', () => {
        assert.equal(report.plans.length, 1);
        assert.deepEqual(asSet(withoutMessages(report.plans[0].diff.changes)), asSet(c.expected.changes));
      });

      it('matches schemas/diff.schema.json', () => {
        assert.ok(validateReport(report), JSON.stringify(validateReport.errors, null, 1));
      });

      for (const [on, fails] of Object.entries(c.expected.failOn ?? {})) {
        it(`--fail-on ${on} exits ${fails ? 1 : 0}`, () => {
          const r = qipp(['diff', ...args, '--fail-on', on]);
          assert.equal(r.code, fails ? 1 : 0, r.stderr);
        });
      }

      it('stylish and md name every changed id, and md is safe to post', () => {
        const ids = new Set(report.plans[0].diff.changes.map((x) => x.id ?? x.initiative ?? x.where).filter(Boolean));
        for (const format of ['stylish', 'md']) {
          const r = qipp(['diff', ...args, '--format', format]);
          assert.equal(r.code, 0, r.stderr);
          for (const id of ids) assert.ok(r.stdout.includes(format === 'md' ? `\`${id}\`` : id), `${format} does not name ${id}`);
          if (report.plans[0].diff.changes.length === 0) assert.match(r.stdout, /No changes in meaning/);
        }
        assert.doesNotMatch(qipp(['diff', ...args, '--format', 'md']).stdout, /<[a-z]/i, 'no raw HTML in the Markdown');
      });
    });
  }

  it('the case with every sort of change has every sort of change', () => {
    const types = new Set(cases().flatMap((c) => c.expected.changes.map((x) => x.type)));
    const all = ['plan-changed', 'organisation-added', 'organisation-removed', 'organisation-changed', 'initiative-added', 'initiative-removed', 'initiative-changed', 'milestone-added', 'milestone-removed', 'milestone-due', 'milestone-status', 'milestone-overdue', 'milestone-national', 'milestone-changed', 'savings', 'finance', 'fund', 'risk-added', 'risk-removed', 'risk-rescored', 'finding-fixed', 'finding-new'];
    assert.deepEqual(all.filter((t) => !types.has(t)), []);
  });

  it('a plan compared with itself: no changes, exit 0 even with every --fail-on', () => {
    const c = cases()[0];
    const r = qipp(['diff', c.new, c.new, '--fail-on', 'slipped,slipped-national,new-errors']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No changes in meaning/);
  });
});
