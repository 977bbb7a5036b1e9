// Shared helpers of the diff tests: the hand-written cases, comparing change
// lists as multisets, and the mirror of a change (the diff read backwards).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const CASES = join(HERE, 'cases');

/** Each case folder: old.plan.yaml, new.plan.yaml and the hand-written expected.json. */
export function cases() {
  return readdirSync(CASES)
    .sort()
    .map((name) => ({ name, dir: join(CASES, name), old: join(CASES, name, 'old.plan.yaml'), new: join(CASES, name, 'new.plan.yaml'), expected: JSON.parse(readFileSync(join(CASES, name, 'expected.json'), 'utf8')) }));
}

/** A finding's wording belongs to the rules' tests: the diff's cases compare rule, severity, place and line. */
export const withoutMessages = (changes) => changes.map((c) => (c.type.startsWith('finding-') ? { ...c, message: undefined } : c)).map((c) => JSON.parse(JSON.stringify(c)));

const canonical = (v) => (Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v);
/** A change list as sorted canonical JSON lines, so that two lists compare as multisets with a readable diff. */
export const asSet = (changes) => changes.map((c) => JSON.stringify(canonical(c))).sort();

const SWAP = {
  'organisation-added': 'organisation-removed',
  'organisation-removed': 'organisation-added',
  'initiative-added': 'initiative-removed',
  'initiative-removed': 'initiative-added',
  'milestone-added': 'milestone-removed',
  'milestone-removed': 'milestone-added',
  'risk-added': 'risk-removed',
  'risk-removed': 'risk-added',
  'finding-fixed': 'finding-new',
  'finding-new': 'finding-fixed',
};

/** What diff(B, A) should say for a change diff(A, B) says, written independently of the code. */
export function mirror(c) {
  if (SWAP[c.type]) return { ...c, type: SWAP[c.type] };
  const m = { ...c };
  if ('old' in c && 'new' in c) {
    m.old = c.new;
    m.new = c.old;
  }
  if (c.type === 'milestone-due') {
    m.days = -c.days;
    m.direction = c.direction === 'slipped' ? 'brought-forward' : 'slipped';
  }
  return m;
}
