// The rule ids TypeScript cannot check: those the schemas name in `x-qipp-rule`
// annotations (JSON). Each must be a catalogue id, or its findings would be
// reported under `schema` instead of the rule the annotation means.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const core = createRequire(import.meta.url)(join(root, 'dist/core.js'));

/** Every value of `key` anywhere in a parsed JSON value. */
function valuesOf(node, key, out = []) {
  if (Array.isArray(node)) for (const x of node) valuesOf(x, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(v);
      valuesOf(v, key, out);
    }
  }
  return out;
}

describe('rule ids in the schemas', () => {
  const files = readdirSync(join(root, 'schemas')).filter((n) => n.endsWith('.schema.json'));

  it('every x-qipp-rule annotation names a rule of the catalogue', () => {
    const known = new Set(core.CATALOGUE.map((r) => r.id));
    let seen = 0;
    for (const n of files) {
      for (const id of valuesOf(JSON.parse(readFileSync(join(root, 'schemas', n), 'utf8')), core.RULE_KEYWORD)) {
        seen++;
        assert.ok(known.has(id), `schemas/${n}: x-qipp-rule "${id}" is not a rule id of the catalogue`);
      }
    }
    assert.ok(seen > 10, `annotations were found (${seen})`);
  });

  it('the rules the schemas report (SCHEMA_RULES) are each named by some annotation', () => {
    const named = new Set(files.flatMap((n) => valuesOf(JSON.parse(readFileSync(join(root, 'schemas', n), 'utf8')), core.RULE_KEYWORD)));
    for (const id of core.SCHEMA_RULES) if (id !== 'fy-format') assert.ok(named.has(id), `no schema annotation reports ${id}`);
  });
});
