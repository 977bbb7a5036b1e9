// The core is pure (README, Architecture): it imports nothing from VS Code, the
// LSP libraries, the file system or timers, so every face gets the same findings.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CORE = new URL('../../server/src/core', import.meta.url).pathname;
const walk = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? walk(p) : n.endsWith('.ts') ? [p] : [];
});
const FORBIDDEN = /from '(vscode|vscode-languageserver[^']*|vscode-languageclient[^']*|(node:)?(fs|fs\/promises|timers|child_process|worker_threads|net|http|https))'|\brequire\(|\b(setTimeout|setInterval|setImmediate)\(|\bprocess\./;

describe('the core stays pure', () => {
  it('no file in server/src/core imports vscode, LSP, fs or timers, or touches process', () => {
    const files = walk(CORE);
    assert.ok(files.length > 10, 'server/src/core was not found');
    const offenders = files.flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (FORBIDDEN.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${f.slice(CORE.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(offenders, []);
  });
});
