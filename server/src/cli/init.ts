/** `qipp init --kind KIND [FILE]`: writes a starter plan, never over an existing file without --force. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { starterPlan, STARTER_KINDS } from '../core/light';
import { isPlanKind } from '../core/types';
import { describeFsError } from '../node/discover';
import type { Io } from './io';
import { EXIT_CANNOT_RUN, EXIT_OK } from './validate';

export interface InitOptions {
  kind?: string;
  file?: string;
  force: boolean;
  title?: string;
}

export function runInit(options: InitOptions, io: Io): number {
  const kinds = STARTER_KINDS.join(', ');
  if (options.kind === undefined) {
    io.stderr.write(`qipp: say which kind of plan to write with --kind; the kinds are ${kinds}.\n`);
    return EXIT_CANNOT_RUN;
  }
  if (!isPlanKind(options.kind)) {
    io.stderr.write(`qipp: "${options.kind}" is not a kind of plan; the kinds are ${kinds}.\n`);
    return EXIT_CANNOT_RUN;
  }
  const file = options.file ?? `${options.kind}.plan.yaml`;
  const text = starterPlan(options.kind, { title: options.title });
  try {
    writeFileSync(resolve(io.cwd, file), text, { flag: options.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr.write(`qipp: "${file}" already exists and was left as it is; use --force to replace it.\n`);
    } else {
      io.stderr.write(`qipp: "${file}" could not be written: ${describeFsError(e)}.\n`);
    }
    return EXIT_CANNOT_RUN;
  }
  io.stdout.write(`Wrote ${file}, a new ${options.kind}. Check it with: qipp validate ${file}\n`);
  return EXIT_OK;
}
