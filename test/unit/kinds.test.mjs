// The kinds table (server/src/core/kinds/table.ts) is the one list of plan
// kinds: what package.json and the CLI's help say follows it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KINDS, PLAN_KINDS, starterPlan } from '../../dist/core.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));

describe('the kinds table', () => {
  it('package.json firstLine recognises exactly the kinds of the table', () => {
    const firstLine = new RegExp(pkg.contributes.languages.find((l) => l.id === 'qipp-plan').firstLine);
    for (const kind of PLAN_KINDS) {
      assert.ok(firstLine.test(`kind: ${kind}`), `firstLine misses ${kind}`);
      assert.ok(firstLine.test(`kind: "${kind}"  # a comment`), `firstLine misses a quoted ${kind}`);
    }
    const listed = /\(([^()]*)\)/.exec(pkg.contributes.languages.find((l) => l.id === 'qipp-plan').firstLine)[1].split('|');
    assert.deepEqual([...listed].sort(), [...PLAN_KINDS].sort());
  });

  it('qipp init --help names every kind, in the table’s order', () => {
    for (const command of ['init --help']) {
      const help = execFileSync(process.execPath, [`${ROOT}dist/cli.js`, ...command.split(' ')], { encoding: 'utf8' });
      assert.ok(help.includes(PLAN_KINDS.join(', ')), `qipp ${command} does not list ${PLAN_KINDS.join(', ')}`);
    }
  });

  it('every kind has a label, a title, a detail, required sections and a starter plan of its kind', () => {
    for (const kind of PLAN_KINDS) {
      const k = KINDS[kind];
      for (const field of ['label', 'title', 'detail', 'itemNoun', 'financeHeading']) assert.ok(k[field], `${kind} has no ${field}`);
      assert.ok(k.requiredSections.length > 0 && k.initiativeSections.length > 0);
      assert.match(starterPlan(kind), new RegExp(`^kind: ${kind}$`, 'm'));
    }
  });
});
