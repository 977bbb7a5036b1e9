import { effectiveSide, present } from '../../model';
import { pairOf } from '../../syntax';
import { listAnd } from '../../text';
import type { Rule } from './rule';

export const engagementMissing: Rule = {
  id: 'engagement-missing',
  kinds: ['qipp-reform-plan'],
  check(plan, ctx) {
    const pair = pairOf(plan.root, 'engagement');
    if (!pair) {
      const kind = pairOf(plan.root, 'kind');
      ctx.report(kind ? kind.key.span : [0, 0], 'The plan does not say how staff, partners and the public are engaged: add an `engagement` section with `staff`, `partners` and `public`.', { missing: ['staff', 'partners', 'public'] });
      return;
    }
    const v = pair.value;
    if (v.type !== 'map' && !(v.type === 'scalar' && v.value === null)) return; // a wrong type: the schema reports it
    const missing = ['staff', 'partners', 'public'].filter((k) => !present(v, k));
    if (missing.length) {
      ctx.report(pair.key.span, `Engagement does not say how ${listAnd(missing.map((m) => (m === 'public' ? 'the public' : m)))} ${missing.length > 1 ? 'are' : 'is'} engaged.`, { missing });
    }
  },
};

export const subsidiarityRationale: Rule = {
  id: 'subsidiarity-rationale',
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (ini.section === 'improvements' || ini.level?.value !== 'national' || ini.hasRationale) continue;
      ctx.report(ini.level.node.span, 'A national-level initiative should say why the work is not done at a lower level: add a `rationale`.');
    }
  },
};

export const preventionTransfer: Rule = {
  id: 'prevention-transfer',
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (ini.section === 'improvements' || !ini.pillars?.value.includes('prevention') || ini.saysTransfer) continue;
      if (effectiveSide(plan, ini) !== 'commissioner') continue;
      ctx.report(ini.pillars.node.span, 'This commissioner-side prevention initiative does not say whether the work moves to the new public health service: add `transfers_to_public_health: true` or `false`.');
    }
  },
};

export const clinicalLeadMissing: Rule = {
  id: 'clinical-lead-missing',
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (ini.section === 'improvements' || ini.hasClinicalLead || effectiveSide(plan, ini) !== 'commissioner') continue;
      ctx.report(ini.node.span, 'This commissioner-side initiative has no named clinical lead: add `clinical_lead` ("clinical ownership and leadership").');
    }
  },
};

export const riskScore: Rule = {
  id: 'risk-score',
  check(plan, ctx) {
    for (const r of plan.risks) {
      if (r.likelihood === undefined || r.impact === undefined || r.hasMitigation || r.scoreNodes.some((n) => ctx.rejected(n))) continue;
      const score = r.likelihood * r.impact;
      if (score >= 15) ctx.report(r.node.span, `This risk scores ${score} (likelihood ${r.likelihood} × impact ${r.impact}) and has no mitigation: add \`mitigation\`.`, { score });
    }
  },
};
