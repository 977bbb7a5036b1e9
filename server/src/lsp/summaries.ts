/**
 * Summaries the workspace store makes itself (no engine run): a plan that
 * could not be read or checked, as `qipp report` shows one. No Node or LSP
 * import, so both language servers can take it.
 */
import type { PlanSummary } from '../core';

/** A plan that could not be read or checked, as the overview shows it (as `qipp report` does). */
export function unreadableSummary(file: string, href: string, message: string, rule = 'file-unreadable'): PlanSummary {
  return {
    file,
    href,
    problems: [{ rule, severity: 'error', message, line: 0, character: 0 }],
    facts: { organisations: [], leads: [] },
    finance: { recurrent: {}, oneOff: {}, nonRecurrent: [], namedSupport: [], regionalFunds: [] },
    milestones: [],
    rag: { red: 0, amber: 0, green: 0, none: 0 },
    risks: [],
    timeline: [],
  };
}
