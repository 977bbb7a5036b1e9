import { periodDates } from '../../model';
import { ceaseDate, organisationOf, type Field, type Milestone, type Plan } from '../../model';
import { code } from '../../text';
import type { Rule } from './rule';

/** Dates compare as ISO strings. */
const before = (a: string, b: string) => a < b;

/**
 * Strongly connected components of a graph given as adjacency lists over 0..n-1
 * (iterative Tarjan, so 100,000 nodes do not exhaust the stack). Returns each
 * node's component number.
 */
export function components(n: number, edges: readonly number[][]): number[] {
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const comp = new Array<number>(n).fill(-1);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  let next = 0;
  let compCount = 0;
  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue;
    const work: [number, number][] = [[s, 0]];
    index[s] = low[s] = next++;
    stack.push(s);
    onStack[s] = true;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      if (i < edges[v].length) {
        top[1]++;
        const w = edges[v][i];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
      } else {
        work.pop();
        if (work.length) {
          const u = work[work.length - 1][0];
          low[u] = Math.min(low[u], low[v]);
        }
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = false;
            comp[w] = compCount;
          } while (w !== v);
          compCount++;
        }
      }
    }
  }
  return comp;
}

/**
 * What milestoneCycle keeps between edits: the graph as it was resolved (per
 * reference in reading order, the ordinals of its holder and of what it points
 * at, -1 when it resolves to nothing the graph holds) and, per reference, 0, or
 * 1 when it refers to itself, or 2 when it is part of a loop; and, when the ids
 * were defined in reading order, what decides that graph (see graphKey).
 */
interface CycleMemory {
  edges: Int32Array;
  flags: Uint8Array;
  key?: GraphKey;
}

/**
 * What decides the graph, found without looking anything up: the ids in
 * document order (what each names, and for an initiative or milestone its
 * ordinal in reading order), and per reference its holder's ordinal and the id
 * it gives. The same key resolves every reference to the same ordinal.
 */
interface GraphKey {
  ids: string[];
  whats: string[];
  ordinals: number[];
  holders: number[];
  values: string[];
}

export const milestoneCycle: Rule = {
  id: 'milestone-cycle',
  check(plan, ctx) {
    // One graph over milestones (`after`) and initiatives (`depends_on`); ids resolve within their own kind.
    // Nodes are numbered in reading order (each initiative, then its milestones), so that an edit that leaves
    // every reference resolving as before gives the same numbers, and the loops found last time still hold.
    const nodes: object[] = [];
    const milestone: boolean[] = [];
    const refs: Field<string>[] = [];
    const holders: number[] = [];
    for (const ini of plan.initiatives) {
      const from = nodes.push(ini) - 1;
      milestone.push(false);
      for (const d of ini.dependsOn) refs.push(d), holders.push(from);
      for (const m of ini.milestones) {
        const mf = nodes.push(m) - 1;
        milestone.push(true);
        for (const a of m.after) refs.push(a), holders.push(mf);
      }
    }
    const kept = ctx.memory?.value as CycleMemory | undefined;
    const key = ctx.memory ? graphKey(plan, nodes, refs, holders) : undefined;
    let flags: Uint8Array;
    if (kept?.key && key && sameKey(kept.key, key)) flags = kept.flags;
    else {
      const edges = resolve(plan, nodes, milestone, refs, holders);
      flags = kept && sameEdges(kept.edges, edges) ? kept.flags : loopFlags(nodes.length, edges);
      if (ctx.memory) ctx.memory.value = { edges: Int32Array.from(edges), flags, key };
    }
    for (let r = 0; r < refs.length; r++) {
      if (!flags[r]) continue;
      const ref = refs[r];
      ctx.report(
        ref.node.span,
        flags[r] === 1 ? `${code(ref.value)} refers to itself, so it can never start.` : `${code(ref.value)} is part of a loop of \`after\`/\`depends_on\` references, so none of the work in the loop can ever start.`,
      );
    }
  },
};

/** Per reference, the ordinals of its holder and of what it points at (-1 for nothing in the graph). */
function resolve(plan: Plan, nodes: readonly object[], milestone: readonly boolean[], refs: readonly Field<string>[], holders: readonly number[]): number[] {
  const ordinal = new Map<object, number>();
  nodes.forEach((n, i) => ordinal.set(n, i));
  const edges: number[] = [];
  refs.forEach((ref, r) => {
    const def = plan.byId.get(ref.value);
    const fits = def && (milestone[holders[r]] ? def.what === 'milestone' : def.what === 'initiative' || def.what === 'improvement');
    edges.push(holders[r], fits ? ordinal.get(def.entity)! : -1);
  });
  return edges;
}

/** The key of the graph (GraphKey), or undefined when the ids of initiatives and milestones are not defined in reading order. */
function graphKey(plan: Plan, nodes: readonly object[], refs: readonly Field<string>[], holders: number[]): GraphKey | undefined {
  const ids: string[] = [];
  const whats: string[] = [];
  const ordinals: number[] = [];
  let at = 0;
  for (const d of plan.ids) {
    ids.push(d.id.value);
    whats.push(d.what);
    if (d.what === 'initiative' || d.what === 'improvement' || d.what === 'milestone') {
      while (at < nodes.length && nodes[at] !== d.entity) at++;
      if (at === nodes.length) return undefined;
      ordinals.push(at++);
    } else ordinals.push(-1);
  }
  return { ids, whats, ordinals, holders, values: refs.map((r) => r.value) };
}

