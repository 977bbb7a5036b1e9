// The words of qipp diff, pinned: each case's stylish and md reports beside it
// (expected.stylish.txt, expected.md), rewritten with UPDATE=1 for a person to
// review the diff (refused when CI is set). The paths in them are the case's
// own, relative to the repository.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { qipp, ROOT } from '../cli/helpers.mjs';
import { updateMode } from '../support/update-mode.mjs';
import { cases } from './helpers.mjs';

const UPDATE = updateMode();

describe('qipp diff: the reports read as pinned', function () {
  this.timeout(60_000);
  for (const c of cases()) {
    for (const [format, file] of [['stylish', 'expected.stylish.txt'], ['md', 'expected.md']]) {
      it(`${c.name}: --format ${format} matches ${file}`, () => {
        const r = qipp(['diff', relative(ROOT, c.old), relative(ROOT, c.new), '--format', format]);
        assert.equal(r.code, 0, r.stderr);
        const path = join(c.dir, file);
        if (UPDATE) writeFileSync(path, r.stdout);
        assert.ok(existsSync(path), `${file} is missing: run UPDATE=1 and review it`);
        assert.equal(r.stdout, readFileSync(path, 'utf8'));
      });
    }
  }
});
