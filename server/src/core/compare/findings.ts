/**
 * Findings fixed and findings new. A finding is known by its rule and where it
 * is: the id of the innermost organisation, initiative, milestone or risk
 * around it, or else the top-level key it sits under; never by line, which
 * any edit above it moves. Repeats of the same rule in the same place are
 * counted, so one of two fixed is reported once.
 */
import type { Analysis } from '../check';
import type { Finding } from '../types';
import type { Change } from './types';

interface Place {
  start: number;
  end: number;
  name: string;
}

/** The places of a plan, sorted by start; a place inside another comes after it. */
function places(a: Analysis): Place[] {
  const out: Place[] = [];
  const root = a.root;
  if (root && root.type === 'map') for (const p of root.pairs) out.push({ start: p.span[0], end: p.span[1], name: String(p.key.value) });
  for (const d of a.plan?.ids ?? []) out.push({ start: d.entity.node.span[0], end: d.entity.node.span[1], name: d.id.value });
  return out.sort((x, y) => x.start - y.start || y.end - x.end);
}

/** Where a finding is, in words that survive edits elsewhere. */
function placer(a: Analysis): (f: Finding) => string {
  const list = places(a);
  return (f) => {
    const at = f.span[0];
    let lo = 0;
    let hi = list.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= at) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (; i >= 0; i--) if (at < list[i].end) return list[i].name;
    return 'the plan';
  };
}

function keyed(a: Analysis): Map<string, { f: Finding; where: string }[]> {
  const where = placer(a);
  const out = new Map<string, { f: Finding; where: string }[]>();
  for (const f of a.findings) {
    const w = where(f);
    const key = `${f.rule}\u0000${w}`;
    const list = out.get(key) ?? [];
    list.push({ f, where: w });
    out.set(key, list);
  }
  return out;
}

const change = (type: 'finding-fixed' | 'finding-new', e: { f: Finding; where: string }): Change => ({
  type,
  rule: e.f.rule,
  severity: e.f.severity,
  where: e.where,
  line: e.f.range.start.line + 1,
  message: e.f.message,
});

/** Findings of the old version that are gone (fixed), and those of the new version that are new. */
export function findingChanges(before: Analysis, after: Analysis): Change[] {
  const a = keyed(before);
  const b = keyed(after);
  const out: Change[] = [];
  for (const [key, list] of a) for (const e of list.slice(b.get(key)?.length ?? 0)) out.push(change('finding-fixed', e));
  for (const [key, list] of b) for (const e of list.slice(a.get(key)?.length ?? 0)) out.push(change('finding-new', e));
  return out;
}
