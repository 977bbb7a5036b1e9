// Writes docs/plan-format.md, the format reference for people who write plans,
// from what the product itself uses: the JSON Schemas in schemas/ (every key,
// its type, whether it is required, what it means), the built engine
// (dist/core.js: the starter plans, the rule catalogue, the national
// milestones, the organisation types), the CLI's own --help, and the
// hand-written prose in scripts/plan-format/ (.qipprc.yaml, the CLI).
// Examples come from the schema descriptions ("for example `...`"), else from
// the realistic sample plan of that kind in samples/.
//   npm run build && node scripts/plan-format-doc.mjs          write docs/plan-format.md
//   node scripts/plan-format-doc.mjs --check                    exit 1 when it is out of date
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/plan-format.md');
const prose = (name) => readFileSync(join(root, 'scripts/plan-format', name), 'utf8').trimEnd();
const corePath = join(root, 'dist/core.js');
const cliPath = join(root, 'dist/cli.js');
if (!existsSync(corePath) || !existsSync(cliPath)) {
  console.error('dist/core.js or dist/cli.js is missing: run `npm run build` first.');
  process.exit(2);
}
const core = createRequire(import.meta.url)(corePath);
const { CATALOGUE, NATIONAL_MILESTONES, PLAN_KINDS, createEngine, hover, starterPlan } = core;

const schemas = Object.fromEntries(PLAN_KINDS.map((k) => [k, JSON.parse(readFileSync(join(root, 'schemas', `${k}.schema.json`), 'utf8'))]));
const samples = {};
for (const f of readdirSync(join(root, 'samples')).sort()) {
  if (!f.endsWith('.plan.yaml') || f.startsWith('with-mistakes')) continue;
  const data = parse(readFileSync(join(root, 'samples', f), 'utf8'));
  if (data && PLAN_KINDS.includes(data.kind)) samples[data.kind] ??= { file: f, data };
}

const oneLine = (s) => String(s ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (v) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
};

// ---- types -------------------------------------------------------------

const FORMATS = {
  date: 'date, `YYYY-MM-DD`',
  'financial-year': 'financial year, `YYYY/YY`',
  'fy-period': 'financial years, `YYYY/YY-YYYY/YY`',
};

function refName(ref) {
  return ref.replace('#/definitions/', '');
}

function isYearly(s) {
  return s && s.type === 'object' && s.propertyNames?.format === 'financial-year';
}

