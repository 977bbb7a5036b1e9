/**
 * The cross-plan rules in `qipp validate`: run after every plan's own results
 * are in, whether checked now or replayed from the cache, on each plan's facts
 * (worked out with its diagnostics and kept beside them in the cache). So a
 * cached run gives the same cross-plan findings as a cold one, and a change
 * to one plan changes the findings of the others without their being read.
 * A single plan gives none. esbuild takes only cross.ts and the catalogue from
 * the check group into the CLI's small bundle (as for node/rules.ts).
 */
import { crossPlanFindings, type CrossPlan, type PlanFacts } from '../core/light';
import type { SeveritySetting } from '../core/types';
import type { Diagnostic, FileReport } from '../node/report';

export interface CrossEntry {
  report: FileReport;
  /** The plan's full path: the order of full paths decides which plan is "later". */
  path: string;
  facts?: PlanFacts;
  rules: Readonly<Record<string, SeveritySetting>>;
}

/** Adds each plan's cross-plan findings to its report, in position order (plans without facts, unreadable ones, take no part). */
export function addCrossPlanFindings(entries: readonly CrossEntry[]): void {
  const usable = entries.filter((e): e is CrossEntry & { facts: PlanFacts } => e.facts !== undefined);
  if (usable.length < 2) return;
  const plans: CrossPlan[] = usable.map((e) => ({ key: e.path, label: e.report.file, facts: e.facts, rules: e.rules }));
  crossPlanFindings(plans).forEach((found, i) => {
    if (found.length === 0) return;
    const report = usable[i].report;
    const added: Diagnostic[] = found.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }));
    const all = [...report.diagnostics, ...added].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    report.diagnostics = all;
  });
}
