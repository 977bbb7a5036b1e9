/** The preview's timeline section: the Gantt of every initiative's milestones. */
import { KINDS, type KindInfo } from '../kinds';
import { section, type Ctx } from './context';
import { renderTimeline } from './gantt';

/** What the timeline's note calls a row, by the kind's card. */
const ROW_NOUNS: Record<KindInfo['card'], string> = { initiative: 'initiative', improvement: 'improvement' };

export function timelineSection(c: Ctx): string {
  const { plan } = c;
  return section(
    'timeline',
    'Timeline of milestones',
    c.line(plan.root.span),
    `<p class="note">One row per ${ROW_NOUNS[KINDS[plan.kind].card]}; diamonds are milestones, coloured by status; arrows show what comes after what.</p>` +
      renderTimeline({ rows: plan.initiatives, period: plan.period, asOf: plan.asOf, timeline: c.a.timeline }, c),
  );
}
