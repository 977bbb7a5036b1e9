// What a user reads stands alone: the format reference is current, nothing a
// user reads or runs points into the team's ../shared folder (users do not
// have it), and every relative link in the user's documents lands on a file
// (and a heading) that exists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/cli.js');
const read = (f) => readFileSync(join(ROOT, f), 'utf8');

/** Markdown a user reads: the README (the extension's page too), the changelog, security, docs/ and the samples' README. */
function userDocs() {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', 'CHANGELOG.md', 'SECURITY.md', 'samples/README.md', ...docs].filter((f) => existsSync(join(ROOT, f)));
}

/** Every string a user sees that is not a Markdown file: package.json's texts, schema descriptions, hook and Action texts, --help. */
function userTexts() {
  const out = [];
  const pkg = JSON.parse(read('package.json'));
  const walk = (v, where) => {
    if (typeof v === 'string') out.push([where, v]);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
  };
  // Everything but scripts and dependencies (scripts are for developers; `npm run conformance` may use ../shared).
  for (const [k, v] of Object.entries(pkg)) if (!/scripts|dependencies/i.test(k)) walk(v, `package.json ${k}`);
  for (const f of readdirSync(join(ROOT, 'schemas'))) walk(JSON.parse(read(`schemas/${f}`)), `schemas/${f}`);
  for (const f of ['action.yml', '.pre-commit-hooks.yaml']) if (existsSync(join(ROOT, f))) walk(parse(read(f)), f);
  for (const args of [['--help'], ['validate', '--help'], ['init', '--help'], ['preview', '--help'], ['lsp', '--help'], ['--version']]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    out.push([`qipp ${args.join(' ')}`, r.stdout + r.stderr]);
  }
  return out;
}

const SHARED = /(\.\.\/)?\bshared\/(spec|bench|conformance|guide|hooks)?/;

describe('what users read', () => {
  it('docs/plan-format.md is generated from the current schemas, rules, timeline and help', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/plan-format-doc.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('docs/plan-format.md covers every kind, every top-level key, every organisation type and every national milestone', () => {
    const doc = read('docs/plan-format.md');
    const { NATIONAL_MILESTONES, PLAN_KINDS } = JSON.parse(spawnSync(process.execPath, ['-e', `const c=require(${JSON.stringify(join(ROOT, 'dist/core.js'))});console.log(JSON.stringify({NATIONAL_MILESTONES:c.NATIONAL_MILESTONES,PLAN_KINDS:c.PLAN_KINDS}))`], { encoding: 'utf8' }).stdout);
    for (const kind of PLAN_KINDS) {
      assert.match(doc, new RegExp(`^## \`${kind}\``, 'm'));
      const schema = JSON.parse(read(`schemas/${kind}.schema.json`));
      for (const key of Object.keys(schema.properties)) assert.ok(doc.includes(`| \`${key}\` |`), `${kind}: ${key}`);
      for (const type of schema.definitions.organisation.properties.type.enum) assert.ok(doc.includes(`| \`${type}\` |`), type);
    }
    for (const m of NATIONAL_MILESTONES) assert.ok(doc.includes(`| \`${m.id}\` | `) && doc.includes(m.deadline), m.id);
  });

  it('no user-facing file or text mentions ../shared or shared/', () => {
    const hits = [];
    for (const f of userDocs()) read(f).split('\n').forEach((line, i) => SHARED.test(line) && hits.push(`${f}:${i + 1}: ${line.trim()}`));
    for (const [where, text] of userTexts()) if (SHARED.test(text)) hits.push(`${where}: ${text.match(/.{0,40}shared\/.{0,40}/)[0]}`);
    assert.deepEqual(hits, []);
  });

  it('the README\'s pictures are each under 200 kB', () => {
    for (const f of readdirSync(join(ROOT, 'images')).filter((f) => /\.(png|jpe?g|gif|webp)$/.test(f))) {
      assert.ok(statSync(join(ROOT, 'images', f)).size < 200 * 1024, `images/${f} is ${statSync(join(ROOT, 'images', f)).size} bytes`);
    }
  });

  it('every relative link in them resolves to a file, and every #anchor to a heading or id', () => {
    const anchorsOf = (file) => {
      const text = readFileSync(file, 'utf8');
      const ids = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
      const seen = new Map();
      for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
        // GitHub's rule: lower case, drop punctuation but - and _, spaces to -; repeats get -1, -2...
        const base = m[1].toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        ids.add(n ? `${base}-${n}` : base);
      }
      return ids;
    };
    const broken = [];
    for (const f of userDocs()) {
      const text = read(f).replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1];
        if (/^[a-z]+:/.test(link)) continue; // https:, mailto:
        const [path, hash] = link.split('#');
        const target = path ? resolve(dirname(join(ROOT, f)), path) : join(ROOT, f);
        if (!existsSync(target)) broken.push(`${f}: ${link} (no such file)`);
        else if (relative(ROOT, target).startsWith('..')) broken.push(`${f}: ${link} (outside the repository)`);
        else if (hash && target.endsWith('.md') && !anchorsOf(target).has(hash)) broken.push(`${f}: ${link} (no such heading)`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
