/**
 * The registry of domain rules, keyed by the spec's rule ids. A new rule is one
 * value in a family file and one line here. Rules the schema reports
 * (required-section, milestones-missing, pillars-missing, fy-format,
 * engagement-incomplete, five-steps) come from `x-qipp-rule` annotations in the
 * schemas instead, and yaml-syntax, schema and unknown-kind from the engine.
 */
import { duplicateId, unknownRef } from './ids';
import { cqcKeyQuestions, cqcTarget, planOwnerType } from './kinds';
import { fyOutsidePeriod, nonRecurrentCap, qualityImpactMissing, savingsTotal } from './finance';
import { milestoneCycle, milestoneDoneDate, milestoneOrder, milestoneOutsidePeriod, milestoneOverdue, nationalDeadline, ownerCeased } from './milestones';
import { clinicalLeadMissing, engagementMissing, preventionTransfer, riskScore, subsidiarityRationale } from './sections';
import { splitDualRole, splitLeadSide, splitSectionSide } from './split';
import type { Rule } from './rule';
import type { RuleId } from '../../catalogue';

export type { Rule, RuleContext } from './rule';

export const RULES: readonly Rule[] = [
  duplicateId,
  unknownRef,
  fyOutsidePeriod,
  splitSectionSide,
  splitLeadSide,
  splitDualRole,
  milestoneCycle,
  milestoneOrder,
  milestoneOutsidePeriod,
  milestoneOverdue,
  milestoneDoneDate,
  ownerCeased,
  nationalDeadline,
  planOwnerType,
  savingsTotal,
  subsidiarityRationale,
  qualityImpactMissing,
  engagementMissing,
  nonRecurrentCap,
  preventionTransfer,
  clinicalLeadMissing,
  riskScore,
  cqcTarget,
  cqcKeyQuestions,
];

/** Rules whose findings come from the schema's `x-qipp-rule` annotations and formats. */
export const SCHEMA_RULES = ['required-section', 'milestones-missing', 'pillars-missing', 'fy-format', 'engagement-incomplete', 'five-steps'] as const satisfies readonly RuleId[];
