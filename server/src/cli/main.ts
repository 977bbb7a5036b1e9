/**
 * The qipp command line: `validate`, `init`, `preview`, `lsp`. A thin face on
 * the pure engine in ../core; esbuild bundles this file to dist/cli.js.
 */
import { HELP, parseCommandLine, UsageError } from './args';
import { runInit } from './init';
import type { Io } from './io';
import { EXIT_CANNOT_RUN, EXIT_OK, runValidate } from './validate';
import { VERSION } from './version';
import { runWorkerIfAsked } from './check';

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
    case 'init':
      return runInit(command, io);
    case 'preview':
      // TODO(preview): render with the core's renderPlan and write the HTML (to -o OUT.html or next to FILE).
      io.stderr.write('qipp: the preview is not available in this version yet.\n');
      return EXIT_CANNOT_RUN;
    case 'lsp':
      // TODO(lsp): start the language server here, loaded only for this command, for example
      //   return (await import('../lsp/server')).start({ transport: command.transport ?? 'stdio' });
      io.stderr.write('qipp: the language server is not available from the command line in this version yet.\n');
      return EXIT_CANNOT_RUN;
  }
}

if (runWorkerIfAsked()) {
  // This bundle was started as a worker thread of `qipp validate`; it has done its share.
} else if (require.main === module) {
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
