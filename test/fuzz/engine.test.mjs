// Fuzzing the engine (dist/core.js) with fast-check: mutated samples,
// conformance cases and generated plans go through both the full and the
// incremental engine. Properties: analyze() never throws, ends within a time
// bound, and every finding lies inside the document with UTF-16 columns (LSP's
// convention) and a span that matches its range. Then long random edit
// sequences, one incremental engine kept across each (as the editor keeps
// one), must give the full engine's findings byte for byte after every step.
import assert from 'node:assert/strict';
import {
  analysisProblems,
  brief,
  DEPTH_GUARD,
  essentials,
  fc,
  keep,
  loadCore,
  loadCorpus,
  mutate,
  mutatedPlan,
  nestingDepth,
  params,
  record,
  report,
  SETTINGS,
  treeOf,
  wildText,
} from './support.mjs';

/**
 * Runs analyze, timing it; a throw is turned into a failure that names the input.
 * The incremental engine is told which document the text is, as the editor does,
 * so that it moves its previous tree into the next one.
 */
function timedAnalyze(engine, text, label, input) {
  const t0 = performance.now();
  let a;
  try {
    a = engine.analyze(text, label === 'incremental' ? { document: 'file:///fuzz/edited.plan.yaml' } : {});
  } catch (e) {
    const file = keep(`throws-${label}-${Date.now()}.plan.yaml`, text);
    assert.fail(`${label} engine threw ${e?.stack ?? e}\n  input kept in ${file}\n  ${brief(input)}`);
  }
  const ms = performance.now() - t0;
  return { a, ms };
}

