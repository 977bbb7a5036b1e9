// Fuzzing the running language server (dist/server.js over stdio) as an
// editor drives it: open a mutated plan, then random edits (ranged changes
// and whole-text replacements). Properties: after each input the server
// answers the next request; diagnostics are never published for a version
// older than one already published, nor for a version never sent; every
// range lies inside the text of its version (UTF-16 columns); the final
// diagnostics are the engine's findings for the final text; and the server
// logs no failure and stays up. Waits on messages only, never on time.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, uriOf } from '../lsp/client.mjs';
import { skipOutsideCi } from '../support/skip.mjs';
import { DEPTH_GUARD, fc, keep, lineLengths, lineStarts, loadCore, mutatedPlan, nestingDepth, params, positionOf, rangeProblems, record, report, SERVER, SETTINGS, wildText } from './support.mjs';

/** How long one answer may take before the server counts as frozen. */
const ANSWER_LIMIT_MS = Math.max(15_000, SETTINGS.timeLimitMs * 3);

function within(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms: the server looks frozen`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A change to the current text, as LSP content changes. */
const change = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('ranged'), at: fc.nat(), length: fc.integer({ min: 0, max: 60 }), text: fc.oneof(wildText, fc.constantFrom('\n', ': ', '- ', '  ', '#', '[', '}')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('full'), plan: mutatedPlan(3) }) },
);
const request = fc.record({ method: fc.constantFrom('textDocument/documentSymbol', 'textDocument/hover', 'textDocument/foldingRange', 'textDocument/completion', 'textDocument/definition', 'textDocument/codeAction'), at: fc.nat() });

describe('fuzz: language server', function () {
  this.timeout(0);
  let c;
  let dir;
  let core;
  let engine;
  let docs = 0;
  before(async function () {
    if (!existsSync(SERVER)) skipOutsideCi(this, 'dist/server.js is not built (`npm run build`), so the server fuzz cannot run');
    core = loadCore();
    engine = core.createEngine({ rules: {} });
    dir = mkdtempSync(join(tmpdir(), 'qipp-fuzz-server-'));
    c = new Client();
    await within(c.initialize({ rootPath: dir }), ANSWER_LIMIT_MS, 'initialize');
  });
  after(async () => {
    if (c) await c.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    report('language server (texts sent)');
  });

  it('answers after every input, publishes only current versions, and agrees with the engine', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedPlan(4), fc.array(fc.tuple(change, request), { minLength: 1, maxLength: 6 }), async (opening, steps) => {
        fc.pre(nestingDepth(opening.text) <= DEPTH_GUARD);
        const uri = uriOf(join(dir, `doc-${++docs}.plan.yaml`));
        const texts = new Map();
        let text = opening.text;
        let version = 1;
        texts.set(version, text);
        const fail = (message) => assert.fail(`${message}\n  texts kept in ${[...texts.values()].map((t, i) => keep(`server-${docs}-v${i + 1}.plan.yaml`, t)).join(', ')}`);
        c.open(uri, text, version);
        for (const [ch, req] of steps) {
          let contentChanges;
          if (ch.kind === 'full') {
            if (nestingDepth(ch.plan.text) > DEPTH_GUARD) continue;
            text = ch.plan.text;
            contentChanges = [{ text }];
          } else {
            const starts = lineStarts(text);
            const s = ch.at % (text.length + 1);
            let e = Math.min(text.length, s + ch.length);
            // LSP positions cannot point between \r and \n; an editor never sends one.
            const snap = (o) => (o > 0 && text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o);
            const [a, b] = [snap(s), snap(e)];
            const next = text.slice(0, a) + ch.text + text.slice(b);
            if (nestingDepth(next) > DEPTH_GUARD) continue;
            contentChanges = [{ range: { start: positionOf(starts, a), end: positionOf(starts, b) }, text: ch.text }];
            text = next;
          }
          version++;
          texts.set(version, text);
          c.change(uri, version, contentChanges);
          const starts = lineStarts(text);
          const position = positionOf(starts, req.at % (text.length + 1));
          const params =
            req.method === 'textDocument/documentSymbol' || req.method === 'textDocument/foldingRange'
              ? { textDocument: { uri } }
              : req.method === 'textDocument/codeAction'
                ? { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }
                : { textDocument: { uri }, position };
          const t0 = performance.now();
          try {
            await within(c.request(req.method, params), ANSWER_LIMIT_MS, `${req.method} after version ${version}`);
          } catch (e) {
            fail(`${req.method} after version ${version} failed: ${e.message}`);
          }
          record('language server (texts sent)', performance.now() - t0, `${req.method}, ${text.length} chars`);
        }
        const final = await within(c.diagnosticsFor(uri, version), ANSWER_LIMIT_MS, `the diagnostics of version ${version}`).catch((e) => fail(e.message));

        // Versions: never older than one already published, and only versions that were sent.
        const published = c.diagnostics.get(uri) ?? [];
        let newest = 0;
        for (const p of published) {
          if (!texts.has(p.version)) fail(`diagnostics for version ${p.version}, which was never sent`);
          if (p.version < newest) fail(`diagnostics for version ${p.version} after those of version ${newest}`);
          newest = p.version;
          const t = texts.get(p.version);
          const starts = lineStarts(t);
          const lengths = lineLengths(t, starts);
          for (const d of p.diagnostics) {
            const problems = rangeProblems(d.range, starts, lengths);
            if (problems.length) fail(`version ${p.version}, ${d.code}: ${problems.join('; ')}`);
          }
        }
        // The editor and the CLI give the same diagnostics for the same text.
        const want = engine.analyze(text).findings.map((f) => ({ code: f.rule, message: f.message, range: f.range }));
        const got = final.map((d) => ({ code: d.code, message: d.message, range: d.range }));
        try {
          assert.deepEqual(got, want);
        } catch {
          fail(`the server's diagnostics for version ${version} differ from the engine's findings`);
        }
        c.close(uri);
        const failures = c.messages.filter((m) => m.type === 1);
        if (failures.length) fail(`the server logged a failure: ${failures[0].message.slice(0, 600)}`);
      }),
      params(SETTINGS.serverRuns),
    );
    assert.equal(c.child.exitCode, null, `the server exited: ${c.stderr}`);
  });
});
