/**
 * The report as tables: what csv (one file per table), xlsx (one sheet per
 * table) and the page's tables are drawn from. Numbers stay numbers; `money`
 * columns are millions of pounds.
 */
import type { ReportModel } from './model';

export type ColumnType = 'text' | 'int' | 'money' | 'date' | 'bool';
export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  title: string;
  type: ColumnType;
}

export interface Table {
  /** File and sheet name: lower-case words joined by hyphens. */
  id: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const t = (key: string, title: string): Column => ({ key, title, type: 'text' });
const int = (key: string, title: string): Column => ({ key, title, type: 'int' });
const gbp = (key: string, title: string): Column => ({ key, title, type: 'money' });
const date = (key: string, title: string): Column => ({ key, title, type: 'date' });
const bool = (key: string, title: string): Column => ({ key, title, type: 'bool' });

function table(id: string, title: string, columns: Column[], rows: readonly object[]): Table {
  return { id, title, columns, rows: rows.map((r) => columns.map((c) => ((r as Record<string, Cell | undefined>)[c.key] ?? null) as Cell)) };
}

const DELIVERY_COLUMNS = [t('file', 'Plan file'), t('organisation', 'Plan organisation'), t('milestone', 'Milestone'), t('title', 'Title'), t('owner', 'Owner'), date('due', 'Due'), t('status', 'Status')];

/** Every table of the report, in the order the page shows them. */
export function reportTables(m: ReportModel): Table[] {
  const nationalRows = m.national.milestones.flatMap((n) => n.deliveries.map((d) => ({ national: n.id, nationalTitle: n.title, deadline: n.deadline, ...d })));
  return [
    table('plans', 'Plans', [t('file', 'Plan file'), t('kind', 'Kind'), t('organisation', 'Organisation'), t('organisationName', 'Organisation name'), t('title', 'Title'), t('period', 'Period'), t('status', 'Status'), date('asOf', 'As of'), t('version', 'Version'), int('errors', 'Errors'), int('warnings', 'Warnings'), int('infos', 'Information')], m.plans),
    table('problems', 'Problems', [t('file', 'Plan file'), int('line', 'Line'), int('column', 'Column'), t('severity', 'Severity'), t('rule', 'Rule'), t('message', 'Message')], m.problems),
    table('money-by-year', 'Money by financial year', [t('file', 'Plan file'), t('kind', 'Kind'), t('organisation', 'Organisation'), t('year', 'Financial year'), gbp('target', 'Efficiency target £m'), gbp('recurrent', 'Recurrent savings £m'), gbp('oneOff', 'One-off savings £m'), gbp('gap', 'Gap £m')], m.money.years),
    table('money-totals', 'Money totals', [t('label', 'Total'), t('year', 'Financial year'), int('plans', 'Plans'), gbp('target', 'Efficiency target £m'), gbp('recurrent', 'Recurrent savings £m'), gbp('oneOff', 'One-off savings £m'), gbp('gap', 'Gap £m')], m.money.totals),
    table('non-recurrent-2pc', 'The 2% non-recurring funds', [t('file', 'Plan file'), t('organisation', 'Organisation'), t('organisationName', 'Organisation name'), t('year', 'Financial year'), gbp('amount', 'Amount £m'), gbp('planYearTotal', 'Plan total that year £m'), gbp('cap', 'Cap (2% of allocation) £m'), bool('overCap', 'Over the cap')], m.money.nonRecurrent),
    table('named-support', 'Financial support for named organisations', [t('file', 'Plan file'), t('organisation', 'Organisation'), t('organisationName', 'Organisation name'), gbp('amount', 'Amount £m'), t('reason', 'Reason')], m.money.namedSupport),
    table('regional-funds', 'Regionally lodged funds', [t('file', 'Plan file'), t('name', 'Fund'), gbp('amount', 'Amount £m'), t('deployment', 'Deployment')], m.money.regionalFunds),
    table('national-milestones', 'National milestones and the plans that deliver them', [t('national', 'National milestone'), t('nationalTitle', 'Title'), date('deadline', 'National deadline'), ...DELIVERY_COLUMNS, date('doneOn', 'Done on'), bool('late', 'Late'), int('daysLate', 'Days late')], nationalRows),
    table('national-late', 'Late against the national deadline', [t('national', 'National milestone'), date('deadline', 'National deadline'), ...DELIVERY_COLUMNS, int('daysLate', 'Days late')], m.national.late),
    table('national-missing', 'Regional plans missing the split or the commissioning landscape', [t('file', 'Plan file'), t('organisation', 'Organisation'), bool('split', 'Delivers none of the split'), bool('commissioning', 'Delivers none of the commissioning landscape')], m.national.missing),
    table('overdue', 'Milestones overdue', [...DELIVERY_COLUMNS, date('asOf', 'As of'), int('days', 'Days overdue')], m.delivery.overdue),
    table('due-soon', `Milestones due within ${m.horizonDays} days`, [...DELIVERY_COLUMNS, date('asOf', 'As of'), int('days', 'Days left')], m.delivery.dueSoon),
    table('delivery-by-owner', 'Milestones overdue and due soon by plan and organisation', [t('file', 'Plan file'), t('organisation', 'Plan organisation'), t('owner', 'Owner'), int('overdue', 'Overdue'), int('dueSoon', `Due within ${m.horizonDays} days`)], m.delivery.byOwner),
    table('rag', 'Delivery confidence (RAG) by plan', [t('file', 'Plan file'), t('organisation', 'Organisation'), int('red', 'Red'), int('amber', 'Amber'), int('green', 'Green'), int('none', 'No RAG')], m.delivery.rag),
    table('risks', 'Highest-scoring risks', [t('file', 'Plan file'), t('organisation', 'Plan organisation'), t('risk', 'Risk'), t('title', 'Title'), int('likelihood', 'Likelihood'), int('impact', 'Impact'), int('score', 'Score'), t('owner', 'Owner'), bool('mitigated', 'Mitigation given')], m.delivery.risks),
  ];
}
