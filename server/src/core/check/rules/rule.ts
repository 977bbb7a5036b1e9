import type { Plan } from '../../model';
import type { PNode } from '../../syntax';
import type { NationalMilestone, PlanKind, Span } from '../../types';
import type { RuleId } from '../../catalogue';

/** What a rule may use and how it reports. */
export interface RuleContext {
  readonly timeline: readonly NationalMilestone[];
  report(span: Span, message: string, data?: Record<string, unknown>): void;
  /** True when the schema already rejected this value: a rule does not build on it. */
  rejected(node: PNode): boolean;
  /**
   * The editing engine only: a slot this rule keeps between its checks of the
   * same document, for a whole-plan result it can reuse when what it depends
   * on is unchanged (see milestoneCycle). Findings must still be reported
   * with the current tree's positions.
   */
  readonly memory?: { value?: unknown };
}

/**
 * A domain rule is a value: its id (from the spec's catalogue), the kinds it
 * applies to (all when absent), and a check over the typed plan.
 */
export interface Rule {
  id: RuleId;
  kinds?: readonly PlanKind[];
  check(plan: Plan, ctx: RuleContext): void;
}

export function spanOf(n: PNode): Span {
  return n.span;
}
