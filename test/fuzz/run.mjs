// `npm run fuzz`: the long run of the fuzz and hostile-input suites (QIPP_FUZZ=long
// unless set otherwise), with a summary of how many inputs ran and the longest.
// The number of runs and the seed come from the environment: see support.mjs.
//   QIPP_FUZZ_EDITS=50000 npm run fuzz        # more incremental-vs-full edits
//   QIPP_FUZZ_SEED=1234 npm run fuzz          # replay a seed a failure printed
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const here = dirname(fileURLToPath(import.meta.url));
process.env.QIPP_FUZZ ??= 'long';
const stats = join(mkdtempSync(join(tmpdir(), 'qipp-fuzz-')), 'stats.jsonl');
process.env.QIPP_FUZZ_STATS = stats;

const mocha = new Mocha({ timeout: 0, reporter: 'spec' });
for (const f of ['engine', 'cli', 'server', 'edits']) mocha.addFile(resolve(here, `${f}.test.mjs`));
mocha.addFile(resolve(here, '../hostile/inputs.test.mjs'));
await mocha.loadFilesAsync();
const started = Date.now();
mocha.run((failures) => {
  let lines = [];
  try {
    lines = readFileSync(stats, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    // no suite recorded anything
  }
  const total = lines.reduce((n, s) => n + s.inputs, 0);
  const longest = lines.reduce((m, s) => (s.longest > m.longest ? s : m), { longest: 0 });
  console.log(`\nfuzz summary (seed ${lines[0]?.seed ?? '?'}, ${((Date.now() - started) / 1000).toFixed(0)} s):`);
  for (const s of lines) console.log(`  ${s.suite}: ${s.inputs} inputs, longest ${s.longest.toFixed(0)} ms`);
  console.log(`  in all: ${total} inputs; the longest took ${longest.longest.toFixed(0)} ms (${longest.suite ?? '-'}${longest.what ? `: ${longest.what}` : ''})`);
  rmSync(dirname(stats), { recursive: true, force: true });
  process.exitCode = failures ? 1 : 0;
});
