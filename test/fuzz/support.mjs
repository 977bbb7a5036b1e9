// Shared pieces of the fuzz and hostile-input suites: the run settings, the
// corpus of plans, fast-check arbitraries that mutate them, and the checks
// every finding must pass (inside the document, UTF-16 columns as LSP counts).
//
// `npm test` runs short, fixed-seed runs; `npm run fuzz` sets QIPP_FUZZ=long.
// Environment (all optional):
//   QIPP_FUZZ=long          long run (the defaults below in the right column)
//   QIPP_FUZZ_SEED=N        seed (short: fixed; long: a new one each run, printed)
//   QIPP_FUZZ_RUNS=N        engine inputs per property (short 60, long 10,000)
//   QIPP_FUZZ_EDITS=N       incremental-vs-full edit steps (short 160, long 10,000)
//   QIPP_FUZZ_CLI_RUNS=N    CLI invocations, 4 files each (short 3, long 150)
//   QIPP_FUZZ_SERVER_RUNS=N documents driven through the server (short 4, long 300)
//   QIPP_FUZZ_FIX_RUNS=N    plans whose quick fixes and renames are applied (short 15, long 1,500)
//   QIPP_FUZZ_TIME_LIMIT_MS one analysis must end within this (short 5,000, long 10,000: long lines are longer)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export { fc };
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORE = join(ROOT, 'dist/core.js');
export const CLI = join(ROOT, 'dist/cli.js');
export const SERVER = join(ROOT, 'dist/server.js');
export const SHARED = resolve(ROOT, '../shared');
export const GEN_PLAN = join(SHARED, 'bench/gen-plan.mjs');
export const FAILURES = join(ROOT, 'test-output/fuzz');

export const LONG = process.env.QIPP_FUZZ === 'long';
const envNumber = (name, short, long) => {
  const v = process.env[name];
  if (v !== undefined && v !== '') {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, not "${v}"`);
    return Math.floor(n);
  }
  return LONG ? long : short;
};

export const SETTINGS = {
  seed: envNumber('QIPP_FUZZ_SEED', 20100701, Date.now() % 2 ** 31),
  runs: envNumber('QIPP_FUZZ_RUNS', 60, 10_000),
  edits: envNumber('QIPP_FUZZ_EDITS', 160, 10_000),
  cliRuns: envNumber('QIPP_FUZZ_CLI_RUNS', 3, 150),
  serverRuns: envNumber('QIPP_FUZZ_SERVER_RUNS', 4, 300),
  fixRuns: envNumber('QIPP_FUZZ_FIX_RUNS', 15, 1_500),
  timeLimitMs: envNumber('QIPP_FUZZ_TIME_LIMIT_MS', 5_000, 10_000),
};

/** fast-check parameters: the run's seed, and no shrinking budget wasted on huge inputs. */
export function params(numRuns, extra = {}) {
  return { seed: SETTINGS.seed, numRuns: Math.max(1, numRuns), endOnFailure: false, ...extra };
}

let core;
/** The engine bundle (dist/core.js). */
export function loadCore() {
  if (!existsSync(CORE)) throw new Error(`${relative(ROOT, CORE)} is missing: run \`npm run build\` first`);
  core ??= createRequire(import.meta.url)(CORE);
  return core;
}

// ---------------------------------------------------------------------------
// Statistics: how many inputs each suite ran and the longest single run.

const stats = new Map();
/** Records one input of a suite and how long it took. */
export function record(suite, ms, what = '') {
  const s = stats.get(suite) ?? { inputs: 0, longest: 0, what: '' };
  s.inputs++;
  if (ms > s.longest) {
    s.longest = ms;
    s.what = what;
  }
  stats.set(suite, s);
}

