// tooDeepAt runs over every text on every keystroke, so for texts without \r
// it skips the parts of lines that cannot change the answer. It must give
// exactly the answer of the plain character-by-character definition.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const root = new URL('../..', import.meta.url).pathname;
const shared = join(root, '..', 'shared');
const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });

function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('tooDeepAt', () => {
  it('gives the character-by-character answer on random texts', () => {
    const r = random(1997);
    const pieces = ['[', ']', '{', '}', '"', "'", '\\', '#', ' ', '  ', '\t', '\n', '\n', '-', '- ', '? ', ':', ',', 'a', 'key: ', ' # c'];
    let deep = 0;
    for (let k = 0; k < 20000; k++) {
      let t = '';
      const len = 1 + Math.floor(r() * 50);
      for (let j = 0; j < len; j++) t += pieces[Math.floor(r() * pieces.length)];
      for (const limit of [1, 2, 3, 5]) {
        const want = core.scanCharacters(t, limit);
        if (want !== undefined) deep++;
        assert.equal(core.tooDeepAt(t, limit), want, `${JSON.stringify(t)} at limit ${limit}`);
      }
    }
    assert.ok(deep > 5000, 'the texts reach the limits often enough to compare where');
  });

  it('gives the character-by-character answer on every plan here, at small limits too', () => {
    const files = [...walk(join(root, 'samples')), ...walk(join(root, 'test', 'golden')), ...(statSync(shared, { throwIfNoEntry: false }) ? walk(shared) : [])];
    const texts = files.map((f) => readFileSync(f, 'utf8').replace(/\r/g, ''));
    const gen = join(shared, 'bench', 'gen-plan.mjs');
    if (statSync(gen, { throwIfNoEntry: false })) texts.push(execFileSync(process.execPath, [gen, '30', '3'], { encoding: 'utf8' }));
    assert.ok(texts.length > 100);
    for (const t of texts) for (const limit of [2, 3, 4, 6, 200]) assert.equal(core.tooDeepAt(t, limit), core.scanCharacters(t, limit));
  });
});
