/**
 * The command line: which command, which options. Parsing never prints or
 * exits; a mistake is a UsageError whose message is shown as it is (exit 2).
 */
import { PLAN_KINDS } from '../core/light';
import { parseArgs } from 'node:util';

export const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export const COMMANDS = ['validate', 'report', 'diff', 'init', 'preview', 'lsp'] as const;

export const REPORT_FORMATS = ['html', 'md', 'json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  paths: string[];
  format: ReportFormat;
  output?: string;
  /** Judge every plan on this date; otherwise each on its own `as_of`. */
  asOf?: string;
  horizonDays: number;
  config?: string;
  maxFileSizeMb: number;
}
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

export const DIFF_FORMATS = ['stylish', 'md', 'json', 'html'] as const;
export type DiffFormatName = (typeof DIFF_FORMATS)[number];
export const FAIL_ON = ['slipped', 'slipped-national', 'new-errors'] as const;

export interface DiffCommandOptions {
  /** The old version (a file or folder); with --git, the one plan file. */
  old: string;
  /** The new version; absent with --git (the file as it is now). */
  new?: string;
  git?: string;
  format: DiffFormatName;
  output?: string;
  failOn: (typeof FAIL_ON)[number][];
  config?: string;
}

export type Command =
  | { name: 'help'; topic?: CommandName; toStderr?: boolean }
  | { name: 'version' }
  | ({ name: 'validate' } & ValidateOptions)
  | ({ name: 'report' } & ReportOptions)
  | ({ name: 'diff' } & DiffCommandOptions)
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
  report: {
    ...COMMON,
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'as-of': { type: 'string' },
    horizon: { type: 'string' },
    config: { type: 'string', short: 'c' },
    'max-file-size': { type: 'string' },
  },
  diff: {
    ...COMMON,
    git: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    config: { type: 'string', short: 'c' },
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
    case 'report':
      return { name: 'report', ...reportOptions(values, positionals) };
    case 'diff':
      return { name: 'diff', ...diffOptions(values, positionals) };
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
  const maxFileSizeMb = maxFileSize(values, 'validate');
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

function maxFileSize(values: Record<string, string | boolean | undefined>, command: CommandName): number {
  const mfs = str(values['max-file-size']);
  if (mfs === undefined) return DEFAULT_MAX_FILE_SIZE_MB;
  const mb = Number(mfs);
  if (!/^\d+(\.\d+)?$/.test(mfs.trim()) || !(mb > 0)) {
    throw new UsageError(`--max-file-size needs a size in megabytes greater than 0, not "${mfs}".`, command);
  }
  return mb;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function reportOptions(values: Record<string, string | boolean | undefined>, positionals: string[]): ReportOptions {
  const format = str(values.format) ?? 'html';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`"${format}" is not a report format. Use one of ${REPORT_FORMATS.join(', ')}.`, 'report');
  }
  const asOf = str(values['as-of']);
  const m = asOf === undefined ? null : ISO_DATE.exec(asOf);
  if (asOf !== undefined && (!m || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf)) {
    throw new UsageError(`--as-of needs a date written YYYY-MM-DD, such as 2010-10-29, not "${asOf}".`, 'report');
  }
  const h = str(values.horizon);
  if (h !== undefined && !/^\d{1,5}$/.test(h.trim())) {
    throw new UsageError(`--horizon needs a whole number of days, 0 or more, not "${h}".`, 'report');
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as ReportFormat,
    output: str(values.output),
    asOf,
    horizonDays: h === undefined ? 90 : Number(h),
    config: str(values.config),
    maxFileSizeMb: maxFileSize(values, 'report'),
  };
}

function diffOptions(values: Record<string, string | boolean | undefined>, positionals: string[]): DiffCommandOptions {
  const format = str(values.format) ?? 'stylish';
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`"${format}" is not a diff format. Use one of ${DIFF_FORMATS.join(', ')}.`, 'diff');
  }
  const failOn = (str(values['fail-on']) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of failOn) {
    if (!(FAIL_ON as readonly string[]).includes(f)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')} (or several, separated by commas), not "${f}".`, 'diff');
  }
  const git = str(values.git);
  if (git !== undefined && positionals.length !== 1) {
    throw new UsageError('With --git, name one plan file: qipp diff FILE --git REV compares FILE with its version at REV.', 'diff');
  }
  if (git === undefined && positionals.length !== 2) {
    throw new UsageError('diff compares two versions: qipp diff OLD NEW (two plan files or two folders), or qipp diff FILE --git REV.', 'diff');
  }
  return { old: positionals[0], new: positionals[1], git, format: format as DiffFormatName, output: str(values.output), failOn: failOn as DiffCommandOptions['failOn'], config: str(values.config) };
}

const KINDS_LINE = PLAN_KINDS.join(', ');

export const HELP: Record<'main' | CommandName, string> = {
  main: `qipp: check NHS improvement plans written in YAML

Usage: qipp <command> [options]

Commands:
  validate [paths...]    check plan files, folders or globs (default: the current folder)
  report [paths...]      one report across every plan found: money, national milestones, delivery
  diff OLD NEW           what changed between two versions of a plan (or FILE --git REV)
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
  report: `Usage: qipp report [paths, folders or globs...] [options]

Writes one report across every plan found (found as qipp validate finds them):
the plans and their problems, including those found only across plans; money
by financial year with national and per-kind totals, the 2% non-recurring
funds against each plan's cap, named support and regionally lodged funds;
which plans deliver each national milestone, by when, and which are late;
milestones overdue and due soon, RAG counts and the highest-scoring risks; and
one combined timeline of the national milestones and the plans' milestones
that deliver them.

Options:
  -f, --format FORMAT    html (default), md, json, csv or xlsx
  -o, --output PATH      where to write it: a file (html, md, json: default the
                         screen; xlsx: default qipp-report.xlsx), or for csv a
                         folder, one file per table (default qipp-report/)
  --as-of DATE           judge every plan on this date (YYYY-MM-DD) instead of
                         each plan's own as_of
  --horizon DAYS         "due soon" means due within DAYS after the as-of date
                         (default 90)
  -c, --config FILE      use this configuration instead of the nearest .qipprc.yaml
  --max-file-size MB     refuse files larger than this (default: ${DEFAULT_MAX_FILE_SIZE_MB})
  -h, --help             show this help

The json shape is schemas/report.schema.json. Exit codes: 0 the report is
written (whatever the plans' problems), 2 it could not be (bad options, no
plan files found, a broken configuration, a file that cannot be written).
`,
  diff: `Usage: qipp diff OLD NEW [options]
       qipp diff FILE --git REV [options]

Says what changed between two versions of a plan, by meaning rather than by
line: initiatives, milestones, money, organisations, risks and findings,
matched by their ids. OLD and NEW are two plan files or two folders (plans
matched by their path inside each folder). With --git, FILE is compared with
its version at a git revision, for example: qipp diff plans/north.plan.yaml --git HEAD~1

Options:
  --git REV              compare FILE with its version at git revision REV (a commit, branch or tag)
  -f, --format FORMAT    stylish (default), md (for a pull request), json or html
  -o, --output FILE      write the report to FILE instead of the screen
  --fail-on WHAT         exit 1 when a change of this sort is present: slipped (a milestone
                         slipped), slipped-national (a milestone now breaks its national
                         deadline) or new-errors; several may be given, separated by commas
  -c, --config FILE      use this configuration instead of the nearest .qipprc.yaml
  -h, --help             show this help

Exit codes: 0 compared (1 with --fail-on when such a change is present),
2 qipp could not run (a version that is not a readable plan, plans of
different kinds, an unknown git revision, a file not in git).
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
