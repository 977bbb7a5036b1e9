/**
 * The command line: which command, which options. Parsing never prints or
 * exits; a mistake is a UsageError whose message is shown as it is (exit 2).
 */
import { PLAN_KINDS } from '../core/kinds';
import { parseArgs } from 'node:util';

export const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export const COMMANDS = ['validate', 'init', 'preview', 'lsp'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ValidateOptions {
  paths: string[];
  format: FormatName;
  /** -1: no limit. */
  maxWarnings: number;
  quiet: boolean;
  config?: string;
  output?: string;
  cache: boolean;
  cacheLocation?: string;
  maxFileSizeMb: number;
  /** --force: -o may write through a symbolic link (to where it points). */
  force: boolean;
  /** --allow-files-outside: plans and configurations may name files outside the working folder. */
  allowOutside: boolean;
}

export type Command =
  | { name: 'help'; topic?: CommandName; toStderr?: boolean }
  | { name: 'version' }
  | ({ name: 'validate' } & ValidateOptions)
  | { name: 'init'; kind?: string; file?: string; force: boolean; title?: string }
  | { name: 'preview'; file?: string; output?: string; force: boolean; allowOutside: boolean }
  | { name: 'lsp'; transport?: 'stdio' | 'node-ipc' };

/** A mistake in the command line; its message is for the person who typed it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

const COMMON: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };

/** Every option each command accepts (exported for the test that holds the help texts to them). */
export const OPTIONS: Record<CommandName, Record<string, OptionSpec>> = {
  validate: {
    ...COMMON,
    format: { type: 'string', short: 'f' },
    'max-warnings': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    config: { type: 'string', short: 'c' },
    output: { type: 'string', short: 'o' },
    cache: { type: 'boolean' },
    'cache-location': { type: 'string' },
    'max-file-size': { type: 'string' },
    force: { type: 'boolean' },
    'allow-files-outside': { type: 'boolean' },
  },
  init: { ...COMMON, kind: { type: 'string', short: 'k' }, force: { type: 'boolean' }, title: { type: 'string' } },
  preview: { ...COMMON, output: { type: 'string', short: 'o' }, force: { type: 'boolean' }, 'allow-files-outside': { type: 'boolean' } },
  lsp: { ...COMMON, stdio: { type: 'boolean' }, 'node-ipc': { type: 'boolean' } },
};

export const DEFAULT_MAX_FILE_SIZE_MB = 10;

/** Reads argv (without `node` and the script). */
export function parseCommandLine(argv: readonly string[]): Command {
  const first = argv[0];
  if (first === undefined) return { name: 'help', toStderr: true };
  if (first === '--help' || first === '-h') return { name: 'help' };
  if (first === '--version' || first === '-v') return { name: 'version' };
  if (first === 'help') {
    const topic = argv[1];
    if (topic === undefined) return { name: 'help' };
    if (!isCommand(topic)) throw new UsageError(`There is no command "${topic}". The commands are ${COMMANDS.join(', ')}.`);
    return { name: 'help', topic };
  }
  if (first.startsWith('-')) {
    throw new UsageError(`Unknown option "${first}". Put the command first, for example: qipp validate ${first}`);
  }
  if (!isCommand(first)) {
    throw new UsageError(`There is no command "${first}". The commands are ${COMMANDS.join(', ')}.`);
  }
  const { values, positionals } = readOptions(first, argv.slice(1));
  if (values.help) return { name: 'help', topic: first };
  switch (first) {
    case 'validate':
      return { name: 'validate', ...validateOptions(values, positionals) };
    case 'init': {
      if (positionals.length > 1) throw new UsageError('init writes one file; give at most one file name.', 'init');
      return { name: 'init', kind: str(values.kind), file: positionals[0], force: values.force === true, title: str(values.title) };
    }
    case 'preview':
      return { name: 'preview', file: positionals[0], output: str(values.output), force: values.force === true, allowOutside: values['allow-files-outside'] === true };
    case 'lsp': {
      if (values.stdio && values['node-ipc']) throw new UsageError('Choose one of --stdio and --node-ipc.', 'lsp');
      return { name: 'lsp', transport: values.stdio ? 'stdio' : values['node-ipc'] ? 'node-ipc' : undefined };
    }
  }
}

function isCommand(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * parseArgs in its lenient mode, then our own checks on its tokens, so that
 * every mistake gets a plain message naming the option and the command.
 */
function readOptions(command: CommandName, args: readonly string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const specs = OPTIONS[command];
  const { values, positionals, tokens } = parseArgs({ args: [...args], options: specs, strict: false, allowPositionals: true, tokens: true });
  const helpHint = `Run "qipp ${command} --help" for its options.`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    const written = token.rawName;
    if (!spec) throw new UsageError(`Unknown option "${written}" for qipp ${command}. ${helpHint}`, command);
    if (spec.type === 'string' && (token.value === undefined || token.value === '')) {
      throw new UsageError(`The option "${written}" needs a value. ${helpHint}`, command);
    }
    if (spec.type === 'boolean' && token.inlineValue) {
      throw new UsageError(`The option "${written}" takes no value. ${helpHint}`, command);
    }
  }
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function validateOptions(values: Record<string, string | boolean | undefined>, positionals: string[]): ValidateOptions {
  const format = str(values.format) ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`"${format}" is not an output format. Use one of ${FORMATS.join(', ')}.`, 'validate');
  }
  let maxWarnings = -1;
  const mw = str(values['max-warnings']);
  if (mw !== undefined) {
    if (!/^(-1|\d+)$/.test(mw.trim())) {
      throw new UsageError(`--max-warnings needs a whole number, 0 or more (or -1 for no limit), not "${mw}".`, 'validate');
    }
    maxWarnings = Number(mw);
  }
  let maxFileSizeMb = DEFAULT_MAX_FILE_SIZE_MB;
  const mfs = str(values['max-file-size']);
  if (mfs !== undefined) {
    maxFileSizeMb = Number(mfs);
    if (!/^\d+(\.\d+)?$/.test(mfs.trim()) || !(maxFileSizeMb > 0)) {
      throw new UsageError(`--max-file-size needs a size in megabytes greater than 0, not "${mfs}".`, 'validate');
    }
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as FormatName,
    maxWarnings,
    quiet: values.quiet === true,
    config: str(values.config),
    output: str(values.output),
    cache: values.cache === true,
    cacheLocation: str(values['cache-location']),
    maxFileSizeMb,
    force: values.force === true,
    allowOutside: values['allow-files-outside'] === true,
  };
}

