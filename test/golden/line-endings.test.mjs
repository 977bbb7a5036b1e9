// Line endings and byte-order marks must not change what the engine reports:
// for every golden fixture and conformance case, the LF text, a CRLF copy, a
// BOM-prefixed copy and a BOM + CRLF copy give identical findings (rule,
// severity, message, range). LSP counts \r\n as one line break and editors
// drop a leading BOM, so lines and characters are the same in all four.
//
// Needs `npm run build` first (it loads dist/core.js).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { skipOutsideCi } from '../support/skip.mjs';
import { CASES, contextFor, FIXTURES, loadCore, walk } from './support.mjs';




const essentials = (findings) => findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
const brief = (f) => (f ? `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} [${f.severity}] ${f.message}` : '(none)');

function lineEndingSuite(root) {
  let engine;
  before(() => {
    engine = loadCore().createEngine({ rules: {} });
  });
  for (const file of walk(root)) {
    const name = relative(root, file);
    it(name, () => {
      const lf = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      const variants = { CRLF: crlf, 'BOM + LF': '\uFEFF' + lf, 'BOM + CRLF': '\uFEFF' + crlf };
      const ctx = contextFor(file);
      const want = essentials(engine.analyze(lf, ctx).findings);
      const differences = [];
      for (const [label, text] of Object.entries(variants)) {
        const got = essentials(engine.analyze(text, ctx).findings);
        try {
          assert.deepStrictEqual(got, want);
        } catch {
          const lines = [`${label} differs from LF:`];
          for (let i = 0; i < Math.max(got.length, want.length); i++) {
            if (JSON.stringify(got[i]) !== JSON.stringify(want[i])) lines.push(`  #${i + 1} LF:    ${brief(want[i])}`, `  #${i + 1} ${label}: ${brief(got[i])}`);
          }
          differences.push(lines.join('\n'));
        }
      }
      if (differences.length) assert.fail(`${name}\n${differences.join('\n')}`);
    });
  }
}

describe('line endings and BOM: golden rule fixtures', () => {
  if (!existsSync(FIXTURES)) {
    it('the golden rule fixtures are there', () => assert.fail(`there are no fixtures at ${FIXTURES}`));
    return;
  }
  lineEndingSuite(FIXTURES);
});

describe('line endings and BOM: shared conformance cases', () => {
  if (!existsSync(CASES)) {
    it('the shared conformance cases are there', function () {
      skipOutsideCi(this, `there are no conformance cases at ${CASES}`);
    });
    return;
  }
  lineEndingSuite(CASES);
});
