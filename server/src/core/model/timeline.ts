/**
 * The national milestones (spec section 4) as data. A plan's `delivers:` names
 * them; `national_timeline:` or the configuration may replace the table.
 */
import { parse } from 'yaml';
import { tooDeepAt, tooDeepMessage } from '../syntax';
import type { NationalMilestone } from '../types';

export const NATIONAL_MILESTONES: readonly NationalMilestone[] = [
  { id: 'regional-leadership', title: 'Regional Directors of Commissioning and of Provision appointed', deadline: '2010-09-10', direction: 'before', source: 'Regional Directors of Commissioning and of Provision appointed "by 10 September" (2010 transition letter).' },
  { id: 'staff-interviews', title: 'Initial interviews for affected staff', deadline: '2010-09-30', direction: 'before', source: '"initial interview with their line manager ... by the end of September 2010" (2010 transition letter).' },
  { id: 'regional-split', title: 'Commissioner/provider split at national and regional level', deadline: '2010-12-31', direction: 'before', source: '"complete the commissioner / provider split at national and regional level by the end of the year" (2010 transition letter).' },
  { id: 'first-consortia', title: 'First GP consortia take on significant responsibility', deadline: '2011-03-31', direction: 'before', source: '"the first taking on significant levels of responsibility in 2010/11" (2010 transition letter).' },
  { id: 'bridging-until', title: 'Bridging functions kept until at least the end of 2010/11', deadline: '2011-03-31', direction: 'not-before', source: 'bridging functions "until at least the end of 2010/11" (2010 transition letter): a milestone that delivers it may not be due before this date.' },
  { id: 'shas-cease', title: 'SHAs cease to exist', deadline: '2012-04-01', direction: 'before', source: '"SHAs will no longer exist from 2012/13" (2010 transition letter).' },
  { id: 'all-practices-in-consortia', title: 'All GP practices in effective consortia', deadline: '2013-04-01', direction: 'before', source: '"all GP practices working as part of effective consortia by April 2013" (2010 transition letter).' },
  { id: 'pcts-cease', title: 'PCTs cease to exist', deadline: '2013-04-01', direction: 'before', source: '"Primary Care Trusts will cease to exist from April 2013" (2010 transition letter).' },
  { id: 'efficiency-savings', title: '£15–20bn efficiency savings', deadline: '2014-03-31', direction: 'before', source: '"£15-20bn savings needed by 2013/14" (2009 QIPP letter).' },
  { id: 'temporary-staff-pay', title: 'No temporary staff paid more than permanent employees', deadline: '2016-04-01', direction: 'before', source: '"by 1 April 2016, no temporary staff will be paid more than permanent employees" (2016 provider task).' },
  { id: 'seven-day-50pc', title: 'Half of trusts meet the seven-day services standards', deadline: '2018-03-31', direction: 'before', source: '"We expect 50% of trusts to be meeting this standard by March 2018" (2016 provider task).' },
  { id: 'seven-day-services', title: 'Seven-day services across the sector', deadline: '2020-03-31', direction: 'before', source: 'seven-day services "delivered consistently across the sector as a whole by 2020" (2016 provider task).' },
  { id: 'paperless', title: 'A paperless NHS', deadline: '2020-03-31', direction: 'before', source: '"realise the ambition of the NHS being paperless by 2020" (2016 provider task).' },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a national timeline file: a YAML list (or `{milestones: [...]}`) of
 * `{id, title, deadline, source?, direction?}`. Returns the milestones it could
 * read and a sentence for each entry it could not.
 */
export function parseTimeline(text: string): { milestones: NationalMilestone[]; problems: string[] } {
  const problems: string[] = [];
  let data: unknown;
  // Refused before the parser sees it: the yaml library recurses once per level (see depth.ts).
  if (tooDeepAt(text) !== undefined) return { milestones: [], problems: [tooDeepMessage('The national timeline')] };
  try {
    data = parse(text, { version: '1.2', schema: 'core' });
  } catch (e) {
    return { milestones: [], problems: [`The national timeline is not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  const list = Array.isArray(data) ? data : (data as { milestones?: unknown } | null)?.milestones;
  if (!Array.isArray(list)) {
    return { milestones: [], problems: ['The national timeline should be a list of milestones, each with id, title and deadline.'] };
  }
  const milestones: NationalMilestone[] = [];
  list.forEach((item: unknown, i) => {
    const m = item as Record<string, unknown> | null;
    if (!m || typeof m.id !== 'string' || typeof m.deadline !== 'string' || !ISO_DATE.test(m.deadline)) {
      problems.push(`Entry ${i + 1} of the national timeline needs an id and a deadline written YYYY-MM-DD.`);
      return;
    }
    milestones.push({
      id: m.id,
      title: typeof m.title === 'string' ? m.title : m.id,
      deadline: m.deadline,
      source: typeof m.source === 'string' ? m.source : '',
      direction: m.direction === 'not-before' ? 'not-before' : 'before',
    });
  });
  return { milestones, problems };
}