function sameKey(a: GraphKey, b: GraphKey): boolean {
  return sameList(a.ids, b.ids) && sameList(a.whats, b.whats) && sameList(a.ordinals, b.ordinals) && sameList(a.holders, b.holders) && sameList(a.values, b.values);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEdges(a: Int32Array, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Per reference (edges as pairs of ordinals, -1 for none): 1 when it refers to itself, 2 when it is in a loop, else 0. */
function loopFlags(n: number, edges: readonly number[]): Uint8Array {
  const flags = new Uint8Array(edges.length / 2);
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < edges.length; i += 2) if (edges[i + 1] >= 0) adj[edges[i]].push(edges[i + 1]);
  const comp = components(n, adj);
  const size = new Map<number, number>();
  for (const c of comp) size.set(c, (size.get(c) ?? 0) + 1);
  for (let i = 0; i < edges.length; i += 2) {
    const from = edges[i];
    const to = edges[i + 1];
    if (to < 0) continue;
    if (from === to) flags[i / 2] = 1;
    else if (comp[from] === comp[to] && (size.get(comp[from]) ?? 0) > 1) flags[i / 2] = 2;
  }
  return flags;
}

function milestoneOf(plan: Plan, id: string): Milestone | undefined {
  const d = plan.byId.get(id);
  return d && d.what === 'milestone' ? (d.entity as Milestone) : undefined;
}

export const milestoneOrder: Rule = {
  id: 'milestone-order',
  check(plan, ctx) {
    for (const m of plan.milestones) {
      if (!m.due) continue;
      for (const a of m.after) {
        const prior = milestoneOf(plan, a.value);
        if (prior?.due && before(m.due.value, prior.due.value)) {
          ctx.report(m.due.node.span, `Due on ${m.due.value}, before ${code(a.value)} (due ${prior.due.value}) which it comes after.`, { after: a.value, priorDue: prior.due.value });
          break;
        }
      }
    }
  },
};

export const milestoneOutsidePeriod: Rule = {
  id: 'milestone-outside-period',
  check(plan, ctx) {
    if (!plan.period) return;
    const { from, to } = periodDates(plan.period);
    for (const m of plan.milestones) {
      if (m.due && (before(m.due.value, from) || before(to, m.due.value))) {
        ctx.report(m.due.node.span, `Due on ${m.due.value}, outside the plan's period (${from} to ${to}).`);
      }
    }
  },
};

export const milestoneOverdue: Rule = {
  id: 'milestone-overdue',
  check(plan, ctx) {
    if (!plan.asOf) return;
    for (const m of plan.milestones) {
      if (m.due && m.status !== 'done' && before(m.due.value, plan.asOf)) {
        ctx.report(m.due.node.span, `Was due on ${m.due.value}, before the plan's as-of date (${plan.asOf}), and is not done: update its status, or mark it done with \`done_on\`.`);
      }
    }
  },
};

export const milestoneDoneDate: Rule = {
  id: 'milestone-done-date',
  check(plan, ctx) {
    for (const m of plan.milestones) {
      if (!m.doneOn) continue;
      if (m.status !== 'done') {
        ctx.report(m.doneOn.node.span, `\`done_on\` is given but the status is ${m.status ? code(m.status) : 'not set'}: set \`status: done\`, or remove \`done_on\`.`, { fix: 'status' });
      } else if (plan.asOf && before(plan.asOf, m.doneOn.value)) {
        ctx.report(m.doneOn.node.span, `Done on ${m.doneOn.value}, after the plan's as-of date (${plan.asOf}): a milestone cannot be done after the date the plan reports at.`);
      }
    }
  },
};

export const ownerCeased: Rule = {
  id: 'owner-ceased',
  check(plan, ctx) {
    for (const m of plan.milestones) {
      if (!m.due) continue;
      const ownerId = m.owner?.value ?? m.parent.lead?.value;
      const owner = organisationOf(plan, ownerId);
      if (!owner) continue;
      const ceases = ceaseDate(owner, ctx.timeline);
      if (ceases && !before(m.due.value, ceases)) {
        const who = owner.name ?? code(ownerId);
        ctx.report(m.due.node.span, `Due on ${m.due.value}, but ${who}${m.owner ? '' : ' (the lead, who owns it by default)'} no longer exists from ${ceases}: give the milestone an \`owner\` that will still exist.`, { owner: ownerId, ceases });
      }
    }
  },
};

export const nationalDeadline: Rule = {
  id: 'national-deadline',
  check(plan, ctx) {
    for (const m of plan.milestones) {
      if (!m.due || !m.delivers) continue;
      const n = ctx.timeline.find((x) => x.id === m.delivers!.value);
      if (!n) continue;
      if (n.direction === 'not-before' ? before(m.due.value, n.deadline) : before(n.deadline, m.due.value)) {
        ctx.report(
          m.due.node.span,
          n.direction === 'not-before'
            ? `Delivers ${code(n.id)}, which must last until at least ${n.deadline}, but is due earlier (${m.due.value}).`
            : `Delivers ${code(n.id)} (${n.title}), whose national deadline is ${n.deadline}, but is due later (${m.due.value}).`,
          { national: n.id, deadline: n.deadline },
        );
      }
    }
  },
};
