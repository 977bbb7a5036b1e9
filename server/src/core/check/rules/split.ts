import { organisationOf, type Initiative } from '../../model';
import { code } from '../../text';
import type { Rule } from './rule';

export const splitSectionSide: Rule = {
  id: 'split-section-side',
  kinds: ['qipp-reform-plan'],
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (!ini.side) continue;
      if (ini.section === 'commissioning' && ini.side.value === 'provider') {
        ctx.report(ini.side.node.span, 'This initiative is in `commissioning` but is provider-side: move it to `provision`, or make it commissioner-side or joint.', { expected: 'commissioner' });
      } else if (ini.section === 'provision' && ini.side.value === 'commissioner') {
        ctx.report(ini.side.node.span, 'This initiative is in `provision` but is commissioner-side: move it to `commissioning`, or make it provider-side or joint.', { expected: 'provider' });
      }
    }
  },
};

export const splitLeadSide: Rule = {
  id: 'split-lead-side',
  check(plan, ctx) {
    for (const ini of plan.initiatives) {
      if (!ini.side || !ini.lead || ini.side.value === 'joint') continue;
      const lead = organisationOf(plan, ini.lead.value);
      if (!lead || lead.side === 'neutral' || lead.side === ini.side.value) continue;
      ctx.report(
        ini.lead.node.span,
        `${lead.name ?? code(ini.lead.value)} is a ${lead.side} (${lead.type ?? 'by its side'}) but leads a ${ini.side.value}-side initiative: choose a ${ini.side.value} lead, or make the initiative joint.`,
        { leadSide: lead.side },
      );
    }
  },
};

export const splitDualRole: Rule = {
  id: 'split-dual-role',
  check(plan, ctx) {
    const sides = new Map<string, Set<string>>();
    const add = (ini: Initiative) => {
      if (!ini.lead || !ini.side || ini.side.value === 'joint') return;
      const s = sides.get(ini.lead.value) ?? new Set<string>();
      s.add(ini.side.value);
      sides.set(ini.lead.value, s);
    };
    plan.initiatives.forEach(add);
    const reported = new Set<string>();
    for (const o of plan.organisations) {
      if (!o.id || reported.has(o.id.value)) continue;
      const s = sides.get(o.id.value);
      if (s && s.has('commissioner') && s.has('provider')) {
        reported.add(o.id.value);
        ctx.report(o.id.node.span, `${o.name ?? code(o.id.value)} leads both commissioner-side and provider-side initiatives; the commissioner/provider split asks for these roles to be separated.`);
      }
    }
  },
};