describe('fuzz: engine', function () {
  this.timeout(0); // bounded by the number of runs; each analysis has its own time limit below
  let core;
  let full;
  let incremental;
  /** Inputs on which the two parses gave the same findings but not the same tree (checked by the last test). */
  const treeMismatches = [];
  before(() => {
    core = loadCore();
    full = core.createEngine({ rules: {} }, { incremental: false });
    incremental = core.createEngine({ rules: {} }, { incremental: true });
    loadCorpus();
  });
  after(() => {
    report('engine (mutated plans, full and incremental)');
    report('incremental vs full (edit steps)');
  });

  it('the checks below catch what they are for (a self-test)', () => {
    const text = 'a: 1\r\nb: \u{1F600}\n';
    const at = (line, character) => ({ line, character });
    const fake = (span, range, message = 'A message long enough to read.') => ({ text, lines: { lineCount: 3 }, findings: [{ rule: 'schema', severity: 'error', message, span, range }] });
    assert.deepEqual(analysisProblems(text, fake([9, 11], { start: at(1, 3), end: at(1, 5) })), []);
    const caught = (span, range, message) => analysisProblems(text, fake(span, range, message)).join('\n');
    assert.match(caught([0, 1], { start: at(0, 0), end: at(5, 0) }), /line 5 is outside the document/);
    assert.match(caught([0, 1], { start: at(0, 0), end: at(0, 6) }), /character 6 is past the end of line 0/);
    assert.match(caught([5, 5], { start: at(0, 5), end: at(0, 5) }), /splits a \\r\\n line break/);
    assert.match(caught([10, 10], { start: at(1, 4), end: at(1, 4) }), /splits a surrogate pair/);
    assert.match(caught([0, 1], { start: at(1, 0), end: at(1, 1) }), /but the range says/);
    assert.match(caught([0, 1], { start: at(0, 0), end: at(0, 1) }, 'The value undefined is not allowed.'), /program's insides/);
  });

  it('never throws, ends in time, and every finding lies inside the document in UTF-16 columns', () => {
    fc.assert(
      fc.property(mutatedPlan(5), (input) => {
        fc.pre(nestingDepth(input.text) <= DEPTH_GUARD);
        const results = [];
        for (const [label, engine] of [['full', full], ['incremental', incremental]]) {
          const { a, ms } = timedAnalyze(engine, input.text, label, input);
          record('engine (mutated plans, full and incremental)', ms, `${input.name}, ${input.text.length} chars`);
          if (ms > SETTINGS.timeLimitMs) {
            const file = keep(`slow-${Date.now()}.plan.yaml`, input.text);
            assert.fail(`${label} analysis took ${ms.toFixed(0)} ms (limit ${SETTINGS.timeLimitMs}); input kept in ${file}\n  ${brief(input)}`);
          }
          const problems = analysisProblems(input.text, a);
          if (problems.length) {
            const file = keep(`range-${Date.now()}.plan.yaml`, input.text);
            assert.fail(`${label}: ${problems.slice(0, 5).join('\n  ')}\n  input kept in ${file}\n  ${brief(input)}`);
          }
          results.push(a);
        }
        if (essentials(results[0]) !== essentials(results[1])) {
          const file = keep(`differs-${Date.now()}.plan.yaml`, input.text);
          assert.fail(`incremental and full engines disagree on one text; kept in ${file}\n  ${brief(input)}`);
        }
        if (treeOf(results[0]) !== treeOf(results[1])) treeMismatches.push(input);
      }),
      params(SETTINGS.runs),
    );
  });

  // ---- incremental vs full over edit sequences ----

  const SNIPPETS = ['- ', ': ', '  ', '\n', '\r\n', '#', ' # note ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!str ', '---\n', '\t',
    '    - id: NEW\n      title: New\n', 'after: [I0.1]', 'status: done', '2010/11', '2010-10-01', 'pct-1', '\u{1F600}', '\u05E9\u05DC\u05D5\u05DD', '\u202E'];

  /** One editor operation, as data. */
  const edit = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('type'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: fc.constantFrom(...'abcxyz019 :-_#[]{},./'), minLength: 1, maxLength: 4 })) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace'), at: fc.nat(), length: fc.integer({ min: 0, max: 80 }), text: wildText }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate-line'), at: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('move-lines'), at: fc.nat(), count: fc.integer({ min: 1, max: 25 }), to: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('indent-line'), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('undo'), steps: fc.integer({ min: 1, max: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('paste-block'), from: fc.nat(), count: fc.integer({ min: 1, max: 30 }), at: fc.nat() }) },
  );

  function applyEdit(text, e, history) {
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const lineAt = (n) => lineStarts[n % lineStarts.length];
    const lineEnd = (start) => {
      const nl = text.indexOf('\n', start);
      return nl < 0 ? text.length : nl + 1;
    };
    const at = (n) => n % (text.length + 1);
    switch (e.op) {
      case 'type': {
        const p = at(e.at);
        return text.slice(0, p) + e.text + text.slice(p);
      }
      case 'delete': {
        const p = at(e.at);
        return text.slice(0, p) + text.slice(p + e.length);
      }
      case 'replace': {
        const p = at(e.at);
        return text.slice(0, p) + e.text + text.slice(p + e.length);
      }
      case 'duplicate-line': {
        const s = lineAt(e.at);
        const end = lineEnd(s);
        const line = text.slice(s, end);
        return text.slice(0, end) + (line.endsWith('\n') ? line : '\n' + line) + text.slice(end);
      }
      case 'move-lines': {
        const s = lineAt(e.at);
        let end = s;
        for (let k = 0; k < e.count && end < text.length; k++) end = lineEnd(end);
        const block = text.slice(s, end);
        const rest = text.slice(0, s) + text.slice(end);
        const restStarts = [0];
        for (let i = 0; i < rest.length; i++) if (rest[i] === '\n') restStarts.push(i + 1);
        const to = restStarts[e.to % restStarts.length];
        return rest.slice(0, to) + (block.endsWith('\n') || to === rest.length ? block : block + '\n') + rest.slice(to);
      }
      case 'indent-line': {
        const s = lineAt(e.at);
        if (e.by >= 0) return text.slice(0, s) + ' '.repeat(e.by) + text.slice(s);
        let k = 0;
        while (k < -e.by && text[s + k] === ' ') k++;
        return text.slice(0, s) + text.slice(s + k);
      }
      case 'undo':
        return history[Math.max(0, history.length - 1 - e.steps)] ?? text;
      case 'paste-block': {
        const s = lineAt(e.from);
        let end = s;
        for (let k = 0; k < e.count && end < text.length; k++) end = lineEnd(end);
        const p = lineAt(e.at);
        return text.slice(0, p) + text.slice(s, end) + text.slice(p);
      }
      default:
        throw new Error(e.op);
    }
  }

  it('the incremental engine gives the full engine\'s findings, byte for byte, after every edit', () => {
    const corpus = loadCorpus();
    // Larger plans first: the incremental path only engages on texts of 2 KB or more.
    const big = corpus.map((c, i) => [c, i]).filter(([c]) => c.text.length >= 2048).map(([, i]) => i);
    const perSequence = 20;
    let steps = 0;
    fc.assert(
      fc.property(fc.constantFrom(...big), fc.array(edit, { minLength: 1, maxLength: perSequence }), (base, edits) => {
        const engine = core.createEngine({ rules: {} }, { incremental: true }); // one per sequence, as the editor keeps one per configuration
        let text = corpus[base].text;
        const history = [text];
        const check = (step) => {
          if (nestingDepth(text) > DEPTH_GUARD) return false;
          const want = timedAnalyze(full, text, 'full', { name: corpus[base].name, mutations: edits.slice(0, step), text });
          const got = timedAnalyze(engine, text, 'incremental', { name: corpus[base].name, mutations: edits.slice(0, step), text });
          record('incremental vs full (edit steps)', Math.max(want.ms, got.ms), `${corpus[base].name}, ${text.length} chars`);
          steps++;
          const same = essentials(want.a) === essentials(got.a);
          if (same && treeOf(want.a) !== treeOf(got.a)) treeMismatches.push({ name: corpus[base].name, mutations: edits.slice(0, step), text });
          if (!same) {
            const file = keep(`incremental-${Date.now()}.plan.yaml`, text);
            const before = keep(`incremental-${Date.now()}-previous.plan.yaml`, history[history.length - 2] ?? '');
            const diff = firstDifference(want.a.findings, got.a.findings);
            assert.fail(
              `after edit ${step} of ${edits.length} on ${corpus[base].name}, the incremental engine disagrees with the full engine` +
                `${diff ? `:\n  full:        ${diff[0]}\n  incremental: ${diff[1]}` : ''}\n  text kept in ${file} (the text before the edit in ${before})\n  edits: ${JSON.stringify(edits.slice(0, step))}`,
            );
          }
          if (want.ms > SETTINGS.timeLimitMs || got.ms > SETTINGS.timeLimitMs) assert.fail(`an analysis took ${Math.max(want.ms, got.ms).toFixed(0)} ms after edit ${step}`);
          return true;
        };
        check(0);
        for (let i = 0; i < edits.length; i++) {
          text = applyEdit(text, edits[i], history);
          history.push(text);
          if (!check(i + 1)) break;
        }
      }),
      // About 7 steps per sequence on average (some end early on a too-deep text): enough sequences for SETTINGS.edits steps.
      params(Math.ceil(SETTINGS.edits / 6)),
    );
    assert.ok(steps > 0);
  });

  it('LF, CRLF, lone CR, mixed line endings and a BOM give the same findings', () => {
    fc.assert(
      fc.property(mutatedPlan(4), fc.constantFrom('crlf', 'cr', 'mixed', 'bom', 'bom-crlf'), fc.nat(), (input, style, salt) => {
        // Line breaks inside the text become \n first, so that only the line endings differ.
        const lf = input.text.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n');
        fc.pre(nestingDepth(lf) <= DEPTH_GUARD);
        const other = mutate(lf, { op: 'line-endings', style, salt });
        const t0 = performance.now();
        const want = full.analyze(lf).findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
        const got = full.analyze(other).findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
        record('line endings (pairs of texts)', performance.now() - t0, `${input.name}, ${style}`);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          const d = firstDifference(want, got);
          assert.fail(`${style} differs from LF:\n  LF:     ${d?.[0]}\n  ${style}: ${d?.[1]}\n  LF text kept in ${keep(`endings-${Date.now()}.plan.yaml`, lf)}\n  ${brief(input)}`);
        }
      }),
      params(Math.ceil(SETTINGS.runs / 2)),
    );
    report('line endings (pairs of texts)');
  });

  it('the incremental parse gives the full parse\'s tree, span for span (its stated invariant)', () => {
    if (treeMismatches.length) {
      const m = treeMismatches.sort((a, b) => a.text.length - b.text.length)[0];
      assert.fail(`${treeMismatches.length} inputs gave the same findings but a different tree; the shortest is kept in ${keep(`tree-${Date.now()}.plan.yaml`, m.text)}\n  ${brief(m)}`);
    }
  });
});

function firstDifference(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = JSON.stringify(a[i] ?? null);
    const y = JSON.stringify(b[i] ?? null);
    if (x !== y) return [x, y];
  }
  return undefined;
}
