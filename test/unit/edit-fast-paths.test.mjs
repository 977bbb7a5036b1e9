// The editing path's shortcuts (core incremental engine: only the lines an
// edit changed are searched for what forces a whole parse, and scanned for
// nesting depth) must give what a from-scratch analysis gives: findings, the
// tree, the outline, hover and completion. Every plan in the repository, the
// conformance cases and generated bench plans are opened in one incremental
// engine per plan (as the editor keeps one) and edited at random, seeded, with
// the edits those shortcuts care about (one line typed into, brackets, anchors,
// tabs, markers, indentation, deep nesting); after each edit both engines are
// compared.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const core = createRequire(import.meta.url)(join(ROOT, 'dist/core.js'));
const DOC = 'file:///edited/plan.plan.yaml';

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.') || name === 'test-output') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.plan\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const genPlan = (n, seed) => execFileSync(process.execPath, [join(ROOT, 'bench/gen-plan.mjs'), String(n), String(seed)], { encoding: 'utf8', maxBuffer: 1 << 28 });

function plans() {
  const files = [...walk(ROOT), ...walk(resolve(ROOT, '../shared/conformance/cases'))];
  const list = files.map((f) => ({ name: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
  for (const [n, seed] of [[20, 1], [60, 4], [200, 1]]) list.push({ name: `gen-plan ${n} ${seed}`, text: genPlan(n, seed) });
  return list;
}

/** A seeded random source (the same edits on every run). */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const TYPED = ['x', ' ', 'ab', '[', ']', '{', '}', '[a, b]', '&a ', '*a', '!!str ', '\t', '- ', '- - ', '#', ' # note', '"', "'", '__qipp_item_1', ': ', ',', '\u2028', 'é', '\u{1F600}'];

/** One edit: mostly typing into or deleting from one line (what the shortcuts serve), sometimes more. */
function editOnce(text, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const line = Math.floor(rnd() * starts.length);
  const ls = starts[line];
  const le = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  const at = ls + Math.floor(rnd() * (le - ls + 1));
  const r = rnd();
  if (r < 0.35) return { text: text.slice(0, at) + pick(TYPED) + text.slice(at), at };
  if (r < 0.55) return { text: text.slice(0, at) + text.slice(Math.min(le, at + 1 + Math.floor(rnd() * 3))), at };
  if (r < 0.65) return { text: text.slice(0, ls) + ' '.repeat(1 + Math.floor(rnd() * 3)) + text.slice(ls), at: ls };
  if (r < 0.72) return { text: text.slice(0, ls) + text.slice(ls).replace(/^ {1,2}/, ''), at: ls };
  if (r < 0.8) return { text: text.slice(0, le) + '\n' + ' '.repeat(Math.floor(rnd() * 12)) + pick(['- x', 'key: value', '- - - y', '[', ']', '']) + text.slice(le), at: le };
  if (r < 0.86) return { text: text.slice(0, ls) + text.slice(Math.min(text.length, le + 1)), at: ls }; // a line deleted
  if (r < 0.92) {
    // A run of lines moved (cut and paste).
    const end = starts[Math.min(starts.length - 1, line + 1 + Math.floor(rnd() * 20))] ?? text.length;
    const block = text.slice(ls, end);
    const rest = text.slice(0, ls) + text.slice(end);
    const to = Math.floor(rnd() * rest.length);
    const p = rest.lastIndexOf('\n', to) + 1;
    return { text: rest.slice(0, p) + block + rest.slice(p), at: p };
  }
  return { text: text.slice(0, at) + 'y' + text.slice(at), at };
}

function shown(a, at) {
  const offset = Math.min(at, a.text.length);
  return JSON.stringify({
    findings: a.findings,
    kind: a.kind,
    lines: a.lines.lineStarts,
    tree: a.root ?? null,
    symbols: core.documentSymbols(a),
    hover: core.hover(a, offset) ?? null,
    completion: core.complete(a, offset).map((c) => c.label),
  });
}

function same(full, incremental, text, at, what) {
  const want = shown(full.analyze(text), at);
  const got = shown(incremental.analyze(text, { document: DOC }), at);
  if (want !== got) {
    let i = 0;
    while (i < want.length && want[i] === got[i]) i++;
    assert.fail(`${what}: the incremental engine disagrees with a from-scratch analysis near\n  full:        …${want.slice(Math.max(0, i - 80), i + 120)}\n  incremental: …${got.slice(Math.max(0, i - 80), i + 120)}`);
  }
}

describe('editing path shortcuts equal a from-scratch analysis', function () {
  this.timeout(600_000);
  const full = core.createEngine({ rules: {} });

  it('on every plan in the repository, the conformance cases and generated bench plans, after random edits', () => {
    const list = plans();
    assert.ok(list.length > 50, `only ${list.length} plans found`);
    let steps = 0;
    list.forEach((p, k) => {
      const incremental = core.createEngine({ rules: {} }, { incremental: true });
      const cache = new core.ParseCache();
      const rnd = random(1000 + k);
      let text = p.text;
      same(full, incremental, text, 0, `${p.name}, as read`);
      cache.risky(text, DOC);
      // Larger plans get more edits: the incremental path engages on texts of 2 KB or more.
      const edits = text.length >= 2048 ? (text.length > 100_000 ? 24 : 6) : 2;
      for (let i = 0; i < edits; i++) {
        const e = editOnce(text, rnd);
        text = e.text;
        same(full, incremental, text, e.at, `${p.name}, after edit ${i + 1}`);
        // What forces a whole parse, searched for in the changed lines only, is what a search of the whole text finds.
        assert.equal(cache.risky(text, DOC), new core.ParseCache().risky(text), `${p.name}, after edit ${i + 1}: the search in the changed lines`);
        steps++;
      }
    });
    assert.ok(steps > 1000, `${steps} edit steps`);
  });

  it('after a clean version, whatever makes a plan be read whole is found in the line typed into', () => {
    const base = genPlan(20, 3);
    const lines = base.split('\n');
    const inItem = lines.findIndex((l, i) => i > lines.length / 2 && /^      title: /.test(l));
    const RISKY = ['&a ', '*a', '!!str ', '!custom ', '\t', '---', '...', '%YAML 1.2', '__qipp_item_0', '- &b x', '*b'];
    let steps = 0;
    for (const snippet of RISKY) {
      for (const [where, text] of [
        ['at the start of a line', [...lines.slice(0, inItem), snippet + lines[inItem], ...lines.slice(inItem + 1)].join('\n')],
        ['as a value', [...lines.slice(0, inItem), `      title: ${snippet}`, ...lines.slice(inItem + 1)].join('\n')],
        ['as a line of its own', [...lines.slice(0, inItem), snippet, ...lines.slice(inItem)].join('\n')],
        ['in the last line', `${base}${snippet}`],
      ]) {
        const kept = core.createEngine({ rules: {} }, { incremental: true });
        same(full, kept, base, 0, 'the clean plan');
        same(full, kept, text, text.indexOf(snippet), `${JSON.stringify(snippet)} ${where}`);
        const cache = new core.ParseCache();
        assert.equal(cache.risky(base, DOC), false, 'the clean plan');
        assert.equal(cache.risky(text, DOC), new core.ParseCache().risky(text), `${JSON.stringify(snippet)} ${where}: searched in the changed line`);
        same(full, kept, base, 0, `${JSON.stringify(snippet)} ${where}, undone`);
        steps++;
      }
    }
    assert.equal(steps, RISKY.length * 4);
  });

  it('checks the schema item by item as a whole plan would: faults in initiatives, items added, removed, moved and rewritten', () => {
    // The editing engine remembers each initiative's schema errors by its value and puts them under the
    // item's current place in the list: a fault must keep its words and place as items around it come and go.
    const base = genPlan(40, 5);
    const kept = core.createEngine({ rules: {} }, { incremental: true });
    const item = (text, n) => {
      // From the item's first line to the first line indented less than its keys (line breaks included).
      const start = text.indexOf(`    - id: I${n}\n`);
      const rest = text.slice(start + 1).search(/\n(?! {6})/);
      return [start, start + 1 + rest + 1];
    };
    const steps = [];
    let text = base;
    const step = (what, next) => {
      assert.notEqual(next, text, `${what}: the edit changes the plan`);
      text = next;
      steps.push(what);
      same(full, kept, text, 0, what);
    };
    same(full, kept, text, 0, 'the plan as generated');
    const [s10] = item(text, 10);
    step('a pillar that is not one', text.replace(/(    - id: I10\n(?:.*\n)*?      pillars: \[)\w+/, '$1qualty'));
    step('an unknown key in the same initiative', text.slice(0, s10) + text.slice(s10).replace('      level: ', '      levle: '));
    step('a required key taken out of another initiative', text.replace(/(    - id: I20\n)      title: .*\n/, '$1'));
    const [a, b] = item(text, 3);
    step('an initiative cut from before the faulty ones', text.slice(0, a) + text.slice(b));
    step('and pasted back further down', (() => {
      const cut = base.slice(...item(base, 3));
      const [, e30] = item(text, 30);
      return text.slice(0, e30) + cut + text.slice(e30);
    })());
    step('an initiative written as plain text', text.replace(/    - id: I5\n/, '    - just a note\n    - id: I5\n'));
    step('an empty item', text.replace(/    - id: I6\n/, '    -\n    - id: I6\n'));
    step('an item that is a list', text.replace(/    - id: I7\n/, '    - [a, b]\n    - id: I7\n'));
    step('a milestone date that is no date', text.replace(/(    - id: I12\n(?:.*\n)*?          due: )\S+/, '$12010-02-30'));
    step('the faulty initiative fixed again', text.replace('qualty', 'quality').replace('levle: ', 'level: '));
    step('the kind changed to one with other lists', text.replace('kind: qipp-reform-plan', 'kind: provider-plan'));
    step('and back', text.replace('kind: provider-plan', 'kind: qipp-reform-plan'));
    const schemaFaults = kept.analyze(text, { document: DOC }).findings.filter((f) => f.rule === 'schema');
    assert.ok(schemaFaults.length >= 4, `the edits leave schema faults to compare (${schemaFaults.length})`);
    assert.equal(steps.length, 12);
    assert.ok(!kept.analyze(text, { document: DOC }).findings.some((f) => f.rule === 'yaml-syntax'), 'the edits leave a plan that reads');
  });

  it('works out the line index from the previous one as a whole scan would, with \\n, \\r\\n and a lone \\r', () => {
    // The editing engine keeps each document's line index and rescans only the lines an edit changed.
    const rnd = random(77);
    const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r\n', 'é'];
    let steps = 0;
    for (let round = 0; round < 40; round++) {
      let text = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      let lines = new core.LineIndex(text);
      for (let i = 0; i < 40; i++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const cut = Math.floor(rnd() * 3);
        const typed = rnd() < 0.7 ? pieces[Math.floor(rnd() * pieces.length)] : '';
        const next = text.slice(0, at) + typed + text.slice(Math.min(text.length, at + cut));
        const w = core.changedLines(text, next, (c) => c === 10 || c === 13);
        lines = core.LineIndex.edited(lines, next, w);
        assert.deepEqual([...lines.lineStarts], [...new core.LineIndex(next).lineStarts], `after ${JSON.stringify(text)} -> ${JSON.stringify(next)}`);
        text = next;
        steps++;
      }
    }
    assert.equal(steps, 1600);
  });

  it('finds loops of after/depends_on as a whole plan would: dependencies changed, loops made and broken, ids renamed', () => {
    // The editing engine reuses the loops it found when every reference resolves as before; any edit that
    // changes a reference, an id or what an id names must find them afresh, at the current positions.
    const base = genPlan(40, 6);
    const kept = core.createEngine({ rules: {} }, { incremental: true });
    const steps = [];
    let text = base;
    const loops = () => kept.analyze(text, { document: DOC }).findings.filter((f) => f.rule === 'milestone-cycle').length;
    const step = (what, next, expectLoops) => {
      assert.notEqual(next, text, `${what}: the edit changes the plan`);
      text = next;
      steps.push(what);
      same(full, kept, text, 0, what);
      if (expectLoops !== undefined) assert.equal(loops() > 0, expectLoops, `${what}: loops found`);
    };
    const titleOf = (n) => new RegExp(`(    - id: I${n}\\n      title: [^\\n]*)`);
    same(full, kept, text, 0, 'the plan as generated');
    step('two milestones each after the other', text.replace(/(        - id: I8\.1\n(?:.*\n)*?          due: [^\n]*\n)/, '$1          after: [I8.2]\n'), true);
    step('a title typed into above the loop (positions move, loops kept)', text.replace(titleOf(2), '$1x'), true);
    step('a title typed into below the loop', text.replace(titleOf(30), '$1y'), true);
    step('an initiative that depends on itself', text.replace(/(    - id: I12\n)/, '$1      depends_on: [I12]\n'), true);
    step('the first loop broken', text.replace('          after: [I8.2]\n', ''), true);
    step('initiatives in a loop of two', text.replace('depends_on: [I12]', 'depends_on: [I13]').replace(/(    - id: I13\n)/, '$1      depends_on: [I12]\n'), true);
    step('an id renamed so a reference no longer resolves', text.replace('    - id: I13\n', '    - id: I13b\n'), false);
    step('and renamed back', text.replace('    - id: I13b\n', '    - id: I13\n'), true);
    step('a duplicate id put before the one referred to', text.replace('    - id: I3\n', '    - id: I12\n'), true);
    step('the loop of two broken', text.replace('depends_on: [I13]', 'depends_on: [I20]'), false);
    step('the duplicate taken out', text.replace(/    - id: I12\n(      title: Initiative 3)/, '    - id: I3\n$1'), false);
    step('the other dependency taken out', text.replace('      depends_on: [I12]\n', ''), false);
    step('a loop made in one keystroke', text.replace(/(        - id: I5\.1\n(?:.*\n)*?          due: [^\n]*\n)/, '$1          after: [I5.2]\n'), true);
    step('a title typed into while looped', text.replace(titleOf(5), '$1z'), true);
    step('a milestone id renamed inside the loop', text.replace('        - id: I5.2\n', '        - id: I5.9\n'), false);
    step('and back', text.replace('        - id: I5.9\n', '        - id: I5.2\n'), true);
    // An initiative whose id comes after its milestones: ids no longer in reading order (the loops found afresh).
    const moveIdLast = (t, n) => {
      const start = t.indexOf(`    - id: I${n}\n`);
      const end = start + 1 + t.slice(start + 1).search(/\n(?! {6})/) + 1;
      const body = t.slice(start, end).replace(`    - id: I${n}\n      `, '    - ');
      return t.slice(0, start) + body + `      id: I${n}\n` + t.slice(end);
    };
    step('an initiative in a loop with its id after its milestones', moveIdLast(text, 5), true);
    step('a title typed into there', text.replace(/(    - title: Initiative 5[^\n]*)/, '$1w'), true);
    step('the loop broken there', text.replace('          after: [I5.2]\n', ''), false);
    assert.equal(steps.length, 19);
  });

  it('finds a plan nested too deeply however the nesting was typed: line by line, a long line at once, or one bracket', () => {
    const base = genPlan(30, 2);
    const deepMessage = (a) => a.findings.some((f) => f.rule === 'yaml-syntax' && /nested more than \d+ levels/.test(f.message));
    // A staircase of keys typed a line at a time at the end of the plan, each line one level deeper.
    const incremental = core.createEngine({ rules: {} }, { incremental: true });
    let text = `${base}notes:\n`;
    incremental.analyze(text, { document: DOC });
    let deep = false;
    for (let level = 1; level <= 230 && !deep; level++) {
      text += `${' '.repeat(level)}k${level}:\n`;
      same(full, incremental, text, text.length, `staircase at level ${level}`);
      const a = incremental.analyze(text, { document: DOC });
      assert.equal(deepMessage(a), core.tooDeepAt(text) !== undefined, `staircase at level ${level}`);
      deep = deepMessage(a);
    }
    assert.ok(deep, 'a staircase of 230 levels is reported as too deep');

    // Long lines typed in one go: each adds many levels at once (compact entries).
    const kept = core.createEngine({ rules: {} }, { incremental: true });
    text = `${base}notes:\n`;
    kept.analyze(text, { document: DOC });
    for (let k = 1; k <= 6; k++) {
      text += `${' '.repeat(k)}- ${'- '.repeat(40 * k)}x\n`;
      same(full, kept, text, text.length, `a line of ${40 * k} compact entries`);
    }

    // A flow list left open above deeply indented lines: closing it, then opening it again, one character each time.
    const inner = Array.from({ length: 220 }, (_, i) => `${' '.repeat(i + 2)}- x${i}`).join('\n');
    const open = `${base}notes: [a,\n${inner}\n]\n`;
    const e2 = core.createEngine({ rules: {} }, { incremental: true });
    const closed = open.replace('notes: [a,', 'notes: a,');
    for (const [t, what] of [[open, 'flow list open'], [closed, 'bracket deleted'], [open, 'bracket typed again']]) {
      same(full, e2, t, t.indexOf('notes:'), what);
    }
  });
});
