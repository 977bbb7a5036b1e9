// Data-driven rule tests: every plan under test/golden/rules/ and the shared
// conformance cases (../shared/conformance/cases) states what the engine must
// report, in the comments of spec section 3b:
//
//   `# expect: RULE[, RULE]` at the end of the line where each diagnostic starts;
//   `# expect-none` on the first line of a plan that must give no diagnostic.
//
// A plan passes when the multiset of (rule, zero-based start line) pairs the
// engine reports equals the multiset its comments give, exactly as check.mjs
// compares them. Fixtures live in test/golden/rules/<rule-id>/: `fires*.plan.yaml`
// (the rule fires; every other diagnostic of the plan is expected too) and
// `near-miss*.plan.yaml` (as close to firing as possible, and clean).
//
// Cross-plan rules (ids starting `cross-`) cannot fire on one plan: their
// fixtures are folders, test/golden/rules/<rule-id>/fires/ and near-miss/, of
// plans checked together; each plan's expected findings include the cross-plan
// ones crossPlanFindings gives it among the plans of its folder (in path order).
//
// Needs `npm run build` first (it loads dist/core.js).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { skipOutsideCi } from '../support/skip.mjs';
import { CASES, contextFor, FIXTURES, loadCore, walk } from './support.mjs';


const EXPECT = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/;
const EXPECT_NONE = /^\s*#\s*expect-none\s*$/;

