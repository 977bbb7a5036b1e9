// The schema is checked against the plain value of the tree (toValue). For a tree the fast
// reader built, that value is made by a shorter walk that trusts the reader never to let a
// repeated key through; it must equal, key for key and in the same order, what the full walk
// gives (first of repeated keys wins). Held on every plan in the repository, the conformance
// cases, the fuzz corpus with random mutations of it, and generated bench plans.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fc, loadCorpus, mutatedPlan, params } from '../fuzz/support.mjs';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const ROOT = new URL('../..', import.meta.url).pathname;

const walk = (dir) =>
  statSync(dir, { throwIfNoEntry: false })
    ? readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
      })
    : [];

/** Both walks of the text's tree, when the fast reader read it; undefined otherwise. */
function bothValues(text) {
  if (core.fastParse(text) === undefined) return undefined;
  const { root } = core.parseText(text);
  if (!root) return undefined;
  // With a memo, toValue takes the full walk (the editor's path), whatever reader built the tree.
  return { short: core.toValue(root), full: core.toValue(root, new WeakMap()), reference: core.toValue(core.parseWithYaml(text).root) };
}

function holds(text, name) {
  const v = bothValues(text);
  if (!v) return false;
  assert.deepStrictEqual(v.short, v.full, `the values differ: ${name}`);
  assert.deepStrictEqual(v.short, v.reference, `the value differs from yaml's: ${name}`);
  // Same keys in the same order (deepStrictEqual does not compare the order).
  assert.equal(JSON.stringify(v.short), JSON.stringify(v.full), `the keys are in another order: ${name}`);
  return true;
}

describe("the plain value of the fast reader's trees", () => {
  it('equals the full walk on every plan in the repository, the conformance cases and generated bench plans', function () {
    this.timeout(300_000);
    const files = [...walk(join(ROOT, 'samples')), ...walk(join(ROOT, 'test')), ...walk(join(ROOT, '..', 'shared', 'conformance', 'cases'))];
    const texts = files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
    for (const [n, seed] of [[20, 1], [60, 4], [200, 1]]) {
      texts.push({ name: `gen-plan ${n} ${seed}`, text: execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), String(n), String(seed)], { encoding: 'utf8', maxBuffer: 1 << 28 }) });
    }
    let read = 0;
    for (const t of texts) if (holds(t.text, t.name)) read++;
    assert.ok(read > texts.length / 2, `the fast reader read only ${read} of ${texts.length} texts`);
  });

  it('equals the full walk on random mutations of the fuzz corpus', function () {
    this.timeout(300_000);
    loadCorpus();
    let read = 0;
    fc.assert(
      fc.property(mutatedPlan(4), (p) => {
        if (holds(p.text, p.name)) read++;
      }),
      params(400),
    );
    assert.ok(read > 40, `the fast reader read only ${read} of the mutated plans`);
  });

  it('keeps keys that are not text, and `__proto__`, as the full walk does', () => {
    for (const t of ['__proto__: {a: 1}\nb: 2\n', '1: a\ntrue: b\n~: c\n1.5: d\n.inf: e\n', '- {__proto__: [1, 2], constructor: x, toString: y}\n', 'a: -0\nb: .nan\nc: -.inf\n']) {
      assert.ok(holds(t, JSON.stringify(t)), `the fast reader did not read ${JSON.stringify(t)}`);
      const v = core.toValue(core.parseText(t).root);
      if (t.startsWith('__proto__')) assert.equal(Object.getPrototypeOf(v), Object.prototype);
    }
  });
});
