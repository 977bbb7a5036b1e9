import type { IdDef, Plan } from '../../model';
import type { Field } from '../../model';
import { closest, code, type SearchWork } from '../../text';
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

/** All the searches for near ids of one plan together do at most this much work (see SearchWork): tens of milliseconds. */
const GUESS_WORK = 5_000_000;

/**
 * "Did you mean" for references to ids that are not in the plan. The ids of
 * each kind wanted and the answer for each word are worked out once per
 * check, and all the searches share one bound on their work: a plan with
 * thousands of dangling references among thousands of ids took minutes; now,
 * once that work is spent, the references after get no suggestion (a plan
 * needs hundreds of them before it is).
 */
class Guesses {
  private readonly found = new Map<string, string | undefined>();
  private readonly pools = new Map<string, Iterable<string>>();
  private readonly work: SearchWork = { left: GUESS_WORK };
  constructor(private readonly plan: Plan) {}

  guess(word: string, want: Want | 'national', national?: Iterable<string>): string | undefined {
    const key = `${String(want)}\n${word}`;
    if (!this.found.has(key)) this.found.set(key, closest(word, want === 'national' ? national! : this.pool(want), this.work));
    return this.found.get(key);
  }

  private pool(want: Want): Iterable<string> {
    const key = String(want);
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = this.plan.ids.filter((d) => want === 'any' || want.includes(d.what)).map((d) => d.id.value)));
    return pool;
  }
}

function checkRef(plan: Plan, ctx: RuleContext, guesses: Guesses, ref: Field<string> | undefined, want: Want, key: string): void {
  if (!ref) return;
  const def = plan.byId.get(ref.value);
  if (def && (want === 'any' || want.includes(def.what))) return;
  const nouns = want === 'any' ? 'an organisation, initiative, milestone or risk' : want.map((w) => WHAT[w]).join(' or ');
  const guess = guesses.guess(ref.value, want);
  const message = def
    ? `${code(key)} should name ${nouns}, but ${code(ref.value)} is ${WHAT[def.what]}.`
    : `${code(ref.value)} in ${code(key)} is not the id of ${nouns} in this plan.${guess ? ` Did you mean ${code(guess)}?` : ''}`;
  ctx.report(ref.node.span, message, { ref: ref.value, suggestion: guess, candidates: want });
}

export const unknownRef: Rule = {
  id: 'unknown-ref',
  check(plan, ctx) {
    const orgs: Want = ['organisation'];
    const guesses = new Guesses(plan);
    const national = new Set(ctx.timeline.map((n) => n.id));
    checkRef(plan, ctx, guesses, plan.organisation, orgs, 'organisation');
    for (const ini of plan.initiatives) {
      checkRef(plan, ctx, guesses, ini.lead, orgs, 'lead');
      for (const d of ini.dependsOn) checkRef(plan, ctx, guesses, d, ['initiative', 'improvement'], 'depends_on');
      for (const m of ini.milestones) {
        checkRef(plan, ctx, guesses, m.owner, orgs, 'owner');
        for (const a of m.after) checkRef(plan, ctx, guesses, a, ['milestone'], 'after');
        if (m.delivers && !national.has(m.delivers.value)) {
          const guess = guesses.guess(m.delivers.value, 'national', national);
          ctx.report(m.delivers.node.span, `${code(m.delivers.value)} is not a national milestone.${guess ? ` Did you mean ${code(guess)}?` : ''}`, { ref: m.delivers.value, suggestion: guess, candidates: 'national' });
        }
      }
    }
    for (const r of plan.risks) {
      checkRef(plan, ctx, guesses, r.owner, orgs, 'owner');
      for (const a of r.affects) checkRef(plan, ctx, guesses, a, 'any', 'affects');
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
          if (v && v.type === 'scalar' && typeof v.value === 'string') checkRef(plan, ctx, guesses, { value: v.value, node: v }, orgs, 'organisation');
        }
      }
    }
  },
};

