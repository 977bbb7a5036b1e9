/**
 * Starter plans, one per kind: what `qipp init` writes and what the editor's
 * "new plan" snippet inserts. PURE. Each template is a complete plan that
 * gives no diagnostic with the default configuration, so a planning lead
 * starts from a clean file and replaces the example content.
 */
import { yamlText } from '../text';
import { PLAN_KINDS, type PlanKind } from './table';

export interface StarterOptions {
  /** The plan's title; a placeholder when absent. */
  title?: string;
}

const DEFAULT_TITLES: Record<PlanKind, string> = {
  'qipp-reform-plan': 'NHS Northshire QIPP and Reform plan',
  'qipp-plan': 'Aylesford PCT response to the QIPP challenge',
  'provider-plan': 'Vale NHS Foundation Trust plan to 2020',
  'improvement-plan': 'Aylesford outpatients improvement plan',
};

/** The text of a new plan of `kind`, ending with a newline. */
export function starterPlan(kind: PlanKind, options: StarterOptions = {}): string {
  const title = yamlText(options.title ?? DEFAULT_TITLES[kind]);
  return TEMPLATES[kind].replace('{{title}}', title);
}

/** The kinds a starter plan exists for (all of them), in the spec's order. */
export const STARTER_KINDS: readonly PlanKind[] = PLAN_KINDS;

