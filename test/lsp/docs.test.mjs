// Every diagnostic links to docs/rules.md#<rule>: the page must exist, be current and have each anchor.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('rules documentation', () => {
  it('docs/rules.md is generated from the current catalogue', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'scripts/rules-doc.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('has a section for every rule a diagnostic can name', () => {
    const { CATALOGUE } = createRequire(import.meta.url)(resolve(root, 'dist/core.js'));
    const headings = new Set(readFileSync(resolve(root, 'docs/rules.md'), 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3)));
    for (const id of [...CATALOGUE.map((r) => r.id), 'file-unreadable', 'internal-error']) assert.ok(headings.has(id), `docs/rules.md#${id}`);
  });
});
