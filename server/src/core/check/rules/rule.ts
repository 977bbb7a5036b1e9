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
