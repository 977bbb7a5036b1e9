// The pure configuration module (server/src/core/config/index.ts), loaded from source.
import assert from 'node:assert/strict';
import { loadTs } from './helpers.mjs';

describe('core config', () => {
  let parseConfig;
  let resolveConfig;
  let CATALOGUE;
  before(async () => {
    ({ parseConfig, resolveConfig } = await loadTs('server/src/core/config/index.ts'));
    ({ CATALOGUE } = await loadTs('server/src/core/catalogue/index.ts'));
  });

  it('reads rules, schema folders and the national timeline', () => {
    const { config, problems } = parseConfig('rules:\n  split-dual-role: error\n  risk-score: off\nschemas: [local, ../shared]\nnational_timeline: timeline.yaml\n', '.qipprc.yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'split-dual-role': 'error', 'risk-score': 'off' },
      schemas: ['local', '../shared'],
      nationalTimeline: 'timeline.yaml',
    });
  });

  it('treats an empty file (or only comments) as an empty configuration', () => {
    assert.deepEqual(parseConfig('', 'c'), { config: {}, problems: [] });
    assert.deepEqual(parseConfig('# nothing yet\n', 'c'), { config: {}, problems: [] });
    assert.deepEqual(parseConfig('\uFEFFrules: {}\n', 'c'), { config: { rules: {} }, problems: [] });
  });

  it('reports unknown rules, bad severities, unknown keys and wrong types with their lines', () => {
    const { config, problems } = parseConfig('rules:\n  risk-scor: off\n  risk-score: loud\n  schema: warning\nschemas: 3\nnational_timeline: [a]\ncolour: red\n', 'cfg.yaml');
    assert.deepEqual(config, { rules: { schema: 'warning' } });
    assert.deepEqual(problems, [
      'cfg.yaml, line 2: "risk-scor" is not a rule (did you mean "risk-score"?).',
      'cfg.yaml, line 3: "loud" is not a severity for risk-score; use error, warning, info or off.',
      'cfg.yaml, line 5: schemas should be a list of folders, for example [schemas/local].',
      'cfg.yaml, line 6: national_timeline should be the path of a timeline file.',
      'cfg.yaml, line 7: "colour" is not a configuration key; the keys are rules, schemas, national_timeline.',
    ]);
  });

  it('reports invalid YAML and duplicate keys, and a root that is not a mapping', () => {
    assert.match(parseConfig('rules: [\n', 'c').problems[0], /^c, line \d+: this is not valid YAML/);
    assert.match(parseConfig('rules: {}\nrules: {}\n', 'c').problems[0], /^c, line 2: this is not valid YAML/);
    assert.match(parseConfig('- rules\n', 'c').problems[0], /should be a mapping/);
  });

  it('resolves every catalogue rule to its default, overridden layer by layer', () => {
    const defaults = resolveConfig();
    assert.deepEqual(Object.keys(defaults.rules), CATALOGUE.map((r) => r.id));
    for (const r of CATALOGUE) assert.equal(defaults.rules[r.id], r.defaultSeverity);
    const merged = resolveConfig({ rules: { 'risk-score': 'off', schema: 'warning' } }, undefined, { rules: { schema: 'info' } });
    assert.equal(merged.rules['risk-score'], 'off');
    assert.equal(merged.rules.schema, 'info');
    assert.equal(merged.rules['yaml-syntax'], 'error');
    assert.equal(merged.nationalTimeline, undefined);
    assert.equal(merged.extraSchemas, undefined);
  });

  it('takes the last national timeline and accumulates extra schemas', () => {
    const t1 = [{ id: 'a', title: 'A', deadline: '2011-01-01', source: '', direction: 'before' }];
    const t2 = [{ id: 'b', title: 'B', deadline: '2012-01-01', source: '', direction: 'before' }];
    const s1 = { kind: 'qipp-plan', schema: {}, source: 'one' };
    const s2 = { kind: 'provider-plan', schema: {}, source: 'two' };
    const merged = resolveConfig({ nationalTimeline: t1, extraSchemas: [s1] }, { nationalTimeline: t2, extraSchemas: [s2] });
    assert.equal(merged.nationalTimeline, t2);
    assert.deepEqual(merged.extraSchemas, [s1, s2]);
  });
});

describe('core templates', () => {
  it('gives a starter plan for every kind, with the title safely quoted', async () => {
    const { starterPlan } = await loadTs('server/src/core/kinds/index.ts');
    const { PLAN_KINDS } = await loadTs('server/src/core/types.ts');
    const { parse } = await import('yaml');
    for (const kind of PLAN_KINDS) {
      const plan = parse(starterPlan(kind, { title: 'It\'s "ours": #1' }), { version: '1.2' });
      assert.equal(plan.kind, kind);
      assert.equal(plan.title, 'It\'s "ours": #1');
      assert.equal(plan.schema_version, 1);
    }
  });
});