const TEMPLATES: Record<PlanKind, string> = {
  'qipp-reform-plan': `# A regional QIPP and Reform plan (2010 transition letter).
# Replace the example content; keep every section. Run \`qipp validate\` to check it.
kind: qipp-reform-plan
schema_version: 1
title: {{title}}
organisation: sha-north      # the SHA that owns the plan
period: 2010/11-2013/14      # financial years, April to March
status: draft                # draft, submitted or agreed
organisations:
  - {id: sha-north, name: NHS Northshire, type: sha}
  - {id: pct-ayle, name: Aylesford PCT, type: pct}
  - {id: trust-nh, name: Northshire Hospitals NHS Trust, type: nhs-trust}
engagement:
  staff: How staff are engaged, for example a monthly partnership forum.
  partners: How the Local Authority and other partners are engaged.
  public: How the public is engaged, for example listening events.
finance:
  # The recurrent initiatives' savings_gbp_m should add up to this, year by year.
  efficiency_target_gbp_m: {2010/11: 1.0, 2011/12: 2.0, 2012/13: 2.0, 2013/14: 2.0}
commissioning:
  aims:
    - The new commissioning landscape this plan creates.
  initiatives:
    - id: C1
      title: An example commissioner-side initiative
      side: commissioner
      lead: pct-ayle
      clinical_lead: Dr A. Clinician
      pillars: [quality, productivity]
      level: local
      savings_gbp_m: {2010/11: 0.5, 2011/12: 1.0, 2012/13: 1.0, 2013/14: 1.0}
      quality_impact: {assessed_on: 2010-07-01, summary: What the saving means for the quality of care.}
      milestones:
        - {id: C1.1, title: Business case agreed, due: 2010-12-31, status: not-started}
provision:
  aims:
    - The new provider landscape this plan creates.
  initiatives:
    - id: P1
      title: An example provider-side initiative
      side: provider
      lead: trust-nh
      pillars: [quality, productivity]
      level: local
      savings_gbp_m: {2010/11: 0.5, 2011/12: 1.0, 2012/13: 1.0, 2013/14: 1.0}
      quality_impact: {assessed_on: 2010-07-01, summary: What the saving means for the quality of care.}
      milestones:
        - {id: P1.1, title: New service live, due: 2011-06-30, status: not-started}
enabling:
  aims:
    - How the change is enabled through the transition.
  initiatives:
    - id: E1
      title: Regional commissioner/provider split
      side: joint
      lead: sha-north
      pillars: [quality]
      level: regional
      milestones:
        - {id: E1.1, title: SHA functions split into commissioning and provision, due: 2010-12-31, status: not-started, delivers: regional-split}
risks:
  - {id: R1, title: An example risk, likelihood: 2, impact: 3, owner: sha-north, mitigation: What reduces it.}
`,
  'qipp-plan': `# A board's response to the QIPP challenge (2009 letter): actions, leadership,
# engagement and policy asks. Replace the example content; run \`qipp validate\` to check it.
kind: qipp-plan
schema_version: 1
title: {{title}}
organisation: pct-ayle
period: 2009/10-2010/11      # financial years, April to March
status: draft                # draft, submitted or agreed
organisations:
  - {id: pct-ayle, name: Aylesford PCT, type: pct}
  - {id: trust-nh, name: Northshire Hospitals NHS Trust, type: nhs-trust}
actions:
  - id: A1
    title: An example action
    lead: pct-ayle
    clinical_lead: Dr A. Clinician
    pillars: [quality, productivity]
    level: local
    savings_gbp_m: {2009/10: 0.5, 2010/11: 1.0}
    quality_impact: {assessed_on: 2009-09-01, summary: What the saving means for the quality of care.}
    milestones:
      - {id: A1.1, title: First milestone, due: 2009-12-31, status: not-started}
leadership:
  board_focus: How the board keeps QIPP on its agenda.
  clinical_leaders: [Dr A. Clinician]
  development: How clinical and managerial leaders are developed.
engagement:
  narrative: What QIPP means here, in a few sentences for staff and public.
  staff: How staff are engaged.
  partners: How partners are engaged.
  public: How the public is engaged.
policy_asks:
  - {topic: tariffs, ask: A change to the national policy framework the plan needs, level: national}
`,
  'provider-plan': `# A provider's plan for the 2016 provider task to 2020.
# Replace the example content; run \`qipp validate\` to check it.
kind: provider-plan
schema_version: 1
title: {{title}}
organisation: ft-vale
period: 2016/17-2019/20      # financial years, April to March
status: draft                # draft, submitted or agreed
organisations:
  - {id: ft-vale, name: Vale NHS Foundation Trust, type: foundation-trust}
quality:
  cqc_rating: {current: requires-improvement, target: good, by: 2018-03-31}
  key_questions:
    safe: How the trust keeps patients safe.
    effective: How care is made effective.
    caring: How the trust shows care.
    responsive: How services respond to people's needs.
    well-led: How the trust is well led.
  priorities: [urgent-emergency-care]
  seven_day_services: {priority_standards_met: 2, by: 2018-03-31}
  safety: The trust's patient safety work.
access:
  - {standard: four-hour emergency department wait, current_pct: 90, target_pct: 95, by: 2017-03-31}
finance:
  control_total_gbp_m: 0
  agency_ceiling_pct: 6
  efficiency_gbp_m: {2016/17: 5, 2017/18: 5}
  estates: The estates plan.
transformation:
  stp: The sustainability and transformation plan footprint
  new_care_models: [mcp]
  reconfigurations: [An example reconfiguration]
  prevention: The trust's prevention work.
workforce:
  plan: The workforce plan.
  leadership: How leaders are developed.
  equality_diversity: The equality and diversity plan.
  sickness_absence_pct: 4
technology:
  paperless_by: 2020-03-31
  digital_roadmap: The local digital roadmap.
  research: The trust's research and innovation work.
initiatives:
  - id: T1
    title: An example initiative
    side: provider
    lead: ft-vale
    pillars: [quality]
    level: local
    milestones:
      - {id: T1.1, title: First milestone, due: 2017-04-01, status: not-started}
`,
  'improvement-plan': `# A local improvement plan on the 2004 five-step model.
# Every improvement answers the five steps. Replace the example content; run \`qipp validate\` to check it.
kind: improvement-plan
schema_version: 1
title: {{title}}
organisation: pct-ayle
period: 2004/05-2005/06      # financial years, April to March
status: draft                # draft, submitted or agreed
organisations:
  - {id: pct-ayle, name: Aylesford PCT, type: pct}
improvements:
  - id: IMP1
    title: An example improvement
    lead: pct-ayle
    level: local
    recognition_of_need: Why the change is needed, with the evidence.
    knowing_and_sharing: What others have done and what was learnt from them.
    local_decision: What was decided locally, and by whom.
    change_support: What support the change has.
    sustainability: How the improvement will last.
    leadership: Who leads the change.
    measures: [An example measure]
    milestones:
      - {id: IMP1.1, title: First milestone, due: 2004-10-01, status: not-started}
`,
};
