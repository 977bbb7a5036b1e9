// The fast reader and the incremental path must build exactly the tree the
// `yaml` library does, for every text they accept. Random edits of real plans,
// with a fixed seed so a failure can be replayed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

const root = new URL('../..', import.meta.url).pathname;
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});
const shared = join(root, '..', 'shared', 'conformance', 'cases');
const files = [...walk(join(root, 'samples')), ...walk(join(root, 'test', 'golden', 'rules')), ...(statSync(shared, { throwIfNoEntry: false }) ? walk(shared) : [])];

function random(seed) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}
const PIECES = ['a', ' ', '\n', '- ', ':', ': ', '#', ' #', '  ', '- id: X\n', '"', "'", '[', '{', '}', ']', ',', '1', '0.5', 'true', '~', 'null', '\\n', '"a\\tb"', "'it''s'", 'x: y\n      z: 1\n', '\n  - q\n', '{a: 1}', '[x, y]', '2010/11', '-1', '.5', '1e3', 'é', '😀', '|\n', '>-\n', '\r\n', '\t', '&a ', '*a'];

function mutate(t, r) {
  const pos = Math.floor(r() * (t.length + 1));
  const op = r();
  if (op < 0.5) return t.slice(0, pos) + PIECES[Math.floor(r() * PIECES.length)] + t.slice(pos);
  if (op < 0.8) return t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 5));
  const lines = t.split('\n');
  lines.splice(Math.floor(r() * lines.length), 0, lines[Math.floor(r() * lines.length)]);
  return lines.join('\n');
}

const tree = (p) => JSON.stringify({ root: p.root ?? null, problems: p.problems.map((x) => [x.span, x.fatal]) });

describe('the fast reader builds the same tree as yaml', () => {
  it(`on ${files.length} plans and random edits of them`, () => {
    const r = random(20101201);
    let accepted = 0;
    let compared = 0;
    for (const f of files) {
      const original = readFileSync(f, 'utf8');
      for (let i = 0; i < 6; i++) {
        let t = original;
        for (let k = 0; k < 1 + (i % 3); k++) t = mutate(t, r);
        compared++;
        const fast = core.fastParse(t);
        if (fast === undefined) continue;
        accepted++;
        const ref = core.parseWithYaml(t);
        assert.equal(ref.problems.length, 0, `the fast reader accepted a text yaml rejects: ${f} edit ${i}`);
        assert.equal(JSON.stringify(fast ?? null), JSON.stringify(ref.root ?? null), `trees differ: ${f} edit ${i}`);
      }
    }
    // The reader must actually be used: most light edits of plans stay in its subset.
    assert.ok(accepted > compared / 5, `the fast reader accepted only ${accepted} of ${compared} texts`);
  });

  it('reads block scalars as yaml does, whatever the chomping and however the text ends', () => {
    // Once a known bug (YAML test suite A6F9): `keep: |+` at the end of the text kept one line break too many.
    let accepted = 0;
    for (const head of ['a: ', '- ', 'x:\n  - ', 'x:\n  y: ']) {
      const d = head.startsWith('x:') ? '    ' : '  ';
      for (const indicator of ['|', '|+', '|-', '>', '>+', '>-']) {
        for (const body of ['text', 'text\n@more', 'text\n\n@more', 'text\n \n@more']) {
          for (const tail of ['', '\n', '\n\n', '\n\n\n', '\n  ', '\n ', '\n\n ', '\n \n', '\n \nb: 1\n', '\n\nb: 1\n', '\n\n\n#c\n', '\n\n- z\n']) {
            const t = `${head}${indicator}\n${d}${body.replace(/@/g, d)}${tail}`;
            const fast = core.fastParse(t);
            if (fast === undefined) continue;
            accepted++;
            const ref = core.parseWithYaml(t);
            assert.equal(ref.problems.length, 0, `the fast reader accepted a text yaml rejects: ${JSON.stringify(t)}`);
            assert.equal(JSON.stringify(fast ?? null), JSON.stringify(ref.root ?? null), `trees differ: ${JSON.stringify(t)}`);
          }
        }
      }
    }
    assert.ok(accepted > 500, `the fast reader accepted only ${accepted} block scalars`);
  });

  it('reads numbers, and texts that nearly are, as yaml does (the number forms are read a character at a time)', () => {
    // Every text of up to four characters from the characters of YAML's number forms, and longer random ones.
    const chars = ['0', '1', '9', '+', '-', '.', 'e', 'E', 'x', 'o', '_', ':'];
    const texts = [''];
    for (let len = 1; len <= 4; len++) for (const t of texts.filter((x) => x.length === len - 1)) for (const c of chars) texts.push(t + c);
    const r = random(7);
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 5 + Math.floor(r() * 12) }, () => chars[Math.floor(r() * chars.length)]).join(''));
    let accepted = 0;
    for (const v of texts) {
      for (const t of [`a: ${v}\n`, `- [${v}]\n`, `- {k: ${v}}\n`]) {
        const fast = core.fastParse(t);
        if (fast === undefined) continue;
        accepted++;
        const ref = core.parseWithYaml(t);
        assert.equal(ref.problems.length, 0, `the fast reader accepted a text yaml rejects: ${JSON.stringify(t)}`);
        // deepStrictEqual, not JSON: NaN, Infinity and -0 must match too.
        assert.deepStrictEqual(fast, ref.root, `trees differ: ${JSON.stringify(t)}`);
      }
    }
    assert.ok(accepted > texts.length, `the fast reader accepted only ${accepted} texts`);
  });

  it('accepts every sample plan as written', () => {
    for (const f of walk(join(root, 'samples'))) assert.notEqual(core.fastParse(readFileSync(f, 'utf8')), undefined, f);
  });
});

