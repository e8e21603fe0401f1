import { randomUUID } from 'node:crypto';
import type { StoredPlan } from './api.entity';
import type { PlanInputDto } from './dto/api.dto';

export type PlanInput = PlanInputDto & { id?: string };

/** Why a new plan list cannot replace the current one. */
export type PlanChangeProblem =
  | { kind: 'unknown-plan'; index: number; id: string }
  | { kind: 'duplicate-plan'; index: number; id: string }
  | { kind: 'in-use'; plan: StoredPlan; change: 'removed' | 'security changed'; openSubscriptions: number };

/**
 * The API's plans after an edit: plans named by id keep it, new plans get one, plans left out are
 * removed. A plan with open subscriptions cannot be removed or change its security: its API keys
 * would silently stop (or start) meaning something else.
 */
export function replacePlans(current: StoredPlan[], input: PlanInput[], openSubscriptions: (planId: string) => number): StoredPlan[] | PlanChangeProblem {
  const byId = new Map(current.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const next: StoredPlan[] = [];
  for (const [index, plan] of input.entries()) {
    if (plan.id !== undefined) {
      const existing = byId.get(plan.id);
      if (!existing) return { kind: 'unknown-plan', index, id: plan.id };
      if (seen.has(plan.id)) return { kind: 'duplicate-plan', index, id: plan.id };
      seen.add(plan.id);
      if (existing.security !== plan.security && openSubscriptions(existing.id) > 0) {
        return { kind: 'in-use', plan: existing, change: 'security changed', openSubscriptions: openSubscriptions(existing.id) };
      }
    }
    next.push({
      id: plan.id ?? randomUUID(),
      name: plan.name,
      security: plan.security,
      ...(plan.rateLimit ? { rateLimit: { limit: plan.rateLimit.limit, periodSeconds: plan.rateLimit.periodSeconds } } : {}),
    });
  }
  for (const removed of current.filter((p) => !seen.has(p.id))) {
    const open = openSubscriptions(removed.id);
    if (open > 0) return { kind: 'in-use', plan: removed, change: 'removed', openSubscriptions: open };
  }
  return next;
}
