// What the CLI benches share: the generated corpus of plans (bench/gen-plan.mjs, kept in
// .cache/bench-corpus and made again only when its parameters or the generator change) and
// the CPU time of the child processes run so far.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATOR = join(ROOT, 'bench/gen-plan.mjs');
export const CORPUS = join(ROOT, '.cache/bench-corpus');

/** Generates `plans` plans of `initiatives` initiatives into CORPUS unless the same corpus is already there. */
export async function ensureCorpus(plans, initiatives) {
  const generatorHash = createHash('sha256').update(readFileSync(GENERATOR)).digest('hex');
  const stamp = JSON.stringify({ plans, initiatives, generatorHash });
  const stampFile = join(CORPUS, 'corpus.json');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && readdirSync(CORPUS).filter((n) => n.endsWith('.plan.yaml')).length === plans) return;
  rmSync(CORPUS, { recursive: true, force: true });
  mkdirSync(CORPUS, { recursive: true });
  process.stderr.write(`generating ${plans} plans into ${CORPUS} ...\n`);
  const seeds = Array.from({ length: plans }, (_, i) => i + 1);
  const worker = async () => {
    for (let seed = seeds.shift(); seed !== undefined; seed = seeds.shift()) {
      const text = await new Promise((ok, fail) => {
        const child = spawn(process.execPath, [GENERATOR, String(initiatives), String(seed)]);
        const chunks = [];
        child.stdout.on('data', (c) => chunks.push(c));
        child.on('error', fail);
        child.on('close', (code) => (code === 0 ? ok(Buffer.concat(chunks)) : fail(new Error(`gen-plan.mjs exited ${code} for seed ${seed}`))));
      });
      writeFileSync(join(CORPUS, `plan-${String(seed).padStart(4, '0')}.plan.yaml`), text);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, worker));
  writeFileSync(stampFile, stamp);
}

/**
 * CPU time (user + system, every thread) of the children waited for so far, in ms, from
 * /proc/self/stat (Linux); undefined elsewhere. On a shared machine the wall-clock time
 * depends on the neighbours; the CPU time much less.
 */
export function childCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, at USER_HZ = 100
  } catch {
    return undefined;
  }
}

/**
 * The environment of the timed children: as it is with `machineEnv`, else without
 * NODE_EXTRA_CA_CERTS (neither qipp nor ajv-cli uses TLS; a certificate bundle named there is
 * read by every Node process at start, ~90 ms a process on the bench machine). Says which on
 * standard error.
 */
export function childEnvironment(machineEnv) {
  if (machineEnv) {
    process.stderr.write('children run with the environment as it is (--machine-env)\n');
    return process.env;
  }
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  console.log(`children run without NODE_EXTRA_CA_CERTS${process.env.NODE_EXTRA_CA_CERTS ? ` (it is set here, and would cost every Node process its certificates at start)` : ' (not set here anyway)'}; --machine-env keeps it`);
  return env;
}
