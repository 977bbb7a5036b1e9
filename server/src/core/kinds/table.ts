/**
 * One row per plan kind: everything the product says or does differently for
 * a kind, in one place (the model's sections, hover, completion and the whole
 * preview read it). A new kind needs, besides its row here: its schema in
 * schemas/ and its entry in check/schema.ts, its starter plan in starters.ts,
 * a sample, and the `firstLine` pattern in package.json; the compiler finds
 * every Record<PlanKind, ...> that must know of it.
 */

/** Where a kind keeps its initiatives (or improvements), and what the product and its preview say of them. */
export interface KindInfo {
  /** How a sentence names the kind: "a QIPP and Reform plan". */
  label: string;
  /** The kind as a heading or a picker's entry: "QIPP and Reform plan". */
  title: string;
  /** One line for a picker or a hover: which document, which year. */
  detail: string;
  /** The top-level sections the spec requires (section 2), in its order. */
  requiredSections: readonly string[];
  /** The sections that hold initiatives, and whether each holds them under `initiatives:` (reform) or directly. */
  initiativeSections: readonly string[];
  /** True when initiatives sit under `<section>.initiatives` rather than being the section's list. */
  nestedInitiatives: boolean;
  /** What the plan calls one of its initiatives: initiative, action or improvement. */
  itemNoun: string;
  /** The key of the yearly efficiency target the savings are measured against, if the kind has one. */
  targetKey?: string;
  /** The preview's words for that target. */
  targetLabel?: string;
  /** The preview's heading over money. */
  financeHeading: string;
  /**
   * The preview's heading over the split of initiatives by side; without one,
   * the preview lists them under their section's heading instead.
   */
  splitHeading?: string;
  /** What a hover on the kind's name says. */
  note: string;
  /** The preview's heading over each initiative section (each key of `initiativeSections`). */
  sectionHeadings: Readonly<Record<string, string>>;
  /** True when each initiative section has its own `aims` list, shown in the preview. */
  sectionAims: boolean;
  /** How the preview draws one initiative: an initiative card, or an improvement card with the five steps. */
  card: 'initiative' | 'improvement';
  /**
   * True when the preview compares the target with the savings even when no
   * initiative names any (the target is the plan's own); otherwise only when some do.
   */
  gapWithoutSavings: boolean;
  /** The sections only this kind has, shown in the preview after engagement, in this order. */
  previewSections: readonly PreviewSection[];
}

/** How the preview shows a value in a table cell. */
export type CellFormat = 'text' | 'org' | 'money' | 'pct' | 'date' | 'enum';

/** A section of one kind shown in the preview: as it is written, or (with columns) a list as a table. */
export interface PreviewSection {
  key: string;
  heading: string;
  /** For a list of mappings: [key, column heading, format] of each column. */
  columns?: readonly (readonly [string, string, CellFormat])[];
}

export const KINDS = {
  'qipp-reform-plan': {
    label: 'QIPP and Reform plan',
    title: 'QIPP and Reform plan',
    detail: 'A regional (SHA) plan split between commissioner and provider requirements, with timelines (2010).',
    requiredSections: ['finance', 'commissioning', 'provision', 'enabling'],
    initiativeSections: ['commissioning', 'provision', 'enabling'],
    nestedInitiatives: true,
    itemNoun: 'initiative',
    targetKey: 'efficiency_target_gbp_m',
    targetLabel: 'Efficiency target',
    financeHeading: 'Finance and savings',
    splitHeading: 'The commissioner/provider split',
    note: 'A regional (SHA) QIPP and Reform plan (2010 transition letter).',
    sectionHeadings: {
      commissioning: 'Creating the new commissioning landscape',
      provision: 'Creating the new provider landscape',
      enabling: 'Enabling the change',
    },
    sectionAims: true,
    card: 'initiative',
    gapWithoutSavings: true,
    previewSections: [],
  },
  'qipp-plan': {
    label: 'QIPP plan',
    title: 'QIPP plan',
    detail: "A board's response to the QIPP challenge: actions, leadership, engagement and policy asks (2009).",
    requiredSections: ['actions', 'leadership', 'engagement', 'policy_asks'],
    initiativeSections: ['actions'],
    nestedInitiatives: false,
    itemNoun: 'action',
    financeHeading: 'Savings',
    splitHeading: 'Actions by side',
    note: "A board's response to the 2009 QIPP challenge.",
    sectionHeadings: { actions: 'Actions' },
    sectionAims: false,
    card: 'initiative',
    gapWithoutSavings: false,
    previewSections: [
      { key: 'leadership', heading: 'Leadership' },
      {
        key: 'policy_asks',
        heading: 'Changes asked of the national policy framework',
        columns: [
          ['topic', 'Topic', 'enum'],
          ['ask', 'Ask', 'text'],
          ['level', 'Addressed to', 'enum'],
        ],
      },
    ],
  },
  'provider-plan': {
    label: 'provider plan',
    title: 'Provider plan',
    detail: "A provider's plan for the provider task to 2020: quality, access, finance, transformation, workforce, technology (2016).",
    requiredSections: ['quality', 'access', 'finance', 'transformation', 'workforce', 'technology'],
    initiativeSections: ['initiatives'],
    nestedInitiatives: false,
    itemNoun: 'initiative',
    targetKey: 'efficiency_gbp_m',
    targetLabel: 'Efficiency requirement',
    financeHeading: 'Finance and savings',
    splitHeading: 'The commissioner/provider split',
    note: "A provider's plan for the 2016 provider task to 2020.",
    sectionHeadings: { initiatives: 'Initiatives' },
    sectionAims: false,
    card: 'initiative',
    gapWithoutSavings: false,
    previewSections: [
      { key: 'quality', heading: 'Quality' },
      {
        key: 'access',
        heading: 'Access standards',
        columns: [
          ['standard', 'Standard', 'text'],
          ['current_pct', 'Now', 'pct'],
          ['target_pct', 'Target', 'pct'],
          ['by', 'By', 'date'],
        ],
      },
      { key: 'transformation', heading: 'Transformation' },
      { key: 'workforce', heading: 'Workforce' },
      { key: 'technology', heading: 'Technology' },
    ],
  },
  'improvement-plan': {
    label: 'improvement plan',
    title: 'Improvement plan',
    detail: 'A local improvement plan on the five-step model (2004).',
    requiredSections: ['improvements'],
    initiativeSections: ['improvements'],
    nestedInitiatives: false,
    itemNoun: 'improvement',
    financeHeading: 'Savings',
    note: 'A local improvement plan on the 2004 five-step model.',
    sectionHeadings: { improvements: 'Improvements' },
    sectionAims: false,
    card: 'improvement',
    gapWithoutSavings: false,
    previewSections: [],
  },
} as const satisfies Record<string, KindInfo>;

export type PlanKind = keyof typeof KINDS;

/** The initiative sections of every kind. */
export type InitiativeSection = (typeof KINDS)[PlanKind]['initiativeSections'][number];

/** Every kind, in the spec's order. */
export const PLAN_KINDS = Object.keys(KINDS) as readonly PlanKind[];

/** Every kind's name, for a sentence: "qipp-reform-plan, qipp-plan, provider-plan or improvement-plan". */
export const PLAN_KINDS_IN_WORDS = `${PLAN_KINDS.slice(0, -1).join(', ')} or ${PLAN_KINDS[PLAN_KINDS.length - 1]}`;

export function isPlanKind(value: unknown): value is PlanKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KINDS, value);
}

/** The row of a kind. */
export function kindInfo(kind: PlanKind): KindInfo {
  return KINDS[kind];
}
