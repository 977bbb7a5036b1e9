import type { FileReport } from '../../node/report';

export type { Diagnostic, FileReport } from '../../node/report';

export interface FormatContext {
  /** The working folder, the base of relative paths. */
  cwd: string;
  /** qipp's version, for SARIF. */
  version: string;
  /** Whether the stylish format may use ANSI colours. */
  color: boolean;
}

/** Turns the reports into the text written to stdout or `--output`. Pure. */
export type Formatter = (reports: readonly FileReport[], ctx: FormatContext) => string;
