import { organisationOf, present } from '../../model';
import { get, pairOf } from '../../syntax';
import { code, listAnd } from '../../text';
import type { Rule } from './rule';

export const planOwnerType: Rule = {
  id: 'plan-owner-type',
  kinds: ['qipp-reform-plan'],
  check(plan, ctx) {
    const org = organisationOf(plan, plan.organisation?.value);
    if (!plan.organisation || !org || org.type === 'sha' || org.type === undefined) return;
    ctx.report(plan.organisation.node.span, `A QIPP and Reform plan is a regional plan owned by the SHA, but ${org.name ?? code(plan.organisation.value)} is ${org.type === 'pct' ? 'a PCT' : `of type ${code(org.type)}`}.`);
  },
};

const RANKS = ['inadequate', 'requires-improvement', 'good', 'outstanding'];

export const cqcTarget: Rule = {
  id: 'cqc-target',
  kinds: ['provider-plan'],
  check(plan, ctx) {
    const target = get(get(get(plan.root, 'quality'), 'cqc_rating'), 'target');
    if (!target || target.type !== 'scalar' || typeof target.value !== 'string') return;
    const rank = RANKS.indexOf(target.value);
    if (rank >= 0 && rank < 2) ctx.report(target.span, `The target CQC rating is ${code(target.value)}; the plan should aim for \`good\` or \`outstanding\`.`);
  },
};

const QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'well-led'];

export const cqcKeyQuestions: Rule = {
  id: 'cqc-key-questions',
  kinds: ['provider-plan'],
  check(plan, ctx) {
    const quality = pairOf(plan.root, 'quality');
    if (!quality || quality.value.type !== 'map') return;
    const kq = pairOf(quality.value, 'key_questions');
    if (!kq) {
      ctx.report(quality.key.span, 'The quality section does not answer the five CQC key questions: add `key_questions` with safe, effective, caring, responsive and well-led.', { missing: QUESTIONS });
      return;
    }
    // An empty or wrong value names the key: the schema reports it (spec 3c.1).
    if (kq.value.type !== 'map') return;
    const missing = QUESTIONS.filter((q) => !present(kq.value, q));
    if (missing.length) ctx.report(kq.key.span, `The key questions do not answer ${listAnd(missing)}; the CQC inspects against all five.`, { missing });
  },
};
