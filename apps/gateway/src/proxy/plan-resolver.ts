import { ApiDefinitionV4, BridgeApiKey, BridgeSubscription } from '@app/contracts';

type Plan = ApiDefinitionV4['plans'][number];

export interface Subscriber {
  plan: Plan;
  applicationId?: string;
  subscriptionId?: string;
}

export type PlanDecision =
  | ({ ok: true } & Subscriber)
  | { ok: false; errorKey: 'API_KEY_MISSING' | 'API_KEY_INVALID' | 'NO_PLAN'; message: string; planId?: string };

export interface KeyLookup {
  key(value: string): BridgeApiKey | undefined;
  subscription(id: string): BridgeSubscription | undefined;
}

function usable(key: BridgeApiKey, now: number): boolean {
  return !key.revoked && !key.paused && (key.expireAt === null || key.expireAt === undefined || key.expireAt > now);
}

function active(subscription: BridgeSubscription, now: number): boolean {
  return (
    subscription.status === 'ACCEPTED' &&
    (subscription.startingAt == null || subscription.startingAt <= now) &&
    (subscription.endingAt == null || subscription.endingAt > now)
  );
}

/**
 * Chooses the plan a request runs under, as Gravitee's security chain does: a request carrying an
 * API key goes to the API's api-key plans and needs an accepted subscription of that API for that key;
 * a request without one falls to a key-less plan, if the API has one.
 */
export function resolvePlan(api: ApiDefinitionV4, apiKey: string | undefined, lookup: KeyLookup, now: number = Date.now()): PlanDecision {
  const plans = (api.plans ?? []).filter((p) => p.status !== 'CLOSED');
  const keyPlans = plans.filter((p) => p.security?.type === 'api-key');
  const keyless = plans.find((p) => p.security?.type === 'key-less');

  if (apiKey && keyPlans.length > 0) {
    const key = lookup.key(apiKey);
    if (key && usable(key, now)) {
      for (const subscriptionId of key.subscriptions ?? []) {
        const subscription = lookup.subscription(subscriptionId);
        const plan = subscription && subscription.api === api.id && active(subscription, now) ? keyPlans.find((p) => p.id === subscription.plan) : undefined;
        if (plan && subscription) return { ok: true, plan, applicationId: subscription.application, subscriptionId: subscription.id };
      }
    }
    return { ok: false, errorKey: 'API_KEY_INVALID', message: 'API Key is not valid or is expired / revoked.', planId: keyPlans[0].id };
  }
  if (keyless) return { ok: true, plan: keyless };
  if (keyPlans.length > 0) return { ok: false, errorKey: 'API_KEY_MISSING', message: 'Unauthorized', planId: keyPlans[0].id };
  return { ok: false, errorKey: 'NO_PLAN', message: 'Unauthorized' };
}
