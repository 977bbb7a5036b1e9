/**
 * The qipp command line: `validate`, `report`, `diff`, `init`, `preview`, `lsp`. A thin face on
 * the pure engine in ../core; esbuild bundles this file to dist/cli.js.
 */
import { HELP, parseCommandLine, UsageError } from './args';
import { runInit } from './init';
import type { Io } from './io';
import { engineHalf } from './lazy';
import { EXIT_CANNOT_RUN, EXIT_OK, runValidate } from './validate';
import { VERSION } from '../node/version';

/** Runs one command and returns its exit code. Never exits the process itself. */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`qipp: ${e.message}\n`);
      return EXIT_CANNOT_RUN;
    }
    throw e;
  }
  switch (command.name) {
    case 'help':
      if (command.toStderr) {
        io.stderr.write(HELP.main);
        return EXIT_CANNOT_RUN;
      }
      io.stdout.write(HELP[command.topic ?? 'main']);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    case 'validate':
      return runValidate(command, io);
    case 'diff':
      return engineHalf().runDiff(command, io);
    case 'report':
      return engineHalf().runReport(command, io);
    case 'init':
      return runInit(command, io);
    case 'preview':
      return engineHalf().runPreview(command, io);
    case 'lsp':
      // Runs until the editor sends `exit`.
      return engineHalf().startServer(command.transport ?? 'stdio');
  }
}

if (require.main === module) {
  // `qipp validate | head`: when the reader goes away, stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
  Promise.resolve()
    .then(() => run(process.argv.slice(2), io))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`qipp: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = EXIT_CANNOT_RUN;
      },
    );
}
