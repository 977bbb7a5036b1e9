/**
 * Findings the CLI itself reports about a file, outside the engine's catalogue.
 * They are always errors and cannot be configured: a file that cannot be read
 * has not been checked. They live here, not in the core's catalogue, because
 * only a face that reads files can report them: the engine's RuleId does not
 * include them, and a report's (ReportRuleId) does.
 */
import { CATALOGUE } from '../core/light';
import type { RuleId, RuleInfo } from '../core/light';

export const FILE_UNREADABLE = 'file-unreadable';
export const INTERNAL_ERROR = 'internal-error';

/** The ids of findings the faces report themselves. */
export type CliRuleId = typeof FILE_UNREADABLE | typeof INTERNAL_ERROR;

/** Every id a report (CLI formats, cache, workspace pass) can name. */
export type ReportRuleId = RuleId | CliRuleId;

export const CLI_RULES: readonly RuleInfo<CliRuleId>[] = [
  {
    id: FILE_UNREADABLE,
    defaultSeverity: 'error',
    summary: 'The file could not be read as a plan: it is missing, not readable, too large, binary or not UTF-8 text.',
    why: 'A plan that cannot be read has not been checked; it should not pass unnoticed.',
  },
  {
    id: INTERNAL_ERROR,
    defaultSeverity: 'error',
    summary: 'qipp failed while checking the file.',
    why: 'This is a fault in qipp, not in the plan; the plan has not been fully checked. Please report it with the file.',
  },
];

/** Every rule a report can name: the catalogue's, then the CLI's own. */
export const ALL_RULES: readonly RuleInfo<ReportRuleId>[] = [...CATALOGUE, ...CLI_RULES];
