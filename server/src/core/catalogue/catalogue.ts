import { PLAN_KINDS_IN_WORDS } from '../kinds';
import type { NationalMilestone, PlanKind, Severity, SeveritySetting } from '../types';

/** What a rule checks and why, for hover, SARIF help and the rules reference. */
export interface RuleInfo<Id extends string = string> {
  id: Id;
  defaultSeverity: Severity;
  /** One line: what the rule checks. */
  summary: string;
  /** Why it matters to a planning lead, with the source where there is one. */
  why: string;
}

/**
 * The rule catalogue of the spec (section 3). Ids and default severities are
 * part of the contract; the texts are ours. Order is the spec's order.
 */
const ENTRIES = [
  { id: 'yaml-syntax', defaultSeverity: 'error', summary: 'The file is not valid YAML, or a key appears twice in the same mapping.', why: 'Nothing else in the plan can be checked reliably until the file reads as YAML; a repeated key silently hides one of the two values.' },
  { id: 'schema', defaultSeverity: 'error', summary: 'A value has the wrong type, is not one of the allowed values, is missing, or a key is not part of the plan format.', why: 'The plan format is shared by every region, so plans can be compared and combined; a misspelt key is usually information that would otherwise be lost.' },
  { id: 'unknown-kind', defaultSeverity: 'error', summary: `\`kind\` is missing or is not one of ${PLAN_KINDS_IN_WORDS}.`, why: 'The kind decides which sections a plan needs and which rules apply to it.' },
  { id: 'required-section', defaultSeverity: 'error', summary: 'A section the kind of plan requires is missing or empty.', why: 'Each kind of plan has sections that the national guidance asks for; a QIPP and Reform plan, for example, must cover finance, the new commissioning landscape, the new provider landscape and enabling the change.' },
  { id: 'duplicate-id', defaultSeverity: 'error', summary: 'An id is used for more than one organisation, initiative, milestone or risk.', why: 'References such as `lead`, `owner` and `after` would be ambiguous.' },
  { id: 'unknown-ref', defaultSeverity: 'error', summary: 'A reference (`lead`, `owner`, `organisation`, `after`, `depends_on`, `affects` or `delivers`) names something the plan does not define.', why: 'A dangling reference usually means a renamed or deleted organisation, initiative or milestone.' },
  { id: 'fy-format', defaultSeverity: 'error', summary: 'A financial year is not written YYYY/YY with consecutive years, such as 2010/11.', why: 'Financial years run from April to March; 2010/12 or 2010-11 cannot be matched to the efficiency target.' },
  { id: 'fy-outside-period', defaultSeverity: 'warning', summary: 'Yearly money names a financial year outside the plan\'s period.', why: 'Money outside the period is not counted against any target in the plan.' },
  { id: 'split-section-side', defaultSeverity: 'error', summary: 'An initiative in `commissioning` is provider-side, or one in `provision` is commissioner-side.', why: 'QIPP and Reform plans are "split between commissioner and provider requirements".' },
  { id: 'split-lead-side', defaultSeverity: 'error', summary: 'The lead organisation\'s side (from its type) contradicts the initiative\'s `side`.', why: 'A commissioner should not lead provider-side work, and the reverse, once the commissioner/provider split is made.' },
  { id: 'split-dual-role', defaultSeverity: 'warning', summary: 'One organisation leads both commissioner-side and provider-side initiatives.', why: 'The 2010 letter asks for the commissioner/provider split to be completed; an organisation on both sides is a conflict of interest to explain.' },
  { id: 'milestones-missing', defaultSeverity: 'error', summary: 'An initiative has no milestones.', why: 'The 2010 letter asks for "comprehensive and detailed timelines".' },
  { id: 'milestone-cycle', defaultSeverity: 'error', summary: '`after` or `depends_on` entries form a loop.', why: 'A loop means none of the milestones or initiatives in it can ever start.' },
  { id: 'milestone-order', defaultSeverity: 'error', summary: 'A milestone is due before a milestone it comes `after`.', why: 'The timeline cannot be delivered in that order.' },
  { id: 'milestone-outside-period', defaultSeverity: 'warning', summary: 'A milestone is due outside the plan\'s period.', why: 'Work outside the period is not covered by the plan\'s finance or governance.' },
  { id: 'milestone-overdue', defaultSeverity: 'warning', summary: 'A milestone was due before the plan\'s `as_of` date and is not done.', why: 'The status report should say whether the milestone is late or done.' },
  { id: 'milestone-done-date', defaultSeverity: 'error', summary: '`done_on` is given but the status is not `done`, or `done_on` is after the `as_of` date.', why: 'A milestone cannot be finished after the date the plan reports at.' },
  { id: 'owner-ceased', defaultSeverity: 'error', summary: 'The milestone\'s owner no longer exists on its due date.', why: 'SHAs cease from 1 April 2012 and PCTs from 1 April 2013 ("Primary Care Trusts will cease to exist from April 2013"); someone else must own later work.' },
  { id: 'national-deadline', defaultSeverity: 'error', summary: 'A milestone that delivers a national milestone is due after the national deadline (or, for bridging, before it).', why: 'National milestones come from the national guidance and are not negotiable locally.' },
  { id: 'plan-owner-type', defaultSeverity: 'error', summary: 'The organisation that owns a QIPP and Reform plan is not an SHA.', why: 'QIPP and Reform plans are regional plans, owned by the strategic health authority.' },
  { id: 'savings-total', defaultSeverity: 'warning', summary: 'For a financial year of the period, the recurrent initiatives\' savings do not add up to the efficiency target.', why: 'The plan should show how the whole efficiency target is met, year by year.' },
  { id: 'subsidiarity-rationale', defaultSeverity: 'warning', summary: 'A national-level initiative does not say why it is not done at a lower level.', why: 'Subsidiarity: work is done at the lowest level that can do it well.' },
  { id: 'quality-impact-missing', defaultSeverity: 'warning', summary: 'A productivity initiative with savings has no quality impact assessment.', why: 'Every saving should be checked for its effect on the quality of care.' },
  { id: 'engagement-missing', defaultSeverity: 'warning', summary: 'A QIPP and Reform plan does not say how staff, partners and the public are engaged.', why: 'Staff, Local Authority and other partners, and the public should be engaged in the plan.' },
  { id: 'non-recurrent-cap', defaultSeverity: 'error', summary: 'The 2% non-recurring funds of a financial year exceed 2% of that year\'s recurrent allocation.', why: 'The non-recurring funds are 2% of the allocation; more cannot be applied.' },
  { id: 'pillars-missing', defaultSeverity: 'error', summary: 'An initiative names no QIPP pillar (quality, innovation, productivity, prevention).', why: 'Every initiative should say which part of QIPP it serves.' },
  { id: 'prevention-transfer', defaultSeverity: 'info', summary: 'A commissioner-side prevention initiative does not say whether it transfers to public health.', why: 'Much prevention work moves to the new public health service; the plan should say which.' },
  { id: 'clinical-lead-missing', defaultSeverity: 'warning', summary: 'A commissioner-side initiative has no named clinical lead.', why: 'The guidance asks for "clinical ownership and leadership" of change.' },
  { id: 'risk-score', defaultSeverity: 'info', summary: 'A risk scoring 15 or more (likelihood × impact) has no mitigation.', why: 'High risks need a mitigation the board can follow.' },
  { id: 'engagement-incomplete', defaultSeverity: 'error', summary: 'A QIPP plan\'s engagement lacks its narrative, or how staff, partners or the public are engaged.', why: 'The 2009 letter asks for "a clear narrative" shared with staff, partners and the public.' },
  { id: 'cqc-target', defaultSeverity: 'error', summary: 'The target CQC rating is below good.', why: 'The provider task to 2020 expects every provider to aim for good or outstanding.' },
  { id: 'cqc-key-questions', defaultSeverity: 'warning', summary: 'The plan does not answer all five CQC key questions: safe, effective, caring, responsive and well-led.', why: 'The CQC inspects against all five questions.' },
  { id: 'five-steps', defaultSeverity: 'error', summary: 'An improvement lacks one of the five steps (recognition of need, knowing and sharing, local decision, change support, sustainability).', why: 'The 2004 improvement model treats the five steps as one cycle; a missing step is where improvement stalls.' },
  // Added by the project (the spec allows new rules; it fixes the meaning of its own ids).
  // Cross-plan rules: they compare the plans checked together (qipp validate over several files, the editor's
  // workspace folder) and never fire on a plan alone. See cross.ts for the order that decides which plan is "later".
  { id: 'cross-org-conflict', defaultSeverity: 'warning', summary: 'An organisation id has another `name` or `type` than in an earlier plan covering some of the same financial years.', why: 'Plans are read together by the region and nationally; one id that means two organisations makes the totals by organisation, the commissioner/provider split and the milestones by owner wrong.' },
  { id: 'cross-duplicate-plan', defaultSeverity: 'warning', summary: 'Two plans of the same kind for the same organisation cover overlapping financial years.', why: 'An organisation has one plan of each kind for a period; a second one counts its targets, savings and milestones twice when the plans are added up.' },
  { id: 'cross-dual-role', defaultSeverity: 'warning', summary: 'An organisation leads commissioner-side initiatives in one plan and provider-side initiatives in another.', why: 'The 2010 letter asks for the commissioner/provider split to be completed; an organisation on both sides across plans is the same conflict of interest as within one plan.' },
  { id: 'national-timeline', defaultSeverity: 'error', summary: 'The national timeline file the plan names cannot be read, or an entry in it is malformed.', why: 'Without it, `delivers` and the national deadlines cannot be checked against the timeline the plan meant.' },
] as const satisfies readonly RuleInfo[];

