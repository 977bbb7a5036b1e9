/**
 * The cross-plan rules in `qipp validate`: run after every plan's own results
 * are in, whether checked now or replayed from the cache, on each plan's facts
 * (worked out with its diagnostics and kept beside them in the cache). So a
 * cached run gives the same cross-plan findings as a cold one, and a change
 * to one plan changes the findings of the others without their being read.
 * A single plan gives none. esbuild takes only cross.ts and the catalogue from
 * the check group into the CLI's small bundle (as for node/rules.ts).
 *
 * With `--cache`, the findings of the whole set are kept too, under a key made
 * of every plan's path, name in the report, result key (content,
 * configuration, tool) and rule settings: a run over the same set of
 * unchanged plans replays them without reading any plan's facts.
 */
import { crossPlanFindings, type CrossPlan, type PlanFacts } from '../core/light';
import type { SeveritySetting } from '../core/types';
import { sha256 } from '../node/cache';
import type { Diagnostic, FileReport } from '../node/report';

export interface CrossEntry {
  report: FileReport;
  /** The plan's full path: the order of full paths decides which plan is "later". */
  path: string;
  facts?: PlanFacts;
  /** Facts kept in the cache, read only when the rules have to run. */
  storedFacts?: () => PlanFacts | undefined;
  rules: Readonly<Record<string, SeveritySetting>>;
  /** The plan's result key in the cache (cache.ts resultKey), when the cache is on. */
  key?: string;
}

/** Each entry's cross-plan findings, by entry index (entries with none are left out). */
export type CrossFindings = [number, Diagnostic[]][];

/** Adds each plan's cross-plan findings to its report, in position order (plans without facts, unreadable ones, take no part); returns what was added. */
export function addCrossPlanFindings(entries: readonly CrossEntry[]): CrossFindings {
  const usable: { e: CrossEntry; at: number; facts: PlanFacts }[] = [];
  entries.forEach((e, at) => {
    const facts = e.facts ?? e.storedFacts?.();
    if (facts !== undefined) usable.push({ e, at, facts });
  });
  if (usable.length < 2) return [];
  const plans: CrossPlan[] = usable.map(({ e, facts }) => ({ key: e.path, label: e.report.file, facts, rules: e.rules }));
  const added: CrossFindings = [];
  crossPlanFindings(plans).forEach((found, i) => {
    if (found.length === 0) return;
    added.push([usable[i].at, found.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, range: f.range }))]);
  });
  applyCrossFindings(entries, added);
  return added;
}

/** Adds findings worked out before (addCrossPlanFindings, or replayed from the cache) to the reports. */
export function applyCrossFindings(entries: readonly CrossEntry[], found: CrossFindings): void {
  for (const [at, added] of found) {
    const report = entries[at].report;
    report.diagnostics = [...report.diagnostics, ...added].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}

/** The key of a set of plans for the cross-plan findings, or undefined when some plan has no result key. */
export function crossSetKey(entries: readonly CrossEntry[]): string | undefined {
  const parts: string[] = [];
  for (const e of entries) {
    if (e.key === undefined) return undefined;
    parts.push(JSON.stringify([e.path, e.report.file, e.key, e.rules]));
  }
  return sha256(parts.join('\n'));
}
