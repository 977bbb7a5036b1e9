// Every preferred quick fix the engine offers on the conformance cases, the
// samples and the golden rule fixtures removes its finding and adds none.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const core = createRequire(import.meta.url)(resolve(root, 'dist/core.js'));
const walk = (d) => (existsSync(d) ? readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.plan\.ya?ml$/.test(n) ? [join(d, n)] : [])) : []);
// The completion and hover fixtures (test/golden/features) hold a cursor marker (‸) inside a word: not plans as written.
const files = [...walk(resolve(root, '../shared/conformance/cases')), ...walk(resolve(root, 'samples')), ...walk(resolve(root, 'test/golden'))]
  .filter((f) => !readFileSync(f, 'utf8').includes('\u2038'))
  .sort();
const key = (f) => `${f.rule}|${f.message}`;

describe('quick fixes on every plan we have', () => {
  const engine = core.createEngine({ rules: core.defaultRules() });
  it(`fix what they say and add no finding (${files.length} plans)`, () => {
    let applied = 0;
    for (const file of files) {
      const a = engine.analyze(readFileSync(file, 'utf8'));
      for (const f of a.findings) {
        for (const fix of core.fixesFor(a, f).filter((x) => x.preferred)) {
          let text = a.text;
          for (const e of [...fix.edits].sort((x, y) => y.span[0] - x.span[0])) text = text.slice(0, e.span[0]) + e.newText + text.slice(e.span[1]);
          const b = engine.analyze(text);
          const before = a.findings.map(key);
          const count = (xs) => xs.filter((k) => k.startsWith(`${f.rule}|`)).length;
          assert.ok(count(b.findings.map(key)) < count(before), `${file}: "${fix.title}" leaves ${f.rule}`);
          for (const k of b.findings.map(key)) {
            const i = before.indexOf(k);
            assert.ok(i >= 0, `${file}: "${fix.title}" adds ${k}`);
            before.splice(i, 1);
          }
          applied++;
        }
      }
    }
    assert.ok(applied > 20, `quick fixes were applied (${applied})`);
  });
});