const KINDS_LINE = PLAN_KINDS.join(', ');

export const HELP: Record<'main' | CommandName, string> = {
  main: `qipp: check NHS improvement plans written in YAML

Usage: qipp <command> [options]

Commands:
  validate [paths...]    check plan files, folders or globs (default: the current folder)
  init --kind KIND [FILE]  write a new plan from a template
  preview FILE [-o OUT]  write the plan as an HTML page
  lsp --stdio            start the language server, for any editor that speaks LSP

Options:
  -h, --help             show help; "qipp <command> --help" shows a command's options
  -v, --version          show the version

Exit codes: 0 clean, 1 a plan has errors (or too many warnings), 2 qipp could not run.
`,
  validate: `Usage: qipp validate [paths, folders or globs...] [options]

Checks plan files. Folders are searched recursively for *.plan.yaml and
*.plan.yml files, and for other .yaml/.yml files whose top-level "kind:" is a
plan kind; node_modules and folders whose names start with a dot are skipped.
Quote globs so that the shell leaves them alone: qipp validate "plans/**/*.yaml"

Options:
  -f, --format FORMAT    stylish (default), json, sarif, junit or github
  --max-warnings N       exit 1 when there are more than N warnings (default: no limit)
  -q, --quiet            report errors only
  -c, --config FILE      use this configuration instead of the nearest .qipprc.yaml
  -o, --output FILE      write the report to FILE instead of the screen
  --force                let -o write through a symbolic link (refused otherwise)
  --cache                only check files that changed since the last run
  --cache-location PATH  where the cache is kept (default: .qipp-cache)
  --max-file-size MB     refuse files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_MB})
  --allow-files-outside  let plans and .qipprc.yaml name files (a national timeline,
                         extra schemas) outside the current folder
  -h, --help             show this help

Exit codes: 0 clean, 1 a plan has errors (or more warnings than --max-warnings),
2 qipp could not run (bad options, a broken configuration, no plan files found).
`,
  init: `Usage: qipp init --kind KIND [FILE] [options]

Writes a new plan from a template. FILE defaults to KIND.plan.yaml.
Kinds: ${KINDS_LINE}.

Options:
  -k, --kind KIND        the kind of plan
  --title TEXT           the plan's title
  --force                replace FILE if it exists
  -h, --help             show this help
`,
  preview: `Usage: qipp preview FILE [-o OUT.html]

Writes the same HTML page the editor's preview shows: self-contained (inline
CSS and SVG, no script), to OUT.html or to standard output. Exit 0 when the
page is written, whatever the plan's findings; 2 when it cannot be.

Options:
  -o, --output FILE      write the page to FILE instead of standard output
  --force                let -o write through a symbolic link (refused otherwise)
  --allow-files-outside  let the plan and .qipprc.yaml name files (a national timeline,
                         extra schemas) outside the current folder
  -h, --help             show this help
`,
  lsp: `Usage: qipp lsp [--stdio | --node-ipc]

Starts the language server, for any editor that speaks LSP (Neovim, Emacs and
others): the same checks as qipp validate as you type, with completion, hover
and quick fixes. Your editor starts it and stops it; settings come from the
nearest .qipprc.yaml and the editor's qipp.* settings.

Options:
  --stdio                talk to the editor over standard input and output (the default)
  --node-ipc             talk over Node's IPC channel, for a client that starts it that way
  -h, --help             show this help
`,
};
