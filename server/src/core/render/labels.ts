/**
 * The preview's words for values written as codes in the plan: sides,
 * statuses, levels, organisation types, and the labels of keys shown as they
 * are written. PURE data. What differs by plan kind is in the kind table.
 */
import type { Severity } from '../types';

export const SIDE_LABELS: Record<string, string> = {
  commissioner: 'Commissioner side',
  provider: 'Provider side',
  joint: 'Joint',
  neutral: 'Led by a neutral organisation',
  unknown: 'Side not known',
};

/** The order of the sides in the split. */
export const SIDE_ORDER = ['commissioner', 'provider', 'joint', 'neutral', 'unknown'];

export const STATUS_OF_PLAN: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', agreed: 'Agreed' };
export const RAG_LABELS: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
export const LEVEL_LABELS: Record<string, string> = { team: 'Team', local: 'Local', regional: 'Regional', national: 'National', sha: 'SHA' };
export const SCALE_LABELS: Record<string, string> = { once: 'done once', regional: 'once per region', 'every-pct': 'in every PCT' };
export const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Information' };
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export const ORG_TYPES: Record<string, string> = {
  dh: 'Department of Health',
  'nhs-commissioning-board': 'NHS Commissioning Board',
  sha: 'Strategic health authority',
  pct: 'Primary care trust',
  'pct-provider-arm': 'PCT provider arm',
  'gp-consortium': 'GP consortium',
  ccg: 'Clinical commissioning group',
  'nhs-england': 'NHS England',
  'nhs-improvement': 'NHS Improvement',
  'nhs-trust': 'NHS trust',
  'foundation-trust': 'NHS foundation trust',
  'community-provider': 'Community provider',
  'local-authority': 'Local authority',
  'independent-sector': 'Independent sector',
  'voluntary-sector': 'Voluntary sector',
  'public-health': 'Public health',
  regulator: 'Regulator',
};

/** Labels of keys in the sections the renderer shows as they are written. */
export const KEY_LABELS: Record<string, string> = {
  board_focus: 'Board focus',
  clinical_leaders: 'Clinical leaders',
  development: 'Leadership development',
  narrative: 'Narrative',
  staff: 'Staff',
  partners: 'Local Authority and other partners',
  public: 'The public',
  cqc_rating: 'CQC rating',
  key_questions: 'CQC key questions',
  priorities: 'Clinical priorities',
  seven_day_services: 'Seven-day services',
  priority_standards_met: 'Priority standards met',
  safety: 'Safety',
  control_total_gbp_m: 'Control total',
  agency_ceiling_pct: 'Agency ceiling',
  efficiency_gbp_m: 'Efficiency',
  estates: 'Estates',
  recurrent_allocation_gbp_m: 'Recurrent allocation',
  stp: 'Sustainability and transformation plan',
  new_care_models: 'New care models',
  reconfigurations: 'Reconfigurations',
  prevention: 'Prevention',
  plan: 'Workforce plan',
  leadership: 'Leadership',
  equality_diversity: 'Equality and diversity',
  sickness_absence_pct: 'Sickness absence',
  paperless_by: 'Paperless by',
  digital_roadmap: 'Local digital roadmap',
  research: 'Research and innovation',
  current: 'Current',
  target: 'Target',
  by: 'By',
  safe: 'Safe',
  effective: 'Effective',
  caring: 'Caring',
  responsive: 'Responsive',
  'well-led': 'Well-led',
};

export const VALUE_LABELS: Record<string, string> = {
  inadequate: 'Inadequate',
  'requires-improvement': 'Requires improvement',
  good: 'Good',
  outstanding: 'Outstanding',
  cancer: 'Cancer',
  'mental-health': 'Mental health',
  maternity: 'Maternity',
  dementia: 'Dementia',
  'urgent-emergency-care': 'Urgent and emergency care',
  pacs: 'Primary and acute care systems',
  mcp: 'Multispecialty community providers',
  uec: 'Urgent and emergency care networks',
  acc: 'Acute care collaborations',
  'care-homes': 'Enhanced health in care homes',
  tariffs: 'Tariffs',
  payment: 'Payment',
  pay: 'Pay',
  procurement: 'Procurement',
  choice: 'Choice',
  other: 'Other',
};
/** Keys whose values are enums to show by their labels. */
export const ENUM_KEYS = new Set(['current', 'target', 'priorities', 'new_care_models']);

export const FIVE_STEPS: [string, string][] = [
  ['recognition_of_need', 'Recognition of the need to improve'],
  ['knowing_and_sharing', 'Knowing what to do and sharing it'],
  ['local_decision', 'Local decision to act'],
  ['change_support', 'Support for the change'],
  ['sustainability', 'Sustaining the improvement'],
];
