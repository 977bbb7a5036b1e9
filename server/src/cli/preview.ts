/**
 * `qipp preview FILE [-o OUT.html]`: the same HTML page the editor's preview
 * shows, self-contained (inline CSS and SVG, no script), written to OUT.html
 * or to standard output. The plan is checked with the configuration
 * `qipp validate` would use, so the page shows the same findings.
 */
import { basename, resolve } from 'node:path';
import { createEngine } from '../core/index';
import { renderPlan } from '../core/render';
import { DEFAULT_MAX_FILE_SIZE_MB } from './args';
import { ConfigError, createConfigLoader } from '../node/config';
import { readConfigFile } from '../node/config-file';
import { cliRootOf, relativeReader } from '../node/named-files';
import { writeOutput } from './output';
import type { Io } from './io';
import { readPlanFile } from '../node/read';

const EXIT_OK = 0;
const EXIT_CANNOT_RUN = 2;

/** Writes the page; exit 0 when it is written, whatever the plan's findings, and 2 when it cannot be. */
export function runPreview(options: { file?: string; output?: string; force?: boolean; allowOutside?: boolean }, io: Io): number {
  if (!options.file) {
    io.stderr.write('qipp: preview needs the plan file to draw: qipp preview FILE [-o OUT.html]\n');
    return EXIT_CANNOT_RUN;
  }
  const path = resolve(io.cwd, options.file);
  const read = readPlanFile(path, DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024);
  if (!read.ok) {
    io.stderr.write(`qipp: ${options.file}: ${read.message}\n`);
    return EXIT_CANNOT_RUN;
  }
  const rootOf = cliRootOf(io.cwd, options.allowOutside === true);
  let engine;
  try {
    const engineConfig = createConfigLoader({ cwd: io.cwd, warn: (m) => io.stderr.write(`qipp: ${m}\n`), read: (f, cwd, warn) => readConfigFile(f, cwd, warn, { rootOf }) })(path).engineConfig;
    engine = createEngine(engineConfig);
    // An extra schema that does not compile would be silently left out: the page would show fewer findings than asked for.
    if (engine.problems.length) throw new ConfigError(engine.problems.join('\n  '));
  } catch (e) {
    if (!ConfigError.is(e)) throw e;
    io.stderr.write(`qipp: ${e.message}\n`);
    return EXIT_CANNOT_RUN;
  }
  const analysis = engine.analyze(read.text, { readRelative: relativeReader(path, { root: rootOf(path) }) });
  const html = renderPlan(analysis, { mode: 'export', fileName: basename(path) });
  if (options.output === undefined) {
    io.stdout.write(html);
    return EXIT_OK;
  }
  const why = writeOutput(resolve(io.cwd, options.output), html, options.force === true);
  if (why !== undefined) {
    io.stderr.write(`qipp: the page could not be written to ${options.output}: ${why}.\n`);
    return EXIT_CANNOT_RUN;
  }
  return EXIT_OK;
}