/**
 * Every id the engine can report: the spec's and the project's own
 * (`national-timeline`). Rules, quick fixes, findings and configurations are
 * keyed by it, so a misspelt id does not compile. Ids only a face reports
 * (the CLI's `file-unreadable`) are the face's own (node/rules.ts).
 */
export type RuleId = (typeof ENTRIES)[number]['id'];

export const CATALOGUE: readonly RuleInfo<RuleId>[] = ENTRIES;

const byId = new Map<string, RuleInfo<RuleId>>(CATALOGUE.map((r) => [r.id, r]));

/** True when `id` (from a configuration, a schema annotation or an editor) is a rule the engine knows. */
export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}

/** The catalogue entry of a rule id, or undefined for an id the catalogue does not know. */
export function ruleInfo(id: string): RuleInfo<RuleId> | undefined {
  return byId.get(id);
}

/** The catalogue's default severities, for faces that build a configuration. */
export function defaultRules(): Record<RuleId, Severity> {
  return Object.fromEntries(CATALOGUE.map((r) => [r.id, r.defaultSeverity])) as Record<RuleId, Severity>;
}

/** Severity overrides by rule id; `off` silences the rule. */
export type RuleSettings = Partial<Record<RuleId, SeveritySetting>>;

/** Settings every face passes to the engine; built once per configuration. */
export interface EngineConfig {
  /** Severity overrides by rule id; `off` silences the rule. */
  rules: RuleSettings;
  /** Replaces the built-in national milestones when given. */
  nationalTimeline?: readonly NationalMilestone[];
  /** Extra JSON Schemas (parsed objects) applied on top of the built-in schema of the kind they name. */
  extraSchemas?: readonly { kind: PlanKind; schema: object; source: string }[];
}