/** Prints one line per suite, for the log and the closing note of the issue. */
export function report(suite) {
  const s = stats.get(suite);
  if (!s) return;
  const line = `    fuzz ${suite}: ${s.inputs} inputs, longest ${s.longest.toFixed(0)} ms${s.what ? ` (${s.what})` : ''}, seed ${SETTINGS.seed}`;
  console.log(line);
  if (process.env.QIPP_FUZZ_STATS) writeFileSync(process.env.QIPP_FUZZ_STATS, JSON.stringify({ suite, ...s, seed: SETTINGS.seed }) + '\n', { flag: 'a' });
}

/**
 * Keeps a failing input where a person can open it (test-output is not
 * committed), and beside it a .json holding the exact string: lone surrogates
 * do not survive a UTF-8 file.
 */
export function keep(name, content) {
  mkdirSync(FAILURES, { recursive: true });
  const file = join(FAILURES, name);
  writeFileSync(file, content);
  if (typeof content === 'string') writeFileSync(file + '.json', JSON.stringify(content));
  return relative(ROOT, file);
}

// ---------------------------------------------------------------------------
// The corpus: the samples, the shared conformance cases and generated plans.

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(name) ? [p] : [];
    });
}

/** `node gen-plan.mjs N SEED`: a realistic qipp-reform-plan with N initiatives. */
export function genPlan(n, seed) {
  return execFileSync(process.execPath, [GEN_PLAN, String(n), String(seed)], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

let corpus;
/** Every base text the mutations start from: [{name, text}], fixed order. */
export function loadCorpus() {
  if (corpus) return corpus;
  const files = [...walk(join(ROOT, 'samples')).filter((f) => /\.plan\.ya?ml$/.test(f)), ...walk(join(SHARED, 'conformance/cases'))];
  corpus = files.map((f) => ({ name: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
  for (const [n, seed] of [[1, 3], [4, 11], [12, 7], [30, 5]]) corpus.push({ name: `gen-plan ${n} ${seed}`, text: genPlan(n, seed) });
  return corpus;
}

// ---------------------------------------------------------------------------
// Arbitraries.

const KEYS = [
  'kind', 'schema_version', 'title', 'organisation', 'organisations', 'period', 'as_of', 'status', 'risks', 'finance',
  'commissioning', 'provision', 'enabling', 'initiatives', 'aims', 'id', 'side', 'lead', 'owner', 'after', 'depends_on',
  'milestones', 'due', 'done_on', 'delivers', 'pillars', 'level', 'savings_gbp_m', 'efficiency_target_gbp_m', 'type',
  'affects', 'likelihood', 'impact', 'mitigation', 'national_timeline', 'engagement', 'staff', 'partners', 'public',
  'clinical_lead', 'rationale', 'quality_impact', 'recurrent', '2010/11', '2010/12', '2011-12', 'x', '<script>',
];
const VALUES = [
  'qipp-reform-plan', 'qipp-plan', 'provider-plan', 'improvement-plan', 'qipp-reform-pla', '1', '0', '-1', '1e309', '.nan',
  '0x1F', '2010/11', '2010/12', '2010/11-2013/14', '2010-10-01', '2010-13-45', '2012-04-01', 'null', '~', 'true', 'no',
  'sha-north', 'pct-0', 'I0', 'I0.1', 'commissioner', 'provider', 'joint', 'done', 'late', '[]', '{}', '[a, b, [c]]',
  '{a: 1, b: [2, 3]}', '"quoted \\" \\u263A"', "'single ''quoted'''", '|\n  block\n  text', '>-\n  folded', '&anchor value',
  '*anchor', '!!str 12', '!!binary aGVsbG8=', '!custom x', '? complex', '- item', '"unterminated', '[unclosed', '{a: ',
  '# comment', 'https://example.org/a?b=c', 'javascript:alert(1)', '<img src=x onerror=alert(1)>',
];
/** Characters that stress columns, direction and encodings. */
const SPECIAL = [
  '\u{1F600}', '\u{1F469}\u200D\u{1F4BB}', '\u{20000}', '\u{10FFFF}', '\u05E9\u05DC\u05D5\u05DD', '\u0645\u0631\u062D\u0628\u0627',
  '\u202E', '\u202D', '\u2066', '\u200F', '\u0301', '\u00A0', '\u2028', '\u2029', '\u0085', '\uFEFF', '\uFFFD', '\t', '\r',
  '\r\n', '\n', '\0', '\u0007', '\uD800', '\uDFFF', 'é', 'ß', '\u0130',
];

const pick = (xs) => fc.constantFrom(...xs);
/** A short text that may hold anything: astral characters, right-to-left text, lone surrogates, YAML punctuation. */
export const wildText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.array(pick(SPECIAL), { minLength: 1, maxLength: 6 }).map((xs) => xs.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...':-[]{},#&*!|>\'"%@` ?'), minLength: 1, maxLength: 10 }) },
  { weight: 2, arbitrary: pick(VALUES) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** One mutation, as data, so that fast-check can print and shrink it. */
export const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip-byte'), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('delete-lines'), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate-lines'), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }), to: fc.nat() }),
  fc.record({ op: fc.constant('indent'), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }), by: fc.integer({ min: -6, max: 6 }) }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  fc.record({ op: fc.constant('insert-pair'), at: fc.nat(), indent: fc.integer({ min: 0, max: 10 }), key: fc.oneof(pick(KEYS), wildText), value: fc.oneof(pick(VALUES), wildText) }),
  fc.record({ op: fc.constant('replace-value'), at: fc.nat(), value: fc.oneof(pick(VALUES), wildText) }),
  fc.record({ op: fc.constant('nest'), at: fc.nat(), depth: fc.integer({ min: 1, max: 300 }), style: fc.constantFrom('flow-seq', 'flow-map', 'block-seq', 'block-map', 'unclosed') }),
  fc.record({ op: fc.constant('long-line'), at: fc.nat(), length: fc.integer({ min: 1000, max: LONG ? 60_000 : 20_000 }), unit: fc.constantFrom('a', ' ', '\u{1F600}', '\u05D0', ']', '"', '#', ', ') }),
  fc.record({ op: fc.constant('insert-text'), at: fc.nat(), text: wildText }),
  fc.record({ op: fc.constant('line-endings'), style: fc.constantFrom('crlf', 'cr', 'mixed', 'bom', 'bom-crlf'), salt: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines'), at: fc.nat(), to: fc.nat() }),
);

const splitLines = (text) => text.split(/(?<=\r\n|\n|\r(?!\n))/);

/** Applies one mutation to a text. Offsets and line numbers wrap around, so every value applies. */
export function mutate(text, m) {
  const lines = splitLines(text);
  const line = (n) => (lines.length ? n % lines.length : 0);
  const offset = (n) => (text.length ? n % (text.length + 1) : 0);
  switch (m.op) {
    case 'flip-byte': {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length === 0) return text;
      bytes[m.at % bytes.length] ^= 1 << m.bit;
      return new TextDecoder('utf-8').decode(bytes); // invalid sequences become U+FFFD, as an editor shows them
    }
    case 'delete-lines': {
      const at = line(m.at);
      lines.splice(at, m.count);
      return lines.join('');
    }
    case 'duplicate-lines': {
      const at = line(m.at);
      const copy = lines.slice(at, at + m.count);
      if (copy.length && !/[\r\n]$/.test(copy[copy.length - 1])) copy[copy.length - 1] += '\n';
      lines.splice(line(m.to), 0, ...copy);
      return lines.join('');
    }
    case 'indent': {
      const at = line(m.at);
      for (let i = at; i < Math.min(lines.length, at + m.count); i++) {
        lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      }
      return lines.join('');
    }
    case 'truncate':
      return text.slice(0, offset(m.at));
    case 'insert-pair': {
      const at = line(m.at);
      lines.splice(at, 0, `${' '.repeat(m.indent)}${m.key}: ${m.value}\n`);
      return lines.join('');
    }
    case 'replace-value': {
      const candidates = lines.map((l, i) => [l, i]).filter(([l]) => /:\s*\S/.test(l));
      if (!candidates.length) return text;
      const [l, i] = candidates[m.at % candidates.length];
      const parts = /^([^:]*:\s*)(.*?)(\r\n|\n|\r)?$/s.exec(l);
      lines[i] = parts[1] + m.value + (parts[3] ?? '');
      return lines.join('');
    }
    case 'nest': {
      const d = m.depth;
      let block;
      if (m.style === 'flow-seq') block = `deep: ${'['.repeat(d)}x${']'.repeat(d)}\n`;
      else if (m.style === 'flow-map') block = `deep: ${'{a: '.repeat(d)}x${'}'.repeat(d)}\n`;
      else if (m.style === 'unclosed') block = `deep: ${'['.repeat(d)}\n`;
      else if (m.style === 'block-seq') block = Array.from({ length: d }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n';
      else block = 'deep:\n' + Array.from({ length: d }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n') + ' x\n';
      lines.splice(line(m.at), 0, block);
      return lines.join('');
    }
    case 'long-line': {
      const at = line(m.at);
      lines.splice(at, 0, `long_${m.unit === '#' ? 'comment' : 'value'}: ${m.unit.repeat(Math.ceil(m.length / m.unit.length))}\n`);
      return lines.join('');
    }
    case 'insert-text': {
      const at = offset(m.at);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'line-endings': {
      const lf = text.replace(/\r\n?/g, '\n');
      if (m.style === 'crlf') return lf.replace(/\n/g, '\r\n');
      if (m.style === 'cr') return lf.replace(/\n/g, '\r');
      if (m.style === 'bom') return '\uFEFF' + text;
      if (m.style === 'bom-crlf') return '\uFEFF' + lf.replace(/\n/g, '\r\n');
      let k = m.salt;
      // A lone \r just before a \n would make one \r\n of two line breaks: not the same lines any more.
      return lf.replace(/\n/g, (_, at) => ['\n', '\r\n', lf[at + 1] === '\n' ? '\r\n' : '\r'][(k = (k * 1103515245 + 12345) % 2147483648) % 3]);
    }
    case 'swap-lines': {
      const a = line(m.at);
      const b = line(m.to);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('');
    }
    default:
      throw new Error(`unknown mutation ${m.op}`);
  }
}

/** A base text from the corpus and a few mutations of it. */
export function mutatedPlan(maxMutations = 5) {
  const base = loadCorpus();
  return fc
    .record({ base: fc.nat({ max: base.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: maxMutations }) })
    .map(({ base: b, mutations }) => {
      let text = base[b].text;
      for (const m of mutations) text = mutate(text, m);
      return { name: base[b].name, mutations, text };
    });
}

// ---------------------------------------------------------------------------
// Checks.

/** Line starts as LSP counts them: \n, \r\n and a lone \r end a line. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

/** The UTF-16 length of each line, without its line break. */
export function lineLengths(text, starts = lineStarts(text)) {
  return starts.map((s, i) => {
    let e = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (e > s && text.charCodeAt(e - 1) === 10) e--;
    if (e > s && text.charCodeAt(e - 1) === 13) e--;
    return e - s;
  });
}

/** Offset -> {line, character}, independent of the engine's own LineIndex. */
export function positionOf(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/**
 * The problems with a range in a document (LSP convention): line inside the
 * document, character at most the line's UTF-16 length, start before end.
 */
export function rangeProblems(range, starts, lengths) {
  const out = [];
  for (const [name, p] of [['start', range?.start], ['end', range?.end]]) {
    if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character)) {
      out.push(`${name} is not a position: ${JSON.stringify(p)}`);
      continue;
    }
    if (p.line < 0 || p.line >= starts.length) out.push(`${name} line ${p.line} is outside the document (${starts.length} lines)`);
    else if (p.character < 0 || p.character > lengths[p.line]) out.push(`${name} character ${p.character} is past the end of line ${p.line} (${lengths[p.line]} UTF-16 units)`);
  }
  if (!out.length && !before(range.start, range.end)) out.push(`start ${JSON.stringify(range.start)} is after end ${JSON.stringify(range.end)}`);
  return out;
}

const RULE_ID = /^[a-z][a-z0-9-]*$/;
const SEVERITIES = new Set(['error', 'warning', 'info']);

/**
 * Every problem with an analysis of `input`: findings inside the document,
 * UTF-16 columns, span consistent with range, a rule id, a severity and a
 * message a person can read.
 */
export function analysisProblems(input, analysis) {
  const problems = [];
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (analysis.text !== text) problems.push('analysis.text is not the input without its byte-order mark');
  const starts = lineStarts(text);
  const lengths = lineLengths(text, starts);
  if (analysis.lines?.lineCount !== undefined && analysis.lines.lineCount !== starts.length) problems.push(`lines.lineCount ${analysis.lines.lineCount}, expected ${starts.length}`);
  const { ruleInfo } = loadCore();
  analysis.findings.forEach((f, i) => {
    const where = `finding #${i} (${f.rule})`;
    for (const p of rangeProblems(f.range, starts, lengths)) problems.push(`${where}: ${p}`);
    const [s, e] = f.span ?? [];
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s || e > text.length) problems.push(`${where}: span ${JSON.stringify(f.span)} is not inside the text (length ${text.length})`);
    else {
      const want = { start: positionOf(starts, s), end: positionOf(starts, e) };
      if (JSON.stringify(want) !== JSON.stringify(f.range)) problems.push(`${where}: span ${JSON.stringify(f.span)} is at ${JSON.stringify(want)}, but the range says ${JSON.stringify(f.range)}`);
      // A position inside a \r\n pair or a surrogate pair is no place for an editor to put a cursor.
      for (const o of [s, e]) {
        if (text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) problems.push(`${where}: offset ${o} splits a \\r\\n line break`);
        const hi = text.charCodeAt(o - 1);
        const lo = text.charCodeAt(o);
        if (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) problems.push(`${where}: offset ${o} splits a surrogate pair`);
      }
    }
    if (!RULE_ID.test(f.rule) || !ruleInfo(f.rule)) problems.push(`${where}: rule "${f.rule}" is not in the catalogue`);
    if (!SEVERITIES.has(f.severity)) problems.push(`${where}: severity "${f.severity}"`);
    if (typeof f.message !== 'string' || f.message.trim().length < 10) problems.push(`${where}: message ${JSON.stringify(f.message)}`);
    else {
      const prose = f.message.replace(/`[^`]*`/g, '');
      if (/\bundefined\b|\[object Object\]|\bNaN\b|Maximum call stack|Invalid regular expression|\bat [\w.]+ \(/.test(prose)) problems.push(`${where}: message shows a program's insides: ${JSON.stringify(f.message.slice(0, 200))}`);
    }
  });
  return problems;
}

/** What the incremental and full engines must agree on, byte for byte. */
export const essentials = (analysis) => JSON.stringify({ kind: analysis.kind, findings: analysis.findings });

/** The tree, for a stronger comparison (the incremental parse promises the same tree, span for span). */
export const treeOf = (analysis) => JSON.stringify(analysis.root ?? null);

/** A short description of an input for messages. */
export function brief(input) {
  const s = JSON.stringify(input.text.length > 160 ? input.text.slice(0, 160) + '…' : input.text);
  return `${input.name} + ${JSON.stringify(input.mutations ?? []).slice(0, 400)} (${input.text.length} chars): ${s}`;
}

/**
 * A rough nesting depth: open flow brackets plus the deepest indentation.
 * Inputs deeper than DEPTH_GUARD are left to the hostile suite, which runs
 * them in a child process: on Node 20 a YAML parser that recurses to the
 * stack limit can abort the whole process (see test/hostile/known-bugs.mjs).
 */
export function nestingDepth(text) {
  let depth = 0;
  let max = 0;
  let maxIndent = 0;
  let quote = '';
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      quote = '';
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '-') {
        indent++;
        maxIndent = Math.max(maxIndent, indent);
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return max + maxIndent;
}
export const DEPTH_GUARD = 400;