describe('the incremental path builds the same tree as a full parse', () => {
  it('across sequences of random edits, one cache kept as the editor does', function () {
    this.timeout(120_000); // a few seconds alone; minutes on a machine running other suites
    const r = random(42);
    const cache = new core.ParseCache();
    const big = files.filter((f) => readFileSync(f, 'utf8').length > 2500).slice(0, 12);
    assert.ok(big.length > 0, 'no plan large enough for the incremental path');
    let steps = 0;
    for (const f of big) {
      let t = readFileSync(f, 'utf8');
      for (let i = 0; i < 25; i++) {
        assert.equal(tree(core.parseIncremental(t, cache)), tree(core.parseText(t)), `${f} after ${i} edits`);
        t = mutate(t, r);
        steps++;
      }
    }
    assert.ok(steps >= 40);
  });

  it('ends a list where a full parse does when its last item ends with an empty value', () => {
    // Once a known bug: the list ended after the line break of its last item's `milestones:`.
    const item = (i) => `  - id: I${i}\n    title: T${i}\n    side: provider\n    milestones:\n      - {id: I${i}.1, due: 2010-12-31}\n`;
    let t = 'kind: provider-plan\ntitle: x\ninitiatives:\n';
    for (let i = 0; i < 30; i++) t += item(i);
    t += '  - id: L\n    title: last\n    milestones:\nnamed_support: yes\n';
    assert.ok(t.length > 2048, 'long enough for the incremental path');
    assert.equal(tree(core.parseIncremental(t, new core.ParseCache())), tree(core.parseText(t)));
  });

  it('ends a list where a full parse does when an item holds only a comment', () => {
    const item = (i) => `    - id: I${i}\n      title: T${i}\n      side: provider\n      milestones:\n        - {id: I${i}.1, due: 2010-12-31}\n`;
    let t = 'kind: qipp-reform-plan\ntitle: x\nprovision:\n  aims:\n    -  # note Aim of the provision section\n  initiatives:\n';
    for (let i = 0; i < 30; i++) t += item(i);
    assert.equal(tree(core.parseIncremental(t, new core.ParseCache())), tree(core.parseText(t)));
  });

  it('moving a document\'s unchanged items in place keeps every span true', () => {
    const r = random(7);
    const cache = new core.ParseCache();
    const big = files.filter((f) => readFileSync(f, 'utf8').length > 2500).slice(0, 12);
    let steps = 0;
    let moved = 0;
    for (const f of big) {
      let t = readFileSync(f, 'utf8');
      let before;
      for (let i = 0; i < 25; i++) {
        const got = core.parseIncremental(t, cache, f);
        assert.equal(tree(got), tree(core.parseText(t)), `${f} after ${i} edits`);
        if (before && sameItemNodes(before.root, got.root)) moved++;
        before = got;
        t = typing(t, r);
        steps++;
      }
    }
    assert.ok(steps >= 40);
    // The point of it: most edits keep (and move) the other items' nodes rather than copying them.
    assert.ok(moved > steps / 3, `items were kept in place after only ${moved} of ${steps} edits`);
  });
});

/** An edit as a planning lead makes them: a letter typed or taken back in a title, a comment line added or removed, now and then a random one. */
function typing(t, r) {
  const lines = t.split('\n');
  const pick = (re) => {
    const at = lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
    return at.length ? at[Math.floor(r() * at.length)] : -1;
  };
  const op = r();
  if (op < 0.05) return mutate(t, r);
  if (op < 0.45) {
    const i = pick(/^ *(- )?title: [^{}\[\]#]+$/);
    if (i >= 0) lines[i] += 'x';
  } else if (op < 0.75) {
    const i = pick(/^ *(- )?title: [^{}\[\]#]*x$/);
    if (i >= 0) lines[i] = lines[i].slice(0, -1);
  } else if (op < 0.9) {
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, `${' '.repeat(lines[i]?.length - (lines[i] ?? '').trimStart().length || 0)}# a note`);
  } else {
    const i = pick(/^ *# a note$/);
    if (i >= 0) lines.splice(i, 1);
  }
  return lines.join('\n');
}

/** Whether two trees share at least one list item node (the same object). */
function sameItemNodes(a, b) {
  const items = (n, out = new Set()) => {
    if (!n) return out;
    if (n.type === 'seq') for (const it of n.items) out.add(it).has(it) && items(it, out);
    else if (n.type === 'map') for (const p of n.pairs) items(p.value, out);
    return out;
  };
  const old = items(a);
  for (const it of items(b)) if (it.type === 'map' && old.has(it)) return true;
  return false;
}