function typeOf(s, ctx) {
  if (!s) return 'anything';
  if (s.$ref) {
    const name = refName(s.$ref);
    return `${name} ([below](#${ctx.anchorOf(name)}))`;
  }
  if (s.const !== undefined) return `exactly ${code(s.const)}`;
  if (s.enum) return `one of ${s.enum.map(code).join(', ')}`;
  const alts = s.oneOf ?? s.anyOf;
  if (alts) return alts.map((a) => typeOf(a, ctx)).join(', or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  if (isYearly(s)) return `money by financial year: \`YYYY/YY: £m\` pairs (${typeOf(s.additionalProperties, ctx)} each)`;
  switch (t) {
    case 'string':
      if (s.format) return FORMATS[s.format] ?? `text (${s.format})`;
      if (s.pattern === '^[A-Za-z][A-Za-z0-9_.-]*$') return 'id: a letter, then letters, digits, `_`, `.` or `-`';
      return 'text';
    case 'number':
    case 'integer': {
      const word = t === 'integer' ? 'whole number' : 'number';
      if (s.minimum !== undefined && s.maximum !== undefined) return `${word}, ${s.minimum} to ${s.maximum}`;
      if (s.minimum !== undefined) return `${word}, ${s.minimum} or more`;
      return word;
    }
    case 'boolean':
      return s.default !== undefined ? `\`true\` or \`false\` (default \`${s.default}\`)` : '`true` or `false`';
    case 'array': {
      const item = s.items?.enum ? `values from ${s.items.enum.map(code).join(', ')}` : typeOf(s.items, ctx);
      return `list of ${item}${s.minItems >= 1 ? ', at least one' : ''}${s.uniqueItems ? ', no repeats' : ''}`;
    }
    case 'object':
      if (s.properties) return ctx.sectionLink ? `mapping ([below](#${ctx.sectionLink}))` : 'mapping';
      if (s.additionalProperties && typeof s.additionalProperties === 'object') return `mapping of ${typeOf(s.additionalProperties, ctx)}`;
      return 'mapping';
    default:
      return t ?? 'anything';
  }
}

// ---- examples ----------------------------------------------------------

/** "for example `x`" (and "`x` or `y`") in a description. */
function exampleIn(description) {
  const m = /for example ((?:`[^`]+`)(?:,? (?:or|and) `[^`]+`)*)/.exec(description ?? '');
  return m ? m[1] : undefined;
}

/** The value at a path (keys; `[]` for "any item of a list") in a sample plan. */
function valueAt(data, path) {
  let here = [data];
  for (const step of path) {
    const next = [];
    for (const v of here) {
      if (step === '[]') {
        if (Array.isArray(v)) next.push(...v);
      } else if (v && typeof v === 'object' && !Array.isArray(v) && step in v) next.push(v[step]);
    }
    here = next;
  }
  return here.find((v) => v !== null && v !== undefined);
}

function exampleFromSample(kind, path) {
  const sample = samples[kind];
  if (!sample) return undefined;
  const v = valueAt(sample.data, path);
  if (v === undefined) return undefined;
  if (v instanceof Date) return code(v.toISOString().slice(0, 10));
  if (typeof v !== 'object') return code(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) {
    const s = `[${v.join(', ')}]`;
    return s.length <= 60 ? code(s) : undefined;
  }
  return undefined;
}

// ---- tables ------------------------------------------------------------

const anchor = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function table(kind, s, path, ctx, label) {
  const req = new Set(s.required ?? []);
  const rows = ['| key | type | required | meaning | example |', '|---|---|---|---|---|'];
  const nested = [];
  for (const [key, p] of Object.entries(s.properties ?? {})) {
    const inner = p.type === 'array' ? p.items : p;
    let sectionLink;
    if (inner && !inner.$ref && inner.type === 'object' && inner.properties) {
      const childLabel = `${label ? `${label}.` : ''}${key}${p.type === 'array' ? '[]' : ''}`;
      sectionLink = anchor(`${kind}-${childLabel}`);
      nested.push({ key, schema: inner, label: childLabel, path: [...path, key, ...(p.type === 'array' ? ['[]'] : [])], anchorId: sectionLink, list: p });
    }
    const type = typeOf(p, { ...ctx, sectionLink });
    const example = exampleIn(p.description) ?? (p.type === 'array' ? exampleIn(p.items?.description) : undefined) ?? exampleFromSample(kind, [...path, key]) ?? '';
    rows.push(`| \`${key}\` | ${oneLine(type)} | ${req.has(key) ? 'yes' : 'no'} | ${oneLine(p.description)} | ${oneLine(example)} |`);
  }
  return { rows, nested };
}

function objectSection(kind, s, path, ctx, label, heading, anchorId, intro) {
  const lines = [`<a id="${anchorId}"></a>`, '', `${heading} ${label ? `\`${label}\`` : 'Top level'}`, ''];
  if (intro) lines.push(oneLine(intro).replace(/\\\|/g, '|'), '');
  const { rows, nested } = table(kind, s, path, ctx, label);
  lines.push(...rows, '');
  for (const n of nested) {
    lines.push(...objectSection(kind, n.schema, n.path, ctx, n.label, heading, n.anchorId, n.schema.description ?? n.list.description));
  }
  return lines;
}

// ---- organisation types ------------------------------------------------

function organisationTypes() {
  const org = schemas['qipp-reform-plan'].definitions.organisation.properties.type;
  const engine = createEngine({ rules: {} });
  return org.enum.map((type) => {
    const text = `kind: qipp-reform-plan\norganisations:\n  - {id: o, name: O, type: ${type}}\n`;
    const h = hover(engine.analyze(text), text.indexOf(`type: ${type}`) + 7);
    const note = /^\*\*`[^`]+`\*\*: (.*)$/m.exec(h?.markdown ?? '')?.[1] ?? '';
    const [what, side] = note.split('; ');
    return { type, what: what ?? '', side: (side ?? '').replace(/ side$/, '') };
  });
}

