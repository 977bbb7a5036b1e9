/**
 * What changed between two versions of a plan, as data: the shape of
 * `qipp diff --format json` (schemas/diff.schema.json) and of what the editor
 * shows. Things are matched by id, never by line. Absent values are `null`,
 * so that the JSON says so.
 */
import type { PlanKind, Severity } from '../types';

/** A value as written in the plan: text, a number, a flag or a list of words. */
export type Value = string | number | boolean | string[] | null;

/** Savings of one initiative in one financial year, split as the target counts them. */
export interface Savings {
  /** Counted against the efficiency target (`recurrent` not false). */
  recurrent: number;
  /** One-off money (`recurrent: false`). */
  oneOff: number;
}

export type FundList = 'non_recurrent_2pc' | 'named_support' | 'regional_funds';
export type FinanceKey = 'efficiency_target_gbp_m' | 'efficiency_gbp_m' | 'recurrent_allocation_gbp_m';
export type Direction = 'slipped' | 'brought-forward';

export type PlanField = 'title' | 'organisation' | 'period' | 'as_of' | 'status' | 'version';
export type OrganisationField = 'name' | 'type' | 'side' | 'ceases';
export type InitiativeField = 'title' | 'section' | 'side' | 'lead' | 'level' | 'pillars' | 'rag' | 'recurrent';
export type MilestoneField = 'title' | 'owner' | 'delivers' | 'initiative' | 'due';

export interface Score {
  likelihood: number | null;
  impact: number | null;
  /** likelihood × impact, when both are given. */
  score: number | null;
}

/**
 * One change. `old` is the earlier version's value, `new` the later one's; a
 * milestone's `initiative` is the one it is in in the later version (the
 * earlier, for a milestone removed). Compared the other way round, a diff gives
 * the same changes mirrored: added and removed, fixed and new, old and new
 * swapped, days negated.
 */
export type Change =
  | { type: 'plan-changed'; field: PlanField; old: Value; new: Value }
  | { type: 'organisation-added' | 'organisation-removed'; id: string; name: string | null; orgType: string | null; side: string }
  | { type: 'organisation-changed'; id: string; field: OrganisationField; old: Value; new: Value }
  | { type: 'initiative-added' | 'initiative-removed'; id: string; title: string | null; section: string; side: string | null }
  | { type: 'initiative-changed'; id: string; field: InitiativeField; old: Value; new: Value }
  | {
      type: 'milestone-added' | 'milestone-removed';
      id: string;
      initiative: string | null;
      title: string | null;
      due: string | null;
      status: string | null;
      /** Due before its plan's `as_of` and not done. */
      overdue: boolean;
      /** The national milestone whose deadline it breaks, if any. */
      breaksNational: string | null;
    }
  | { type: 'milestone-due'; id: string; initiative: string | null; old: string; new: string; days: number; direction: Direction }
  | { type: 'milestone-status'; id: string; initiative: string | null; old: string | null; new: string | null }
  | { type: 'milestone-overdue'; id: string; initiative: string | null; due: string | null; old: boolean; new: boolean }
  | { type: 'milestone-national'; id: string; initiative: string | null; delivers: string; deadline: string; due: string | null; old: boolean; new: boolean }
  | { type: 'milestone-changed'; id: string; initiative: string | null; field: MilestoneField; old: Value; new: Value }
  | { type: 'savings'; initiative: string; year: string; old: Savings; new: Savings }
  | { type: 'finance'; key: FinanceKey; year: string; old: number | null; new: number | null }
  | { type: 'fund'; list: FundList; key: string; old: number | null; new: number | null }
  | { type: 'risk-added' | 'risk-removed'; id: string; title: string | null; score: Score }
  | { type: 'risk-rescored'; id: string; old: Score; new: Score }
  | { type: 'finding-fixed' | 'finding-new'; rule: string; severity: Severity; where: string; line: number; message: string };

export type ChangeType = Change['type'];

/** One financial year's money in one version. */
export interface MoneyYear {
  year: string;
  target: number | null;
  recurrent: number;
  oneOff: number;
  /** Target minus recurrent savings (positive: short of the target); null without a target. */
  gap: number | null;
}

/** Money of one version: yearly totals and the total of each list of funds. */
export interface MoneyTotals {
  years: MoneyYear[];
  funds: Record<FundList, number>;
}

export interface PlanSummary {
  kind: PlanKind;
  title: string | null;
  asOf: string | null;
}

export interface PlanDiff {
  old: PlanSummary;
  new: PlanSummary;
  /** Every change, grouped (plan, organisations, initiatives, milestones, money, risks, findings), in plan order. */
  changes: Change[];
  /** The money of each version, year by year (every year either version names). */
  money: { old: MoneyTotals; new: MoneyTotals };
  /** The two timelines of the initiatives whose milestones moved, were added or removed: what the page overlays. */
  timeline: TimelineDiff;
}

export interface TimelineDiff {
  rows: {
    initiative: string;
    title: string | null;
    /** Every milestone of the initiative in either version; a date is null where that version has none. */
    milestones: { id: string; title: string | null; old: string | null; new: string | null; status: string | null }[];
  }[];
  /** The national milestones those milestones deliver. */
  national: { id: string; title: string; deadline: string }[];
  /** Each version's `as_of`. */
  asOf: { old: string | null; new: string | null };
}

/** One plan of a comparison: a pair of versions, or a plan only one side has (folders). */
export interface DiffEntry {
  /** The plan's path as shown. */
  path: string;
  /** What the old and new versions are: a path, or a git revision. */
  oldLabel: string;
  newLabel: string;
  /** null when only one side has the plan (`only` says which). */
  diff: PlanDiff | null;
  only?: 'old' | 'new';
}

export interface DiffOptions {
  /** Compare findings too (fixed and new); default true. */
  findings?: boolean;
}

/** What `--fail-on` can ask about. */
export type FailOn = 'slipped' | 'slipped-national' | 'new-errors';
