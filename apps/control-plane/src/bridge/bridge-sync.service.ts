import { Injectable } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import type { BridgeApiKey, BridgeSubscription } from '@app/contracts';
import { SubscriptionsRepository } from '../apis/subscriptions.repository';
import { narrow, ResolvedScope } from './bridge-scope.service';
import { ApiKeyCriteriaDto, SubscriptionCriteriaDto } from './dto/bridge.dto';

/** API keys, subscriptions and the caller's own environment, organization and installation. */
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

  async apiKeys(scope: ResolvedScope, criteria: ApiKeyCriteriaDto): Promise<BridgeApiKey[]> {
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return [];
    const rows = await this.subscriptions.apiKeys({ environmentIds: environments, includeRevoked: Boolean(criteria.includeRevoked), ...updateWindow(criteria) });
    return rows.map((k) => ({
      id: k.id,
      key: k.key,
      application: k.application,
      subscriptions: [k.subscriptionId],
      environmentId: k.environmentId,
      revoked: k.revoked,
      paused: false,
      expireAt: null,
      createdAt: k.createdAt.getTime(),
      updatedAt: k.updatedAt.getTime(),
    }));
  }

  async searchSubscriptions(scope: ResolvedScope, criteria: SubscriptionCriteriaDto): Promise<BridgeSubscription[]> {
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return [];
    const rows = await this.subscriptions.search({
      environmentIds: environments,
      apiIds: criteria.apis,
      planIds: criteria.plans,
      statuses: criteria.statuses,
      ...updateWindow(criteria),
    });
    return rows.map((s) => ({
      id: s.id,
      api: s.apiId,
      plan: s.planId,
      application: s.application,
      environmentId: s.environmentId,
      status: s.status,
      startingAt: s.createdAt.getTime(),
      endingAt: null,
      createdAt: s.createdAt.getTime(),
      updatedAt: s.updatedAt.getTime(),
    }));
  }

  environments(scope: ResolvedScope) {
    return scope.environments.map((e) => ({
      id: e.id,
      name: e.name,
      hrids: [slug(e.name)],
      description: null,
      organizationId: scope.organizationId,
      domainRestrictions: [],
    }));
  }

  organizations(scope: ResolvedScope) {
    return [{ id: scope.organizationId, name: scope.account.name, hrids: [slug(scope.account.name)], description: null, domainRestrictions: [] }];
  }

  installation(scope: ResolvedScope) {
    return {
      id: this.config.CONTROL_PLANE_ID,
      additionalInformation: { CLOUD_ACCOUNT_ID: scope.account.id, ORGANIZATION_ID: scope.organizationId, REGION: scope.account.region },
      createdAt: scope.account.createdAt.getTime(),
      updatedAt: scope.account.createdAt.getTime(),
    };
  }
}

/** The criteria's update window; 0 is "no bound", as it always was. */
function updateWindow(criteria: { from?: number; to?: number }): { from?: Date; to?: Date } {
  return { from: criteria.from ? new Date(criteria.from) : undefined, to: criteria.to ? new Date(criteria.to) : undefined };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'default';
}