// ---- the page ----------------------------------------------------------

const KIND_TITLES = Object.fromEntries(PLAN_KINDS.map((k) => [k, schemas[k].title]));
const lines = [
  '# Plan format',
  '',
  '<!-- Generated by `node scripts/plan-format-doc.mjs` from schemas/, the rule catalogue, the national milestones and the CLI; do not edit by hand (the prose is in scripts/plan-format/). -->',
  '',
  'A plan is one YAML file, named `*.plan.yaml` (or `*.plan.yml`), whose top-level `kind:` says which of four kinds of plan it is. This page lists every key of every kind: its type, whether it is required, what it means and an example. The same descriptions appear on hover in the editor, and the same rules are checked by the editor and by `qipp validate`.',
  '',
  '- [Kinds of plan](#kinds-of-plan)',
  '- [Writing values](#writing-values)',
  '- [Organisation types and sides](#organisation-types-and-sides)',
  ...PLAN_KINDS.map((k) => `- [\`${k}\`: ${KIND_TITLES[k]}](#${k})`),
  '- [National milestones](#national-milestones)',
  '- [Rules](#rules)',
  '- [Configuration: `.qipprc.yaml`](#configuration-qipprcyaml)',
  '- [Command line](#command-line)',
  '',
  '## Kinds of plan',
  '',
  '| kind | what it is | required sections | a starting point |',
  '|---|---|---|---|',
];
const HEADER_KEYS = new Set(['kind', 'schema_version', 'title', 'organisation', 'period', 'as_of', 'status', 'version', 'organisations', 'national_timeline']);
for (const k of PLAN_KINDS) {
  const s = schemas[k];
  const sections = s.required.filter((r) => !HEADER_KEYS.has(r)).map((r) => `\`${r}\``).join(', ');
  lines.push(`| [\`${k}\`](#${k}) | ${oneLine(s.description.split(/(?<=\.) (?=[A-Z])/)[0])} | ${sections} | \`qipp init --kind ${k}\`${samples[k] ? `, or \`samples/${samples[k].file}\`` : ''} |`);
}
lines.push('', prose('values.md'), '');

lines.push('## Organisation types and sides', '');
lines.push(
  'Every organisation a plan names has a `type`. The type gives its side of the commissioner/provider split, which is checked against the initiatives it leads (`split-lead-side`, `split-dual-role`); give `side:` on the organisation only when the side from its type is wrong for it. Neutral organisations never conflict with either side. PCTs and SHAs cease (see `pcts-cease` and `shas-cease` below), so they cannot own milestones due from then on; any organisation can be given its own `ceases:` date.',
  '',
  '| type | what it is | side |',
  '|---|---|---|',
  ...organisationTypes().map((o) => `| \`${o.type}\` | ${oneLine(o.what)} | ${o.side} |`),
  '',
);

const rendered = new Map(); // JSON of a definition -> its anchor, so identical definitions are listed once
for (const kind of PLAN_KINDS) {
  const s = schemas[kind];
  const defs = s.definitions ?? {};
  const defAnchors = {};
  for (const [name, d] of Object.entries(defs)) {
    const key = JSON.stringify(d);
    defAnchors[name] = rendered.get(key)?.id ?? anchor(`${kind}-${name}`);
  }
  const ctx = { anchorOf: (name) => defAnchors[name] ?? anchor(`${kind}-${name}`) };
  lines.push(`<a id="${kind}"></a>`, '', `## \`${kind}\`: ${KIND_TITLES[kind]}`, '', oneLine(s.description).replace(/\\\|/g, '|'), '');
  lines.push(`A new plan of this kind (\`qipp init --kind ${kind}\`, or **QIPP: New Plan…** in VS Code) starts as:`, '', '```yaml', starterPlan(kind).trimEnd(), '```', '');
  lines.push(...objectSection(kind, s, [], ctx, '', '###', anchor(`${kind}-top-level`)));
  for (const [name, d] of Object.entries(defs)) {
    const key = JSON.stringify(d);
    const usedAt = usesOf(s, name).map((p) => `\`${p.join('.').replace(/\.\[\]/g, '[]')}\``).join(', ');
    if (rendered.has(key)) {
      const first = rendered.get(key);
      lines.push(`### \`${name}\``, '', `Each item of ${usedAt}: the same as in [\`${first.kind}\`](#${first.id}).`, '');
      continue;
    }
    const id = anchor(`${kind}-${name}`);
    rendered.set(key, { id, kind });
    const where = samplePathOf(s, name);
    lines.push(...objectSection(kind, d, where, ctx, name, '###', id, `Each item of ${usedAt}. ${d.description ?? ''}`));
  }
}

