// Small inputs that used to take a long time (issue 15): each is a plan of a
// few hundred kilobytes at most that made some step of the engine quadratic.
// Shared by the benchmark (bench/hostile.mjs) and the growth tests
// (test/hostile/linear.test.mjs). Every generator takes a size `n` and gives
// text whose length grows linearly with n; `work(core, text)` is the step the
// input once slowed down (through the built bundle dist/core.js).

/** A short valid plan that the inputs grow from. */
export const BASE = `kind: qipp-reform-plan
schema_version: 1
title: NHS Northshire QIPP and Reform plan
organisation: sha-north
period: 2010/11-2013/14
as_of: 2010-08-31
status: draft
organisations:
  - {id: sha-north, name: NHS Northshire, type: sha}
  - {id: pct-ayle, name: Aylesford PCT, type: pct}
  - {id: trust-nh, name: Northshire Hospitals NHS Trust, type: nhs-trust}
engagement:
  staff: Staff side partnership forum meets monthly.
  partners: Joint commissioning board with Northshire County Council.
  public: Four public listening events and an online survey.
finance:
  efficiency_target_gbp_m: {2010/11: 3.0, 2011/12: 6.5, 2012/13: 8.0, 2013/14: 8.0}
commissioning:
  aims:
    - Every GP practice in Northshire is part of an effective consortium.
  initiatives:
    - id: C1
      title: Establish pathfinder GP consortia
      side: commissioner
      lead: pct-ayle
      clinical_lead: Dr A. Patel
      pillars: [quality, innovation]
      level: local
      principles: [subsidiarity, clinical-leadership]
      milestones:
        - {id: C1.1, title: Regional director of commissioning appointed, due: 2010-09-10, owner: sha-north, status: on-track}
provision:
  aims:
    - Community services are run by a provider, not by a commissioner.
  initiatives:
    - id: P1
      title: Transfer Aylesford community services
      side: provider
      lead: trust-nh
      pillars: [quality, productivity]
      level: local
      milestones:
        - {id: P1.1, title: Business transfer agreement signed, due: 2010-12-31, status: on-track}
enabling:
  aims:
    - Organisational memory is kept through the transition.
  initiatives:
    - id: E1
      title: Regional commissioner/provider split
      side: joint
      lead: sha-north
      pillars: [productivity]
      level: regional
      milestones:
        - {id: E1.1, title: Staff initial interviews complete, due: 2010-09-30, status: on-track}
`;

