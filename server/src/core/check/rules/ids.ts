import type { IdDef, Plan } from '../../model';
import type { Field } from '../../model';
import { closest, code } from '../../text';
import type { Rule, RuleContext } from './rule';

const WHAT: Record<IdDef['what'], string> = {
  organisation: 'an organisation',
  initiative: 'an initiative',
  milestone: 'a milestone',
  risk: 'a risk',
  improvement: 'an improvement',
};

export const duplicateId: Rule = {
  id: 'duplicate-id',
  check(plan, ctx) {
    const first = new Map<string, IdDef>();
    for (const d of plan.ids) {
      const earlier = first.get(d.id.value);
      if (!earlier) {
        first.set(d.id.value, d);
        continue;
      }
      ctx.report(d.id.node.span, `The id ${code(d.id.value)} is already used for ${WHAT[earlier.what]}; every organisation, initiative, milestone and risk needs an id of its own.`, { id: d.id.value });
    }
  },
};

type Want = IdDef['what'][] | 'any';

function checkRef(plan: Plan, ctx: RuleContext, ref: Field<string> | undefined, want: Want, key: string): void {
  if (!ref) return;
  const def = plan.byId.get(ref.value);
  if (def && (want === 'any' || want.includes(def.what))) return;
  const nouns = want === 'any' ? 'an organisation, initiative, milestone or risk' : want.map((w) => WHAT[w]).join(' or ');
  const pool = plan.ids.filter((d) => want === 'any' || want.includes(d.what)).map((d) => d.id.value);
  const guess = closest(ref.value, pool);
  const message = def
    ? `${code(key)} should name ${nouns}, but ${code(ref.value)} is ${WHAT[def.what]}.`
    : `${code(ref.value)} in ${code(key)} is not the id of ${nouns} in this plan.${guess ? ` Did you mean ${code(guess)}?` : ''}`;
  ctx.report(ref.node.span, message, { ref: ref.value, suggestion: guess, candidates: want });
}

export const unknownRef: Rule = {
  id: 'unknown-ref',
  check(plan, ctx) {
    const orgs: Want = ['organisation'];
    checkRef(plan, ctx, plan.organisation, orgs, 'organisation');
    for (const ini of plan.initiatives) {
      checkRef(plan, ctx, ini.lead, orgs, 'lead');
      for (const d of ini.dependsOn) checkRef(plan, ctx, d, ['initiative', 'improvement'], 'depends_on');
      for (const m of ini.milestones) {
        checkRef(plan, ctx, m.owner, orgs, 'owner');
        for (const a of m.after) checkRef(plan, ctx, a, ['milestone'], 'after');
        if (m.delivers && !ctx.timeline.some((n) => n.id === m.delivers!.value)) {
          const guess = closest(m.delivers.value, ctx.timeline.map((n) => n.id));
          ctx.report(m.delivers.node.span, `${code(m.delivers.value)} is not a national milestone.${guess ? ` Did you mean ${code(guess)}?` : ''}`, { ref: m.delivers.value, suggestion: guess, candidates: 'national' });
        }
      }
    }
    for (const r of plan.risks) {
      checkRef(plan, ctx, r.owner, orgs, 'owner');
      for (const a of r.affects) checkRef(plan, ctx, a, 'any', 'affects');
    }
    // Finance entries that name organisations.
    const finance = plan.kind === 'qipp-reform-plan' ? plan.root.pairs.find((p) => p.key.value === 'finance')?.value : undefined;
    if (finance && finance.type === 'map') {
      for (const listKey of ['non_recurrent_2pc', 'named_support']) {
        const list = finance.pairs.find((p) => p.key.value === listKey)?.value;
        if (!list || list.type !== 'seq') continue;
        for (const item of list.items) {
          if (item.type !== 'map') continue;
          const v = item.pairs.find((p) => p.key.value === 'organisation')?.value;
          if (v && v.type === 'scalar' && typeof v.value === 'string') checkRef(plan, ctx, { value: v.value, node: v }, orgs, 'organisation');
        }
      }
    }
  },
};