/** Every place a definition is used, as paths (`[]` for list items); uses inside other definitions are given from their own first use. */
function usesOf(s, name) {
  const target = `#/definitions/${name}`;
  const found = [];
  const search = (node, path, out) => {
    if (!node || typeof node !== 'object') return;
    if (node.$ref === target) out.push(path);
    if (node.properties) for (const [k, v] of Object.entries(node.properties)) search(v, [...path, k], out);
    if (node.items) search(node.items, [...path, '[]'], out);
  };
  search(s, [], found);
  for (const [other, d] of Object.entries(s.definitions ?? {})) {
    if (other === name) continue;
    const inner = [];
    search(d, [], inner);
    if (inner.length) for (const outer of usesOf(s, other)) for (const i of inner) found.push([...outer, ...i]);
  }
  return found;
}

/** Where a definition is used, as a path into a plan, so that examples can come from the sample. */
function samplePathOf(s, name) {
  const target = `#/definitions/${name}`;
  const search = (node, path) => {
    if (!node || typeof node !== 'object') return undefined;
    if (node.$ref === target) return path;
    if (node.properties) for (const [k, v] of Object.entries(node.properties)) {
      const r = search(v, [...path, k]);
      if (r) return r;
    }
    if (node.items) return search(node.items, [...path, '[]']);
    return undefined;
  };
  const direct = search(s, []);
  if (direct) return direct;
  for (const [other, d] of Object.entries(s.definitions ?? {})) {
    if (other === name) continue;
    const inner = search(d, []);
    if (inner) {
      const outer = samplePathOf(s, other);
      if (outer) return [...outer, ...inner];
    }
  }
  return [];
}

lines.push(
  '## National milestones',
  '',
  'Built in, from the national letters. A milestone `delivers:` one of them by its id, and must be due by its deadline (`national-deadline`); for `not-before` milestones it may not be due earlier. A plan can replace the table with `national_timeline:`, and the configuration with `national_timeline` (see below).',
  '',
  '| id | what | deadline | direction | source |',
  '|---|---|---|---|---|',
  ...NATIONAL_MILESTONES.map((m) => `| \`${m.id}\` | ${oneLine(m.title)} | ${m.deadline} | ${m.direction} | ${oneLine(m.source)} |`),
  '',
  '## Rules',
  '',
  'Every finding names one of these rules. Each rule, what it checks and why, is in [rules.md](rules.md); set a rule\'s severity in `.qipprc.yaml`.',
  '',
  '| rule | default | checks |',
  '|---|---|---|',
  ...CATALOGUE.map((r) => `| [\`${r.id}\`](rules.md#${r.id}) | ${r.defaultSeverity} | ${oneLine(r.summary)} |`),
  '',
  prose('configuration.md'),
  '',
  prose('cli.md'),
  '',
);
for (const command of ['', 'validate', 'diff', 'init', 'preview', 'lsp']) {
  const r = spawnSync(process.execPath, [cliPath, ...(command ? [command] : []), '--help'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`qipp ${command} --help failed: ${r.stderr}`);
  lines.push(`### \`qipp${command ? ` ${command}` : ''} --help\``, '', '```text', r.stdout.trimEnd(), '```', '');
}
const text = `${lines.join('\n').trimEnd()}\n`;

if (process.argv.includes('--check')) {
  let now = '';
  try {
    now = readFileSync(out, 'utf8');
  } catch {}
  if (now !== text) {
    console.error('docs/plan-format.md is out of date: run `npm run build && node scripts/plan-format-doc.mjs`.');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
