// A second, independent client: Neovim's built-in LSP client in headless mode.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipOutsideCi } from '../support/skip.mjs';
import { SERVER } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe('Neovim', function () {
  this.timeout(60000);
  before(function () {
    // In CI the test must not pass by skipping: Debian's neovim is part of the set-up (scripts/system-deps.sh).
    if (!hasNvim) skipOutsideCi(this, 'nvim is not installed: `apt-get install neovim` (scripts/system-deps.sh) to run the Neovim test');
  });

  it('shows the diagnostics and one completion from the server over stdio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qipp-nvim-'));
    try {
      const text = readFileSync(resolve(here, 'fixtures/nav.plan.yaml'), 'utf8').replace('      lead: pct-ayle', '      lead: pct-ayel');
      const plan = join(dir, 'nvim.plan.yaml');
      writeFileSync(plan, text);
      const lines = text.split('\n');
      const status = lines.findIndex((l) => /^ {10}status: on-track/.test(l));
      const out = join(dir, 'out.json');
      const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${resolve(here, 'neovim.lua')}`], {
        env: { ...process.env, QIPP_PLAN: plan, QIPP_OUT: out, QIPP_LINE: String(status), QIPP_COL: '18', QIPP_NODE: process.execPath, QIPP_SERVER: SERVER },
        encoding: 'utf8',
        timeout: 50000,
      });
      assert.equal(r.status, 0, `nvim failed: ${r.stderr}${r.stdout}`);
      const seen = JSON.parse(readFileSync(out, 'utf8'));
      assert.equal(seen.got, true, 'diagnostics arrived');
      const lead = lines.findIndex((l) => l === '      lead: pct-ayel');
      assert.deepEqual(seen.diagnostics.map((d) => [d.code, d.line, d.col, d.severity]), [['unknown-ref', lead, 12, 1]]);
      assert.match(seen.diagnostics[0].message, /Did you mean `pct-ayle`\?/);
      assert.deepEqual(seen.labels, ['not-started', 'on-track', 'at-risk', 'late', 'done']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