/** American spellings a planning lead in the NHS would not write (messages are British English). */
const AMERICAN = [/\bcolor/i, /organiz/i, /initializ/i, /analyz/i, /recogniz/i, /prioritiz/i, /authoriz/i, /\bbehavior/i, /\bcenter(s|ed)?\b/i, /\bfavor/i, /\bcanceled\b/i, /\bmodeling\b/i];
/** Signs of a value pasted into a message without being formatted: internal words, an object's default text, a JSON dump. */
const RAW = [/\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\[object/, /[{[]\s*"[^"]*"\s*[:,\]]/];
/** Sentence-building slips: "a `engagement` section", "a improvement plan", "a valid this item". */
const GRAMMAR = [/(?:^|\s)a [`"']?(?!one\b|once\b|eu)[aeio]/i, /(?:^|\s)(?:a|an|the|valid) (?:this|that|these)\b/i];



/** The (rule, zero-based line) pairs a plan's comments expect, and whether it says `# expect-none`. */
function expectations(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const pairs = [];
  lines.forEach((line, i) => {
    const m = line.match(EXPECT);
    if (m) for (const rule of m[1].split(',')) pairs.push({ rule: rule.trim(), line: i });
  });
  return { pairs, none: EXPECT_NONE.test(lines[0] ?? '') };
}


/** Lines of a text as LSP counts them (\n, \r\n and a lone \r end a line), without their breaks. */
function docLines(text) {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

const key = (rule, line) => `${rule}@${line}`;
const show = (k) => k.replace(/@(\d+)$/, (_, n) => ` line ${Number(n) + 1}`);

/** Compares a plan's findings with its comments; returns a readable list of differences, or ''. */
function compare(findings, pairs) {
  const got = findings.map((f) => key(f.rule, f.range.start.line));
  const extra = [...got];
  const missing = [];
  for (const p of pairs) {
    const k = extra.indexOf(key(p.rule, p.line));
    if (k >= 0) extra.splice(k, 1);
    else missing.push(key(p.rule, p.line));
  }
  if (!missing.length && !extra.length) return '';
  const out = [];
  if (missing.length) out.push(`missing (expected, not reported): ${missing.map(show).join('; ')}`);
  if (extra.length) out.push(`unexpected (reported, not expected): ${extra.map(show).join('; ')}`);
  out.push('the engine reported:');
  if (!findings.length) out.push('  (nothing)');
  for (const f of findings) out.push(`  ${f.rule} at line ${f.range.start.line + 1}:${f.range.start.character + 1} [${f.severity}] ${f.message}`);
  return out.join('\n');
}

/** Problems with findings themselves: ranges outside the document, unreadable messages, unknown rules. */
function findingProblems(findings, text, catalogue) {
  const lines = docLines(text);
  const problems = [];
  const inside = (pos) =>
    Number.isInteger(pos?.line) && Number.isInteger(pos?.character) && pos.line >= 0 && pos.line < lines.length && pos.character >= 0 && pos.character <= lines[pos.line].length;
  for (const f of findings) {
    const where = `${f.rule} at line ${(f.range?.start?.line ?? -1) + 1}`;
    if (!inside(f.range?.start) || !inside(f.range?.end)) problems.push(`${where}: range ${JSON.stringify(f.range)} is not inside the document (${lines.length} lines)`);
    else if (f.range.end.line < f.range.start.line || (f.range.end.line === f.range.start.line && f.range.end.character < f.range.start.character)) problems.push(`${where}: range ends before it starts: ${JSON.stringify(f.range)}`);
    if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`${where}: empty message`);
    else {
      for (const re of AMERICAN) if (re.test(f.message)) problems.push(`${where}: American spelling (${re}) in "${f.message}"`);
      for (const re of RAW) if (re.test(f.message)) problems.push(`${where}: raw value (${re}) in "${f.message}"`);
      for (const re of GRAMMAR) if (re.test(f.message)) problems.push(`${where}: garbled English (${re}) in "${f.message}"`);
    }
    const info = catalogue.get(f.rule);
    if (!info) problems.push(`${where}: rule id ${JSON.stringify(f.rule)} is not in the catalogue`);
    else if (f.severity !== info.defaultSeverity) problems.push(`${where}: severity ${f.severity}, the catalogue default is ${info.defaultSeverity}`);
  }
  return problems;
}

/** A plan in a cross-plan fixture folder (<rule>/fires or <rule>/near-miss): that folder, else undefined. */
function portfolioOf(root, file) {
  const parts = relative(root, file).split(/[\\/]/);
  return parts.length === 3 && parts[0].startsWith('cross-') ? dirname(file) : undefined;
}

/** The cross-plan findings of every plan of a fixture folder, by file. */
function crossFindings(core, engine, folder) {
  const files = walk(folder);
  const plans = files.map((f) => ({ key: f, label: basename(f), facts: core.planFacts(engine.analyze(readFileSync(f, 'utf8'), contextFor(f))) }));
  const found = core.crossPlanFindings(plans);
  return new Map(files.map((f, i) => [f, found[i]]));
}

/** Registers one `it` per plan file under root. */
function planSuite(root, files, { fixtures }) {
  let core;
  let engine;
  let catalogue;
  before(() => {
    core = loadCore();
    engine = core.createEngine({ rules: {} });
    catalogue = new Map(core.CATALOGUE.map((r) => [r.id, r]));
  });
  for (const file of files) {
    const name = relative(root, file);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const { pairs, none } = expectations(text);
      // The plan must say what it expects, one way or the other.
      assert.ok(none || pairs.length, `${name}: no \`# expect: RULE\` comment and no \`# expect-none\` on the first line`);
      assert.ok(!(none && pairs.length), `${name}: says \`# expect-none\` but also expects ${pairs.map((p) => show(key(p.rule, p.line))).join('; ')}`);
      for (const p of pairs) assert.ok(catalogue.has(p.rule), `${name}: expects ${JSON.stringify(p.rule)} (line ${p.line + 1}), which is not a rule id of the catalogue`);
      const portfolio = fixtures ? portfolioOf(root, file) : undefined;
      if (fixtures) {
        const rule = basename(dirname(portfolio ?? file));
        const base = basename(portfolio ?? file);
        if (base.startsWith('near-miss')) assert.ok(none, `${name}: a near-miss fixture must start with \`# expect-none\``);
        else if (base.startsWith('fires') && portfolio) assert.ok(walk(portfolio).some((f) => expectations(readFileSync(f, 'utf8')).pairs.some((p) => p.rule === rule)), `${name}: a fires folder of ${rule} must expect ${rule} at least once`);
        else if (base.startsWith('fires')) assert.ok(pairs.some((p) => p.rule === rule), `${name}: a fires fixture of ${rule} must expect ${rule} at least once`);
        else assert.fail(`${name}: fixture names start with \`fires\` or \`near-miss\``);
      }
      const own = engine.analyze(text, contextFor(file)).findings;
      const findings = portfolio ? [...own, ...crossFindings(core, engine, portfolio).get(file)] : own;
      const diff = compare(findings, pairs);
      const problems = findingProblems(findings, text, catalogue);
      if (diff || problems.length) {
        assert.fail(`${name}\n${[diff, ...problems].filter(Boolean).join('\n')}`);
      }
    });
  }
}

describe('golden rule fixtures (test/golden/rules)', () => {
  const files = existsSync(FIXTURES) ? walk(FIXTURES) : [];
  it('has fixtures', () => assert.ok(files.length > 0, `no *.plan.yaml under ${FIXTURES}`));
  planSuite(FIXTURES, files, { fixtures: true });
});

describe('shared conformance cases (../shared/conformance/cases)', () => {
  if (!existsSync(CASES)) {
    it('the shared conformance cases are there', function () {
      skipOutsideCi(this, `there are no conformance cases at ${CASES}`);
    });
    return;
  }
  planSuite(CASES, walk(CASES), { fixtures: false });
});

describe('messages of every rule on every golden plan', () => {
  // Every plan under test/golden/rules and the conformance cases, whatever it expects: a message a planning
  // lead reads never shows an internal word (undefined, null, NaN), an object's default text or a JSON dump.
  it('no message shows a raw value, and every catalogue rule is seen', () => {
    const core = loadCore();
    const engine = core.createEngine({ rules: {} });
    const files = [...(existsSync(FIXTURES) ? walk(FIXTURES) : []), ...(existsSync(CASES) ? walk(CASES) : [])];
    const seen = new Set();
    const bad = [];
    for (const file of files) {
      for (const f of engine.analyze(readFileSync(file, 'utf8'), contextFor(file)).findings) {
        seen.add(f.rule);
        const hit = RAW.find((re) => re.test(f.message));
        if (hit) bad.push(`${relative(FIXTURES, file)} line ${f.range.start.line + 1}, ${f.rule} (${hit}): ${f.message}`);
      }
    }
    // The cross-plan rules speak only of several plans at once: their fixtures are folders of plans, checked together.
    const byFolder = new Map();
    for (const file of files.filter((f) => /[\\/]cross-[^\\/]+[\\/]/.test(f))) {
      const dir = dirname(file);
      byFolder.set(dir, [...(byFolder.get(dir) ?? []), file]);
    }
    for (const group of byFolder.values()) {
      const plans = group.map((file) => ({ key: file, label: file, facts: core.planFacts(engine.analyze(readFileSync(file, 'utf8'), contextFor(file))) }));
      for (const found of core.crossPlanFindings(plans)) {
        for (const f of found) {
          seen.add(f.rule);
          const hit = RAW.find((re) => re.test(f.message));
          if (hit) bad.push(`${f.rule} (${hit}): ${f.message}`);
        }
      }
    }
    assert.deepEqual(bad, [], `messages showing raw values:\n${bad.join('\n')}`);
    const unseen = core.CATALOGUE.map((r) => r.id).filter((id) => !seen.has(id));
    assert.deepEqual(unseen, [], `rules whose messages no golden plan shows: ${unseen.join(', ')}`);
  });
});

describe('every catalogue rule has fixtures', () => {
  const dirs = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory()) : [];
  // A cross-plan rule's fixtures are folders of plans (fires/, near-miss/).
  const filesOf = (id) => (existsSync(join(FIXTURES, id)) ? readdirSync(join(FIXTURES, id)).filter((f) => /\.plan\.ya?ml$/.test(f) || (id.startsWith('cross-') && statSync(join(FIXTURES, id, f)).isDirectory())) : []);

  it('a firing fixture and a near-miss fixture for every rule id in CATALOGUE', () => {
    const { CATALOGUE } = loadCore();
    const lacking = [];
    for (const { id } of CATALOGUE) {
      const files = filesOf(id);
      if (!files.some((f) => f.startsWith('fires'))) lacking.push(`${id}: no test/golden/rules/${id}/fires*.plan.yaml`);
      if (!files.some((f) => f.startsWith('near-miss'))) lacking.push(`${id}: no test/golden/rules/${id}/near-miss*.plan.yaml`);
    }
    assert.deepEqual(lacking, [], `rules without fixtures:\n${lacking.join('\n')}`);
  });

  it('every fixture folder is named after a rule id in CATALOGUE', () => {
    const ids = new Set(loadCore().CATALOGUE.map((r) => r.id));
    const strays = dirs.filter((d) => !ids.has(d));
    assert.deepEqual(strays, [], `folders that are not rule ids: ${strays.join(', ')}`);
  });
});
