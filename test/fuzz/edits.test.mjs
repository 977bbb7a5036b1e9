// No lost text: every quick fix (core/fixes.ts) and every rename
// (core/references.ts) is applied to random plans that parse: generated plans
// and the samples, with comments, quoting, line endings and planted faults
// added at random. Applying an edit must change only the bytes it must (a
// scalar, or one insertion), leave every comment as written, give a plan that
// still parses, and clear the finding it fixes; a rename and its reverse give
// back the original bytes. The language server's code actions and renames
// must be the same edits, position for position (UTF-16, CRLF).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, parseDocument } from 'yaml';
import { Client, uriOf } from '../lsp/client.mjs';
import { skipOutsideCi } from '../support/skip.mjs';
import { fc, genPlan, keep, lineStarts, loadCore, loadCorpus, params, positionOf, record, report, SERVER, SETTINGS } from './support.mjs';

// ---------------------------------------------------------------------------
// Plans that parse, with comments and planted faults.

let pool;
/** Plans to start from: generated ones of several sizes, the samples and the conformance cases that parse. */
function loadPool() {
  if (pool) return pool;
  pool = [];
  for (const [n, seed] of [[1, 1], [2, 2], [3, 3], [5, 4], [8, 5], [13, 6], [2, 7], [4, 8]]) pool.push({ name: `gen-plan ${n} ${seed}`, text: genPlan(n, seed) });
  for (const c of loadCorpus()) if (!c.name.startsWith('gen-plan') && parses(c.text)) pool.push(c);
  return pool;
}

const parses = (text) => {
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true });
  return doc.errors.length === 0;
};
const valueOf = (text) => JSON.stringify(parseDocument(text, { version: '1.2' }).toJS({ maxAliasCount: 100 }));

const COMMENT_WORDS = ['note', 'lead: pct-0', 'I0.1', 'see https://example.org', '\u{1F600} astral', '\u05E9\u05DC\u05D5\u05DD rtl', '\u202E override', 'kind: qipp-plan', '2010/11', ': colon', 'ñandú', ''];

/** A change to a plan, as data. Comment and quoting changes keep its meaning; the others plant a fault a quick fix can mend. */
const change = fc.oneof(
  fc.record({ op: fc.constant('comment-line'), at: fc.nat(), indent: fc.integer({ min: 0, max: 8 }), text: fc.constantFrom(...COMMENT_WORDS) }),
  fc.record({ op: fc.constant('trailing-comment'), at: fc.nat(), text: fc.constantFrom(...COMMENT_WORDS) }),
  fc.record({ op: fc.constant('quote'), at: fc.nat(), style: fc.constantFrom('"', "'") }),
  fc.record({ op: fc.constant('typo-ref'), at: fc.nat(), how: fc.constantFrom('swap', 'drop', 'double', 'case') }),
  fc.record({ op: fc.constant('typo-enum'), at: fc.nat() }),
  fc.record({ op: fc.constant('typo-key'), at: fc.nat() }),
  fc.record({ op: fc.constant('drop-key'), at: fc.nat(), key: fc.constantFrom('clinical_lead', 'quality_impact', 'transfers_to_public_health') }),
  fc.record({ op: fc.constant('bad-year'), at: fc.nat(), to: fc.constantFrom('2010/12', '2010-11', '10/11', '2010/2011', '201011') }),
  fc.record({ op: fc.constant('flip-side'), at: fc.nat() }),
  fc.record({ op: fc.constant('drop-section'), which: fc.constantFrom('enabling', 'provision', 'commissioning', 'finance', 'leadership', 'engagement'), empty: fc.boolean() }),
);

function nth(text, re, n) {
  const all = [...text.matchAll(re)];
  return all.length ? all[n % all.length] : undefined;
}
const replaceAt = (text, start, end, s) => text.slice(0, start) + s + text.slice(end);