/** A deterministic stream of pseudo-random numbers in [0, 1). */
function random(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A pseudo-random id of `len` characters from a small alphabet (so that ids are near each other). */
function randomId(rnd, len, prefix) {
  let s = prefix;
  while (s.length < len) s += 'abcdefghij'[Math.floor(rnd() * 10)];
  return s.slice(0, len);
}

/** One anchor and n aliases to it. */
export function aliases(n) {
  return BASE + 'notes: &a A note kept once\nnote_refs: [' + Array(n).fill('*a').join(', ') + ']\n';
}

/** n keys in one mapping (the plan's root), read by the fast reader; all of one length, as the work per key depends on it. */
export function keys(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(`k${String(i).padStart(7, '0')}: 1\n`);
  return BASE + out.join('');
}

/** The same n keys, with an anchor at the top so that the `yaml` library reads them. */
export function keysYaml(n) {
  return keys(n).replace('schema_version: 1\n', 'schema_version: &v 1\n');
}

/** A dangling `lead:` of n characters beside an organisation id of n characters. */
export function longLead(n) {
  const rnd = random(7);
  return BASE.replace('  - {id: trust-nh,', `  - {id: ${randomId(rnd, n, 'org-')}, name: Long, type: nhs-trust}\n  - {id: trust-nh,`).replace('      lead: pct-ayle\n', `      lead: ${randomId(rnd, n, 'org-')}\n`);
}

/**
 * n organisations with ids of `len` characters and n milestones whose owners
 * are not among them (each a near miss of one of them).
 */
export function owners(n, len = 65) {
  const rnd = random(11);
  const ids = Array.from({ length: n }, (_, i) => randomId(rnd, len, `org-${i}-`));
  const orgs = ids.map((id) => `  - {id: ${id}, name: Organisation, type: pct}\n`).join('');
  const ms = ids.map((id, i) => `        - {id: M${i}, title: Milestone, due: 2011-01-31, owner: ${id.slice(0, -2)}zz, status: on-track}\n`).join('');
  return BASE.replace('  - {id: trust-nh,', orgs + '  - {id: trust-nh,').replace(/( {8}- \{id: C1\.1,[^\n]*\n)/, `$1${ms}`);
}

/** n milestones in one initiative, each with a finding (an owner that is not in the plan). */
export function milestones(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(`        - {id: M${i}, title: Milestone ${i}, due: 2011-01-31, owner: nobody, status: on-track}\n`);
  return BASE.replace(/( {8}- \{id: C1\.1,[^\n]*\n)/, `$1${out.join('')}`);
}

/** A list item followed by n spaces and a word, among the aims of a section. */
export function spaces(n) {
  return BASE.replace('    - Every GP practice in Northshire is part of an effective consortium.\n', `$&    - Shared care records${' '.repeat(n)}x\n`);
}

/** A list item of an unclosed double quote and n escaped quotes (`\"`), then a comment. */
export function quotes(n) {
  return BASE.replace('    - Every GP practice in Northshire is part of an effective consortium.\n', `$&    - Shared care records "${'\\"'.repeat(n)} # x\n`);
}

/** The offset of the word after the spaces, for the cursor tests. */
export function spacesOffset(text) {
  return text.indexOf('x\n', text.indexOf('Shared care records'));
}

/**
 * The inputs: the size (`n`), how to make the text and what to time.
 * `work` gets the loaded dist/core.js and the text and returns a check value.
 */
export const INPUTS = [
  { name: 'aliases', what: 'one anchor, n aliases: analyse (incremental engine)', n: 20_000, make: aliases, work: analyzeIncremental },
  { name: 'aliases-full', what: 'one anchor, n aliases: analyse (full engine)', n: 20_000, make: aliases, work: analyzeFull },
  { name: 'keys', what: 'n keys in one mapping (fast reader): analyse', n: 50_000, make: keys, work: analyzeFull },
  { name: 'keys-yaml', what: 'n keys in one mapping (`yaml` library): analyse', n: 50_000, make: keysYaml, work: analyzeFull },
  { name: 'long-lead', what: 'dangling lead of n characters beside an id of n characters: analyse', n: 30_000, make: longLead, work: analyzeFull },
  { name: 'owners-65', what: 'n dangling owners, 65-character ids: analyse', n: 3_000, make: (n) => owners(n, 65), work: analyzeFull },
  { name: 'owners-40', what: 'n dangling owners, 40-character ids: analyse', n: 3_000, make: (n) => owners(n, 40), work: analyzeFull },
  { name: 'milestones', what: 'n milestones with a finding each: analyse and render the preview', n: 60_000, make: milestones, work: preview },
  { name: 'spaces-hover', what: 'a list item of n spaces: hover on it', n: 100_000, make: spaces, work: (core, text) => hoverAt(core, text, spacesOffset(text)) },
  { name: 'spaces-complete', what: 'a list item of n spaces: completion on it', n: 100_000, make: spaces, work: completeOnSpaces },
  { name: 'quotes-hover', what: 'a list item of an open quote and n escaped quotes: hover at its end', n: 50_000, make: quotes, work: (core, text) => hoverAt(core, text, text.indexOf(' # x\n') + 4) },
  { name: 'spaces-elsewhere', what: 'a list item of n spaces: hover on `level` below it', n: 100_000, make: spaces, work: (core, text) => hoverAt(core, text, text.indexOf('level: regional') + 2) },
];

function analyzeFull(core, text) {
  return core.createEngine({ rules: {} }).analyze(text).findings.length;
}

function analyzeIncremental(core, text) {
  return core.createEngine({ rules: {} }, { incremental: true }).analyze(text, { document: 'file:///hostile.plan.yaml' }).findings.length;
}

function preview(core, text) {
  const a = core.createEngine({ rules: {} }).analyze(text);
  return core.renderPlan(a, { mode: 'export', fileName: 'hostile.plan.yaml' }).length;
}

/** The analysis is made once per text (not timed: the feature is). */
const analyses = new Map();
function analysisOf(core, text) {
  if (!analyses.has(text)) {
    analyses.clear();
    analyses.set(text, core.createEngine({ rules: {} }).analyze(text));
  }
  return analyses.get(text);
}

function hoverAt(core, text, offset) {
  return core.hover(analysisOf(core, text), offset)?.markdown.length ?? 0;
}

function completeOnSpaces(core, text) {
  return core.complete(analysisOf(core, text), spacesOffset(text) + 1).length;
}

/** Prepares what `work` needs outside the timed part (the analysis behind hover and completion). */
export function prepare(core, input, text) {
  if (input.name.startsWith('spaces')) analysisOf(core, text);
}
