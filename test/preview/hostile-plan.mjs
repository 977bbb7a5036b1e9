// A plan with hostile text in every free-text field, and in keys and ids: for the
// renderer's escaping tests and the browser test that checks nothing runs.

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(2)>';
export const SINGLE = "'><svg onload=alert(3)>";
export const LONG = 'Q'.repeat(5000);

/** A plan with hostile text in every free-text field, and in keys and ids. */
export function hostilePlan() {
  const q = (s) => JSON.stringify(s);
  return `kind: qipp-reform-plan
schema_version: 1
title: ${q(`${SCRIPT} ${IMG} ${LONG}`)}
organisation: sha-x
period: 2010/11-2011/12
as_of: 2010-10-01
status: draft
version: ${q(SINGLE)}
organisations:
  - {id: sha-x, name: ${q(`NHS ${SCRIPT}`)}, type: sha}
  - {id: pct-x, name: ${q(IMG)}, type: pct}
  - {id: trust-x, name: ${q('Trust javascript:alert(4)')}, type: nhs-trust}
engagement:
  staff: ${q(`See https://example.org/plan?a=1&b=<b> and javascript:alert(5) and http://insecure.example/ and ${SCRIPT}`)}
  partners: ${q(IMG)}
  public: ${q('[click](javascript:alert(6)) data:text/html,<script>alert(7)</script>')}
finance:
  efficiency_target_gbp_m: {2010/11: 1, 2011/12: 2}
  named_support:
    - {organisation: pct-x, amount_gbp_m: 1, reason: ${q(SCRIPT)}}
  regional_funds:
    - {name: ${q(IMG)}, amount_gbp_m: 1, deployment: ${q(SINGLE)}}
commissioning:
  aims: [${q(SCRIPT)}, ${q(IMG)}]
  initiatives:
    - id: C1
      title: ${q(`${SCRIPT}${LONG}`)}
      side: commissioner
      lead: pct-x
      clinical_lead: ${q(IMG)}
      pillars: [quality, ${q(SCRIPT)}]
      level: ${q(IMG)}
      rag: ${q(`red${IMG}`)}
      rationale: ${q('javascript:alert(8)')}
      savings_gbp_m: {2010/11: 1, 2011/12: 2}
      quality_impact: {assessed_on: 2010-01-01, summary: ${q(SCRIPT)}}
      ${q(`<b onmouseover=alert(9)>`)}: 1
      milestones:
        - {id: C1.1, title: ${q(IMG)}, due: 2010-09-01, status: ${q(`late${SCRIPT}`)}, delivers: ${q(IMG)}, owner: ${q(SCRIPT)}, after: [${q(SINGLE)}]}
provision:
  aims: [Providers]
  initiatives:
    - {id: P1, title: ${q(SINGLE)}, side: provider, lead: trust-x, pillars: [productivity], level: local, milestones: [{id: P1.1, title: x, due: 2011-01-01, status: on-track}]}
enabling:
  aims: [${q(LONG)}]
  initiatives:
    - {id: E1, title: Enabling, side: joint, lead: sha-x, pillars: [quality], level: local, milestones: [{id: E1.1, title: y, due: 2011-02-01}]}
risks:
  - {id: R1, title: ${q(`${SCRIPT}${IMG}`)}, likelihood: 5, impact: 5, owner: ${q(IMG)}, mitigation: ${q(SINGLE)}, affects: [${q(SCRIPT)}]}
`;
}
