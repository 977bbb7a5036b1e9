// One function decides whether a file is a plan (core/kinds isPlanFile), for
// the CLI's discovery, the language server and the extension alike (spec
// section 1: the first document's top-level `kind:` names a plan kind).
import assert from 'node:assert/strict';
import { isPlanFile, sniffKind } from '../../dist/core.js';

const CASES = [
  // [name, text, is a plan]
  ['a.plan.yaml', '', true],
  ['a.PLAN.YML', 'anything: 1\n', true],
  ['a.yaml', 'kind: qipp-plan\n', true],
  ['a.yml', 'kind: provider-plan # the trust\n', true],
  ['a.yaml', 'kind : qipp-plan\n', true],
  ['a.yaml', '\uFEFFkind: qipp-plan\n', true],
  ['a.yaml', '# a comment\n\n# another\nkind: improvement-plan\n', true],
  ['a.yaml', 'kind: "qipp-reform-plan"\n', true],
  ['a.yaml', "kind: 'qipp-plan'\n", true],
  ['a.yaml', '"kind": qipp-plan\n', true],
  ['a.yaml', '%YAML 1.2\n---\nkind: qipp-plan\n', true],
  ['a.yaml', 'title: x\nkind: qipp-plan\n', true],
  ['a.yaml', 'foo: 1\n---\nkind: qipp-plan\n', false],
  ['a.yaml', '---\nfoo: 1\n---\nkind: qipp-plan\n', false],
  ['a.yaml', 'kind: qipp-planner\n', false],
  ['a.yaml', 'kind: nonsense\n', false],
  ['a.yaml', 'settings:\n  kind: qipp-plan\n', false],
  ['a.yaml', 'note: |\n  kind: qipp-plan\n', false],
  ['a.yaml', '', false],
  ['a.json', 'kind: qipp-plan\n', false],
  ['a.yaml', undefined, false],
];

describe('which files are plans', () => {
  for (const [name, text, expected] of CASES) {
    it(`${name} ${JSON.stringify(text)}: ${expected ? 'a plan' : 'not a plan'}`, () => {
      assert.equal(isPlanFile(name, text), expected);
    });
  }

  it('sniffKind names the kind of a plan text and nothing else', () => {
    assert.equal(sniffKind('kind : qipp-plan\n'), 'qipp-plan');
    assert.equal(sniffKind('foo: 1\n---\nkind: qipp-plan\n'), undefined);
  });

  it('only the first 64 KB are read: a kind far down a huge file is not looked for', () => {
    assert.equal(isPlanFile('a.yaml', `${'# padding\n'.repeat(7000)}kind: qipp-plan\n`), false);
  });
});
