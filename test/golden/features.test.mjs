// Golden tests of completion and hover: each plan in test/golden/features/
// holds one cursor marker (‸); the core's complete() or hover() at that place
// must give what the file beside it says. `complete-<name>.plan.yaml` pairs
// with `complete-<name>.expected.json` (the items a person sees: label, kind,
// detail, and the text inserted when it is not the label), `hover-<name>.plan.yaml`
// with `hover-<name>.expected.md` (the hover text, and the words it highlights).
// `UPDATE=1 npm test` rewrites the expected files (refused on CI); review them
// by eye before committing: they are the review.
import { updateMode } from '../support/update-mode.mjs';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contextFor, loadCore, ROOT } from './support.mjs';

const DIR = join(ROOT, 'test/golden/features');
const MARKER = '‸';
const UPDATE = updateMode();


/** The fixture's text without its marker, and the marker's offset; one marker exactly. */
function readFixture(file) {
  const marked = readFileSync(file, 'utf8');
  const at = marked.indexOf(MARKER);
  assert.ok(at >= 0, `${relative(ROOT, file)} has no cursor marker ${MARKER}`);
  assert.equal(marked.indexOf(MARKER, at + 1), -1, `${relative(ROOT, file)} has more than one cursor marker ${MARKER}`);
  return { text: marked.slice(0, at) + marked.slice(at + MARKER.length), offset: at };
}

/** What a person sees of each completion item, in the order an editor lists them (by sortText, else label). */
function shownCompletions(entries, text) {
  const order = (e) => e.sortText ?? e.label;
  const sorted = [...entries].sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
  return sorted.map((e) => ({
    label: e.label,
    kind: e.kind,
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
    // A whole starter plan (the kind picker) is pinned by the starter plan tests, not here.
    ...(e.insert !== e.label && e.kind !== 'plan' ? { insert: e.insert } : {}),
    ...(e.span[1] > e.span[0] ? { replaces: text.slice(e.span[0], e.span[1]) } : {}),
  }));
}

function shownHover(h, text) {
  if (!h) return '<!-- no hover here -->\n';
  return `<!-- highlights: ${JSON.stringify(text.slice(h.span[0], h.span[1]))} -->\n\n${h.markdown}\n`;
}

function check(file, actual) {
  const name = relative(ROOT, file);
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no expected file ${name}: run \`UPDATE=1 npm test\` and review the new file`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs (run \`UPDATE=1 npm test\` if the change is intended, and review the diff)`);
}

describe('completion and hover: golden fixtures', () => {
  const core = loadCore();
  const engine = core.createEngine({ rules: core.defaultRules() });
  const plans = readdirSync(DIR)
    .filter((n) => n.endsWith('.plan.yaml'))
    .sort();

  it('has a fixture for each feature, and an expected file for each fixture', () => {
    assert.ok(plans.filter((n) => n.startsWith('complete-')).length >= 10, 'completion fixtures');
    assert.ok(plans.filter((n) => n.startsWith('hover-')).length >= 5, 'hover fixtures');
    for (const n of plans) assert.match(n, /^(complete|hover)-[a-z0-9-]+\.plan\.yaml$/, `${n}: name it complete-<name> or hover-<name>`);
    if (UPDATE) return;
    const expected = readdirSync(DIR).filter((n) => /\.expected\.(json|md)$/.test(n));
    const wanted = plans.map((n) => n.replace(/\.plan\.yaml$/, n.startsWith('complete-') ? '.expected.json' : '.expected.md'));
    assert.deepEqual(expected.sort(), wanted.sort(), 'expected files without a fixture, or fixtures without an expected file');
  });

  for (const n of plans) {
    const file = join(DIR, n);
    if (n.startsWith('complete-')) {
      it(`${n}: completion as expected`, () => {
        const { text, offset } = readFixture(file);
        const a = engine.analyze(text, contextFor(file));
        const actual = JSON.stringify(shownCompletions(core.complete(a, offset), a.text), null, 2) + '\n';
        check(file.replace(/\.plan\.yaml$/, '.expected.json'), actual);
      });
    } else if (n.startsWith('hover-')) {
      it(`${n}: hover as expected`, () => {
        const { text, offset } = readFixture(file);
        const a = engine.analyze(text, contextFor(file));
        check(file.replace(/\.plan\.yaml$/, '.expected.md'), shownHover(core.hover(a, offset), a.text));
      });
    }
  }
});
