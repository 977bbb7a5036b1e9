/**
 * One row per plan kind: everything the product says or does differently for
 * a kind, in one place. Add a kind here (with its schema in schemas/, its
 * starter plan in starters.ts and a sample); the compiler then finds every
 * other place that must know of it (each is a Record<PlanKind, ...>).
 */

/** Where a kind keeps its initiatives (or improvements), and what the preview calls one. */
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
  /** The preview's heading over the split by side, when the kind shows one. */
  splitHeading?: string;
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
  },
} as const satisfies Record<string, KindInfo>;

export type PlanKind = keyof typeof KINDS;

/** Every kind, in the spec's order. */
export const PLAN_KINDS = Object.keys(KINDS) as readonly PlanKind[];

export function isPlanKind(value: unknown): value is PlanKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KINDS, value);
}

/** The row of a kind. */
export function kindInfo(kind: PlanKind): KindInfo {
  return KINDS[kind];
}