function applyChange(text, c) {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  switch (c.op) {
    case 'comment-line': {
      const starts = lineStarts(text);
      const at = starts[c.at % starts.length];
      return replaceAt(text, at, at, `${' '.repeat(c.indent)}# ${c.text}${eol}`);
    }
    case 'trailing-comment': {
      const m = nth(text, /[^\s#](?=\r?\n)/g, c.at);
      return m ? replaceAt(text, m.index + 1, m.index + 1, `  # ${c.text}`) : text;
    }
    case 'quote': {
      const m = nth(text, /(?<=\b(?:id|lead|owner|organisation|delivers): )[A-Za-z][\w.-]*(?=\s*(?:[,}\r\n#]|$))/g, c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, c.style + m[0] + c.style) : text;
    }
    case 'typo-ref': {
      const m = nth(text, /(?<=\b(?:lead|owner|organisation): )[A-Za-z][\w.-]+/g, c.at) ?? nth(text, /(?<=after: \[)[A-Za-z][\w.-]+/g, c.at);
      if (!m) return text;
      const w = m[0];
      const typo = c.how === 'swap' ? w.slice(0, -2) + w.slice(-1) + w.slice(-2, -1) : c.how === 'drop' ? w.slice(0, -1) : c.how === 'double' ? w + w.slice(-1) : w.toUpperCase();
      return replaceAt(text, m.index, m.index + w.length, typo);
    }
    case 'typo-enum': {
      const m = nth(text, /(?<=\b(?:status|side|level|type|rag): )[a-z-]{4,}/g, c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, m[0].slice(0, -1)) : text;
    }
    case 'typo-key': {
      const m = nth(text, /(?<=^ *(?:- )?)(?:clinical_lead|rationale|principles|status|title|mitigation)(?=:)/gm, c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, m[0].replace(/[aeiou](?=[^aeiou]*$)/, 'x')) : text;
    }
    case 'drop-key': {
      const m = nth(text, new RegExp(`^ *${c.key}:.*(?:\\r?\\n)`, 'gm'), c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, '') : text;
    }
    case 'bad-year': {
      const m = nth(text, /\b20\d\d\/\d\d(?=: )/g, c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, c.to) : text;
    }
    case 'flip-side': {
      const m = nth(text, /(?<=\bside: )(commissioner|provider)/g, c.at);
      return m ? replaceAt(text, m.index, m.index + m[0].length, m[0] === 'provider' ? 'commissioner' : 'provider') : text;
    }
    case 'drop-section': {
      const m = new RegExp(`^${c.which}:.*(?:\\r?\\n(?:[ #].*|)(?=\\r?\\n))*(?:\\r?\\n)?`, 'm').exec(text);
      if (!m) return text;
      return replaceAt(text, m.index, m.index + m[0].length, c.empty ? `${c.which}:${eol}` : '');
    }
    default:
      throw new Error(c.op);
  }
}

const KEEPS_MEANING = new Set(['comment-line', 'trailing-comment', 'quote']);

/** A plan that parses: a base, CRLF or not, and changes, each kept only when the plan still parses (and means the same, for comments and quotes). */
const validPlan = fc
  .record({ base: fc.nat(), crlf: fc.boolean(), changes: fc.array(change, { minLength: 1, maxLength: 12 }) })
  .map(({ base, crlf, changes }) => {
    const p = loadPool();
    const start = p[base % p.length];
    let text = crlf ? start.text.replace(/\r?\n/g, '\r\n') : start.text;
    const applied = [];
    for (const c of changes) {
      const next = applyChange(text, c);
      if (next === text || !parses(next)) continue;
      if (KEEPS_MEANING.has(c.op) && valueOf(next) !== valueOf(text)) continue;
      text = next;
      applied.push(c);
    }
    return { name: start.name, crlf, changes: applied, text };
  });

// ---------------------------------------------------------------------------
// Checks.

/** Every comment of a YAML text, with its offset, from the yaml library's CST. */
function comments(text) {
  const out = [];
  const visit = (x) => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    if (x.type === 'comment' && typeof x.offset === 'number') out.push({ offset: x.offset, source: x.source });
    for (const v of Object.values(x)) if (v && typeof v === 'object') visit(v);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Applies span edits (offsets into `text`); they must not overlap. */
function applySpans(text, edits) {
  const sorted = [...edits].sort((a, b) => b.span[0] - a.span[0] || b.span[1] - a.span[1]);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].span[1] <= sorted[i - 1].span[0], `edits overlap: ${JSON.stringify(edits.map((e) => e.span))}`);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span[0]) + e.newText + out.slice(e.span[1]);
  return out;
}

/** Applies LSP text edits the way an editor does (UTF-16 columns; \n, \r\n and \r end lines). */
function applyLsp(text, edits) {
  const starts = lineStarts(text);
  const offset = (p) => {
    if (p.line >= starts.length) return text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
    return Math.min(starts[p.line] + p.character, lineEnd);
  };
  return applySpans(text, edits.map((e) => ({ span: [offset(e.range.start), offset(e.range.end)], newText: e.newText })));
}

/** Spans of every node of the tree (keys included), for "changes only the bytes it must". */
function nodes(root) {
  const out = [];
  const visit = (n) => {
    out.push(n);
    if (n.type === 'map') for (const p of n.pairs) (out.push(p.key), visit(p.value));
    else if (n.type === 'seq') n.items.forEach(visit);
  };
  if (root) visit(root);
  return out;
}

/**
 * Why an edit replaces more than it must, or undefined when it is fine: an
 * insertion, a change inside one scalar (a key or a value), or the
 * replacement of one empty value after its key's colon.
 */
function overreach(a, edit) {
  const [s, e] = edit.span;
  if (s === e) return undefined;
  const all = nodes(a.root);
  if (all.some((n) => n.type === 'scalar' && n.span[0] <= s && e <= n.span[1])) return undefined;
  let from = s;
  while (from < e && /[:\s]/.test(a.text[from])) from++;
  let to = e;
  while (to > from && /\s/.test(a.text[to - 1])) to--;
  if (all.some((n) => n.type !== 'scalar' && n.span[0] === from && n.span[1] <= e && n.span[1] >= to && /^(\[\s*\]|\{\s*\}|)$/.test(a.text.slice(from, to)))) return undefined;
  return `it replaces ${JSON.stringify(a.text.slice(s, e).slice(0, 200))}, which is not one scalar`;
}

function commentProblems(before, after, edits) {
  const problems = [];
  const was = comments(before);
  for (const c of was) {
    const end = c.offset + c.source.length;
    for (const e of edits) if (e.span[0] < end && c.offset < e.span[1]) problems.push(`an edit ${JSON.stringify(e.span)} touches the comment ${JSON.stringify(c.source)}`);
  }
  const now = comments(after).map((c) => c.source);
  let k = 0;
  for (const c of was) {
    while (k < now.length && now[k] !== c.source) k++;
    if (k === now.length) {
      problems.push(`the comment ${JSON.stringify(c.source)} is gone`);
      break;
    }
    k++;
  }
  return problems;
}

const findingKey = (f) => `${f.rule}@${f.span[0]}:${f.message}`;

describe('fuzz: no lost text (quick fixes and rename)', function () {
  this.timeout(0);
  let core;
  let engine;
  let fixesTried = 0;
  let renamesTried = 0;
  before(() => {
    core = loadCore();
    engine = core.createEngine({ rules: {} });
    loadPool();
  });
  after(() => {
    console.log(`    quick fixes applied: ${fixesTried}, renames applied: ${renamesTried}`);
    report('quick fixes (plans)');
    report('renames (plans)');
  });

  it('the checks below catch what they are for (a self-test)', () => {
    const text = 'kind: qipp-plan  # the kind\ntitle: Plan\nstatus: draft\n';
    const a = engine.analyze(text);
    const keepsComment = { span: [6, 15], newText: 'qipp-reform-plan' };
    assert.deepEqual(commentProblems(text, applySpans(text, [keepsComment]), [keepsComment]), []);
    const eatsComment = { span: [15, 27], newText: '' };
    assert.match(commentProblems(text, applySpans(text, [eatsComment]), [eatsComment]).join('\n'), /touches the comment "# the kind"/);
    assert.equal(overreach(a, keepsComment), undefined);
    assert.match(overreach(a, { span: [6, 40], newText: 'x' }) ?? '', /which is not one scalar/);
    assert.throws(() => applySpans(text, [{ span: [0, 5], newText: '' }, { span: [3, 8], newText: '' }]), /edits overlap/);
  });

  it('every quick fix changes only what it must, keeps every comment, parses, and clears its finding', () => {
    fc.assert(
      fc.property(validPlan, (plan) => {
        const t0 = performance.now();
        const a = engine.analyze(plan.text);
        const fail = (message) => assert.fail(`${message}\n  plan kept in ${keep(`fix-${Date.now()}.plan.yaml`, plan.text)}\n  ${plan.name} + ${JSON.stringify(plan.changes).slice(0, 600)}`);
        if (a.findings.some((f) => f.rule === 'yaml-syntax')) return; // duplicate keys can be planted; not a plan that parses cleanly
        for (const finding of a.findings) {
          for (const fix of core.fixesFor(a, finding)) {
            fixesTried++;
            const where = `${fix.rule} fix "${fix.title}" for ${JSON.stringify(finding.message)} at line ${finding.range.start.line + 1}`;
            if (!fix.edits.length) fail(`${where} has no edits`);
            for (const e of fix.edits) {
              if (!(e.span[0] >= 0 && e.span[0] <= e.span[1] && e.span[1] <= a.text.length)) fail(`${where}: edit span ${JSON.stringify(e.span)} is outside the text`);
              const why = overreach(a, e);
              if (why) fail(`${where}: ${why}`);
            }
            const after = applySpans(a.text, fix.edits);
            const lost = commentProblems(a.text, after, fix.edits);
            if (lost.length) fail(`${where}: ${lost.join('; ')}`);
            const b = engine.analyze(after);
            const syntax = b.findings.find((f) => f.rule === 'yaml-syntax');
            if (syntax || !b.root) fail(`${where}: the fixed plan does not parse (${syntax?.message})\n  fixed text kept in ${keep(`fixed-${Date.now()}.plan.yaml`, after)}`);
            // The finding it fixes is gone (the same rule, message and start no longer reported).
            const key = `${finding.rule}:${finding.message}`;
            const shifted = (f) => f.rule === finding.rule && f.message === finding.message && f.span[0] === finding.span[0];
            if (b.findings.some(shifted)) fail(`${where}: the finding is still there after the fix (${key})\n  fixed text kept in ${keep(`fixed-${Date.now()}.plan.yaml`, after)}`);
          }
        }
        record('quick fixes (plans)', performance.now() - t0, `${plan.name}, ${plan.text.length} chars`);
      }),
      params(SETTINGS.fixRuns),
    );
    assert.ok(fixesTried > 0, 'no quick fix was tried: the planted faults no longer produce fixable findings');
  });

  const newName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,14}$/);
  const badName = fc.constantFrom('', ' ', '1abc', 'a b', 'true', 'null', 'False', 'a:b', 'a#b', '-a', 'é', '\u{1F600}', 'a\nb', '"a"', '[a]');

  it('a rename changes exactly the uses of the id, keeps every comment, parses, and its reverse gives back the original bytes', () => {
    fc.assert(
      fc.property(validPlan, fc.nat(), fc.nat(), newName, badName, (plan, pickId, pickUse, name, bad) => {
        const t0 = performance.now();
        const a = engine.analyze(plan.text);
        if (!a.plan || a.findings.some((f) => f.rule === 'yaml-syntax' || f.rule === 'duplicate-id')) return;
        const ids = a.plan.ids;
        if (!ids.length) return;
        const def = ids[pickId % ids.length];
        const old = def.id.value;
        const fail = (message) => assert.fail(`${message}\n  renaming ${old} -> ${name}; plan kept in ${keep(`rename-${Date.now()}.plan.yaml`, plan.text)}\n  ${plan.name} + ${JSON.stringify(plan.changes).slice(0, 600)}`);
        const uses = core.referencesAt(a, def.id.node.span[0], true);
        if (!uses.length) fail('find references does not include the definition');
        const use = uses[pickUse % uses.length];
        const at = use[0] + ((pickUse >> 3) % Math.max(1, use[1] - use[0]));

        // A name that is not an id, or one already taken, is refused with a reason.
        const refused = core.renameAt(a, at, bad);
        if (refused.ok || !/\S/.test(refused.message ?? '')) fail(`renaming to ${JSON.stringify(bad)} was not refused with a message`);
        const other = ids.find((d) => d.id.value !== old);
        if (other) {
          const taken = core.renameAt(a, at, other.id.value);
          if (taken.ok) fail(`renaming to the taken id ${other.id.value} was not refused`);
        }
        if (a.plan.byId.has(name) || name === old) return;

        const r = core.renameAt(a, at, name);
        if (!r.ok) fail(`the rename was refused: ${r.message}`);
        renamesTried++;
        for (const e of r.edits) if (a.text.slice(e.span[0], e.span[1]) !== old) fail(`an edit replaces ${JSON.stringify(a.text.slice(e.span[0], e.span[1]))}, not the id`);
        if (r.edits.length !== uses.length) fail(`${r.edits.length} edits for ${uses.length} uses`);
        const after = applySpans(a.text, r.edits);
        const lost = commentProblems(a.text, after, r.edits);
        if (lost.length) fail(lost.join('; '));
        const b = engine.analyze(after);
        if (b.findings.some((f) => f.rule === 'yaml-syntax') || !b.plan) fail('the renamed plan does not parse');
        const count = (an, rule) => an.findings.filter((f) => f.rule === rule).length;
        if (count(b, 'unknown-ref') !== count(a, 'unknown-ref')) fail(`unknown-ref findings went from ${count(a, 'unknown-ref')} to ${count(b, 'unknown-ref')}`);
        if (b.findings.length !== a.findings.length) fail(`${a.findings.length} findings before, ${b.findings.length} after`);
        // And back again: the original bytes.
        const backAt = b.plan.byId.get(name)?.id.node.span[0];
        if (backAt === undefined) fail(`${name} is not defined after the rename`);
        const back = core.renameAt(b, backAt, old);
        if (!back.ok) fail(`renaming back was refused: ${back.message}`);
        if (applySpans(after, back.edits) !== a.text) fail('renaming back does not give the original text');
        record('renames (plans)', performance.now() - t0, `${plan.name}, ${plan.text.length} chars`);
      }),
      params(SETTINGS.fixRuns),
    );
    assert.ok(renamesTried > 0, 'no rename was tried');
  });

  describe('through the language server', function () {
    let c;
    let dir;
    let docs = 0;
    before(async function () {
      if (!existsSync(SERVER)) skipOutsideCi(this, 'dist/server.js is not built (`npm run build`)');
      dir = mkdtempSync(join(tmpdir(), 'qipp-fuzz-edits-'));
      c = new Client();
      await c.initialize({ rootPath: dir });
    });
    after(async () => {
      if (c) await c.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('offers each diagnostic its own quick fix when two share a range', async () => {
      {
        // Two required-section findings on the same `kind` key.
        const text = genPlan(1, 1).replace(/^provision:[\s\S]*$/m, '');
        const uri = uriOf(join(dir, 'two-sections.plan.yaml'));
        c.open(uri, text, 1);
        const diagnostics = (await c.diagnosticsFor(uri, 1)).filter((d) => d.code === 'required-section');
        assert.equal(diagnostics.length, 2, 'provision and enabling are both missing');
        const titles = [];
        for (const d of diagnostics) {
          const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
          titles.push(actions.map((a) => a.title));
        }
        c.close(uri);
        assert.deepEqual(titles.sort(), [['Add the `enabling` section'], ['Add the `provision` section']], "the server's code action for one of two findings at one range does not give the engine's text");
      }
    });

    it("gives the engine's quick fixes and renames, position for position (UTF-16 columns, CRLF)", async () => {
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(validPlan, fc.nat(), newName, async (plan, pickId, name) => {
          const uri = uriOf(join(dir, `doc-${++docs}.plan.yaml`));
          const a = engine.analyze(plan.text);
          c.open(uri, plan.text, 1);
          const diagnostics = await c.diagnosticsFor(uri, 1);
          const fail = (message) => assert.fail(`${message}\n  plan kept in ${keep(`lsp-edit-${Date.now()}.plan.yaml`, plan.text)}`);
          for (const d of diagnostics) {
            const finding = a.findings.find((f) => f.rule === d.code && JSON.stringify(f.range) === JSON.stringify(d.range) && f.message === d.message);
            if (!finding) fail(`the server's diagnostic ${d.code} at ${JSON.stringify(d.range)} is not one of the engine's findings`);
            const actions = (await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? [];
            const fixes = core.fixesFor(a, finding);
            if (actions.length !== fixes.length) fail(`${actions.length} code actions for ${fixes.length} quick fixes of ${d.code}`);
            actions.forEach((action, i) => {
              const edits = action.edit.documentChanges ? action.edit.documentChanges.flatMap((dc) => dc.edits) : action.edit.changes[uri];
              if (applyLsp(plan.text, edits) !== applySpans(a.text, fixes[i].edits)) fail(`the server's "${action.title}" does not give the engine's text`);
              compared++;
            });
          }
          if (a.plan && a.plan.ids.length && !a.plan.byId.has(name) && !a.findings.some((f) => f.rule === 'duplicate-id')) {
            const def = a.plan.ids[pickId % a.plan.ids.length];
            const position = positionOf(lineStarts(a.text), def.id.node.span[0]);
            const want = core.renameAt(a, def.id.node.span[0], name);
            const edit = await c.request('textDocument/rename', { textDocument: { uri }, position, newName: name }).catch((e) => ({ error: e.message }));
            if (want.ok) {
              if (edit?.error) fail(`the server refused a rename the engine allows: ${edit.error}`);
              const edits = edit.documentChanges ? edit.documentChanges.flatMap((dc) => dc.edits) : edit.changes[uri];
              if (applyLsp(plan.text, edits) !== applySpans(a.text, want.edits)) fail(`the server's rename of ${def.id.value} to ${name} does not give the engine's text`);
              compared++;
            }
          }
          c.close(uri);
        }),
        params(Math.max(3, Math.ceil(SETTINGS.fixRuns / 5))),
      );
      assert.ok(compared > 0);
      console.log(`    server code actions and renames compared with the engine: ${compared}`);
    });
  });
});
