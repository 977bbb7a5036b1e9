/**
 * compare: what changed between two versions of a plan, by meaning (ids), not
 * by line: diffPlans(old, new) -> PlanDiff, and the diff as text, Markdown and
 * an HTML page in the preview's style. PURE; knows check, model and render;
 * the CLI (`qipp diff`) and the language server read the files.
 */
export { cannotCompare, diffPlans, failing } from './diff';
export { moneyTotals } from './money';
export { DIFF_CSS, renderDiffHtml, renderDiffReportHtml, renderDiffSection, type DiffHtmlOptions } from './page';
export { renderDiffMarkdown, renderDiffText } from './text';
export { describe, headline } from './words';
export type { Change, ChangeType, DiffEntry, DiffOptions, FailOn, MoneyTotals, MoneyYear, PlanDiff, PlanSummary as VersionSummary, Savings, Score, TimelineDiff, Value } from './types';
