// The Node options the extension starts our language server with
// (SERVER_EXEC_ARGV in server/src/protocol.ts), so that the benches start it
// the same way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function serverExecArgv(root) {
  const m = /SERVER_EXEC_ARGV: readonly string\[\] = (\[[^\]]*\])/.exec(readFileSync(resolve(root, 'server/src/protocol.ts'), 'utf8'));
  if (!m) throw new Error('bench: SERVER_EXEC_ARGV not found in server/src/protocol.ts');
  return JSON.parse(m[1].replace(/'/g, '"'));
}
