/**
 * report: the report across many plans. summarisePlan(analysis) gives one
 * plan's summary (plain data); buildReport(summaries) the report model (what
 * `qipp report --format json` writes); reportTables, renderReportHtml,
 * reportMarkdown and tableCsv draw it. All pure: the CLI and the language
 * server call the same functions. Knows check, model and render; nothing above.
 */
export { summarisePlan, unreadableSummary, type PlanSummary, type SummaryMilestone, type SummaryProblem, type SummaryRisk, type YearMoney } from './summary';
export { buildReport, COMMISSIONING_MILESTONES, DEFAULT_HORIZON_DAYS, REPORT_FORMAT_VERSION, SPLIT_MILESTONES, withCrossPlan, type CrossPlanOptions, type ReportModel, type ReportOptions } from './model';
export { reportTables, type Cell, type Column, type ColumnType, type Table } from './tables';
export { renderReportHtml, safeHref, type ReportHtmlOptions } from './html';
export { renderReportTimeline } from './timeline';
export { mdText, reportMarkdown, tableCsv } from './text';
