import { Injectable } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import type { BridgeApiKey, BridgeSubscription } from '@app/contracts';
import { ApiKeyEntity } from '../apis/api-key.entity';
import { SubscriptionEntity } from '../apis/subscription.entity';
import { SubscriptionsRepository } from '../apis/subscriptions.repository';
import { narrow, ResolvedScope } from './bridge-scope.service';
import { ApiKeyCriteriaDto, criteriaTime, Sort, SubscriptionCriteriaDto } from './dto/bridge.dto';

/** Gravitee plan security types (`Plan.PlanSecurityType`) as our plans name them; the others match no plan of ours. */
const PLAN_SECURITY: Record<string, string> = { KEY_LESS: 'key-less', API_KEY: 'api-key' };

/**
 * API keys and subscriptions, selected by the criteria Gravitee's gateway sends with the semantics of
 * Gravitee's own repositories, always within the token's environments.
 */
@Injectable()
export class BridgeSyncService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly config: ControlPlaneConfig,
  ) {}

  version(): { version: Record<string, string> } {
    return {
      version: { MAJOR_VERSION: this.config.GATEWAY_VERSION, BUILD_ID: '0', BUILD_NUMBER: '0', REVISION: this.config.CONTROL_PLANE_ID },
    };
  }

  async apiKeys(scope: ResolvedScope, criteria: ApiKeyCriteriaDto, sort?: Sort): Promise<BridgeApiKey[]> {
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return [];
    // Our keys never expire: bounds on the expiry keep only keys "without expiration", when those are asked for.
    const expiryBounded = criteriaTime(criteria.expireAfter) !== undefined || criteriaTime(criteria.expireBefore) !== undefined;
    if (expiryBounded && criteria.includeWithoutExpiration !== true) return [];
    const rows = await this.subscriptions.apiKeys({
      environmentIds: environments,
      subscriptionIds: criteria.subscriptions ?? undefined,
      includeRevoked: criteria.includeRevoked === true,
      from: criteriaTime(criteria.from),
      to: criteriaTime(criteria.to),
      sort,
    });
    return rows.map(toBridgeApiKey);
  }

  /**
   * The deprecated `keys/_search` (bridge clients before 3.17): one entry per key and subscription, with the
   * subscription's `api`, `plan` and `subscription` on it.
   */
  async apiKeysWithSubscriptions(scope: ResolvedScope, criteria: ApiKeyCriteriaDto): Promise<BridgeApiKey[]> {
    const keys = await this.apiKeys(scope, criteria);
    if (keys.length === 0) return [];
    const subscriptions = await this.subscriptions.search({ environmentIds: scope.environmentIds, ids: [...new Set(keys.flatMap((k) => k.subscriptions))] });
    const byId = new Map(subscriptions.map((s) => [s.id, s]));
    return keys.flatMap((key) =>
      key.subscriptions.flatMap((id) => {
        const subscription = byId.get(id);
        return subscription ? [{ ...key, subscription: subscription.id, plan: subscription.planId, api: subscription.apiId }] : [];
      }),
    );
  }

  async searchSubscriptions(scope: ResolvedScope, criteria: SubscriptionCriteriaDto, sort?: Sort): Promise<BridgeSubscription[]> {
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return [];
    // Our subscriptions never end and carry no client id: bounds on the end keep only those "without end", when
    // asked for, and a client id matches none.
    const endBounded = criteriaTime(criteria.endingAtAfter) !== undefined || criteriaTime(criteria.endingAtBefore) !== undefined;
    if (endBounded && criteria.includeWithoutEnd !== true) return [];
    if (criteria.clientId) return [];
    let planSecurities: string[] | undefined;
    if (criteria.planSecurityTypes?.length) {
      planSecurities = criteria.planSecurityTypes.map((t) => PLAN_SECURITY[t.toUpperCase()]).filter((t): t is string => t !== undefined);
      if (planSecurities.length === 0) return [];
    }
    const rows = await this.subscriptions.search({
      environmentIds: environments,
      ids: criteria.ids ?? undefined,
      apiIds: criteria.apis ?? undefined,
      excludedApiIds: criteria.excludedApis ?? undefined,
      planIds: criteria.plans ?? undefined,
      applications: criteria.applications ?? undefined,
      statuses: criteria.statuses ?? undefined,
      planSecurities,
      from: criteriaTime(criteria.from),
      to: criteriaTime(criteria.to),
      sort,
    });
    return rows.map(toBridgeSubscription);
  }
}

function toBridgeApiKey(k: ApiKeyEntity): BridgeApiKey {
  return {
    id: k.id,
    key: k.key,
    application: k.application,
    subscriptions: [k.subscriptionId],
    environmentId: k.environmentId,
    revoked: k.revoked,
    revokedAt: k.revoked ? k.updatedAt.getTime() : null,
    paused: false,
    expireAt: null,
    createdAt: k.createdAt.getTime(),
    updatedAt: k.updatedAt.getTime(),
  };
}

function toBridgeSubscription(s: SubscriptionEntity): BridgeSubscription {
  return {
    id: s.id,
    api: s.apiId,
    plan: s.planId,
    application: s.application,
    clientId: null,
    environmentId: s.environmentId,
    status: s.status,
    consumerStatus: 'STARTED',
    type: 'STANDARD',
    processedAt: s.createdAt.getTime(),
    startingAt: s.createdAt.getTime(),
    endingAt: null,
    createdAt: s.createdAt.getTime(),
    updatedAt: s.updatedAt.getTime(),
  };
}
