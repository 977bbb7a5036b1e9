/**
 * What the allowed values mean, for completion and hover: one line per enum
 * value, in the plan's vocabulary (spec section 2). Keyed by the key that
 * holds the value, so that `level: national` and `level: sha` read right.
 * PURE data.
 */
import { TYPE_SIDES } from './plan';
import { KINDS, PLAN_KINDS } from '../kinds';
import { own } from '../text';

const ORG_TYPES: Record<string, string> = {
  dh: 'Department of Health',
  'nhs-commissioning-board': 'NHS Commissioning Board',
  sha: 'strategic health authority (ceases from 1 April 2012)',
  pct: 'primary care trust (ceases from 1 April 2013)',
  'pct-provider-arm': "a PCT's provider arm",
  'gp-consortium': 'GP commissioning consortium',
  ccg: 'clinical commissioning group',
  'nhs-england': 'NHS England',
  'nhs-improvement': 'NHS Improvement',
  'nhs-trust': 'NHS trust',
  'foundation-trust': 'NHS foundation trust',
  'community-provider': 'community services provider',
  'local-authority': 'local authority',
  'independent-sector': 'independent sector provider',
  'voluntary-sector': 'voluntary sector provider',
  'public-health': 'public health service',
  regulator: 'regulator',
};

const NOTES: Record<string, Record<string, string>> = {
  type: Object.fromEntries(Object.entries(ORG_TYPES).map(([t, name]) => [t, `${name}; ${TYPE_SIDES[t] === 'neutral' ? 'neutral (neither commissioner nor provider)' : `${TYPE_SIDES[t]} side`}`])),
  side: {
    commissioner: 'Commissioner-side work: it belongs in `commissioning` and needs a named `clinical_lead`.',
    provider: 'Provider-side work: it belongs in `provision`.',
    joint: 'Work shared by commissioners and providers; allowed in any section.',
    neutral: 'Neither commissioner nor provider (overrides the side of the type).',
  },
  pillars: {
    quality: 'QIPP pillar: quality of care.',
    innovation: 'QIPP pillar: innovation.',
    productivity: 'QIPP pillar: productivity. With savings, it needs a `quality_impact` assessment.',
    prevention: 'QIPP pillar: prevention. Commissioner-side, it should say whether it `transfers_to_public_health`.',
  },
  level: {
    team: 'Done by a team.',
    local: 'Done locally (a PCT, consortium or trust).',
    regional: 'Done once for the region.',
    national: 'Done nationally: needs a `rationale` for why not lower (subsidiarity).',
    sha: 'Done by the strategic health authority.',
  },
  scale: {
    once: 'Done once.',
    regional: 'Done once per region.',
    'every-pct': 'Done in every PCT ("10 or 152 times").',
  },
  principles: {
    subsidiarity: 'Work is done at the lowest level that can do it well.',
    'co-production': 'Designed with patients, staff and partners.',
    'clinical-leadership': 'Led by clinicians.',
    'system-alignment': 'Aligned across the system.',
  },
  status: {
    'not-started': 'Milestone: work has not started.',
    'on-track': 'Milestone: on course for its due date.',
    'at-risk': 'Milestone: its due date is at risk.',
    late: 'Milestone: past its due date.',
    done: 'Milestone: finished; give `done_on` with the date.',
    draft: 'Plan: being written.',
    submitted: 'Plan: sent for approval.',
    agreed: 'Plan: signed off.',
  },
  rag: { red: 'Delivery confidence: low.', amber: 'Delivery confidence: some doubt.', green: 'Delivery confidence: high.' },
  current: cqc(),
  target: cqc(),
  kind: Object.fromEntries(PLAN_KINDS.map((k) => [k, KINDS[k].note])),
  new_care_models: {
    pacs: 'Primary and acute care systems.',
    mcp: 'Multispecialty community providers.',
    uec: 'Urgent and emergency care networks.',
    acc: 'Acute care collaborations.',
    'care-homes': 'Enhanced health in care homes.',
  },
};

function cqc(): Record<string, string> {
  return {
    inadequate: 'CQC rating: inadequate.',
    'requires-improvement': 'CQC rating: requires improvement.',
    good: 'CQC rating: good.',
    outstanding: 'CQC rating: outstanding.',
  };
}

/** A line saying what an allowed value means, when we have one. */
export function valueNote(key: string | undefined, value: string): string | undefined {
  return own(own(NOTES, key) ?? {}, value);
}

/** How people name an organisation type ("primary care trust"). */
export function organisationTypeName(type: string | undefined): string | undefined {
  return own(ORG_TYPES, type)?.replace(/ \(.*\)$/, '');
}
