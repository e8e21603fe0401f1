import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ControlPlaneConfig } from '@app/config';
import type { BridgeApiKey, BridgeSubscription } from '@app/contracts';
import { ApiKeyEntity } from '../apis/api-key.entity';
import { SubscriptionEntity } from '../apis/subscription.entity';
import { narrow, ResolvedScope } from './bridge-scope.service';
import { ApiKeyCriteriaDto, SubscriptionCriteriaDto } from './dto/bridge.dto';

/** API keys, subscriptions and the caller's own environment, organization and installation. */
@Injectable()
export class BridgeSyncService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectRepository(SubscriptionEntity) private readonly subscriptions: Repository<SubscriptionEntity>,
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
    const query = this.keys.createQueryBuilder('k').where('k.environment_id IN (:...environments)', { environments });
    if (!criteria.includeRevoked) query.andWhere('k.revoked = false');
    if (criteria.from) query.andWhere('k.updated_at >= :from', { from: new Date(criteria.from) });
    if (criteria.to) query.andWhere('k.updated_at <= :to', { to: new Date(criteria.to) });
    const rows = await query.orderBy('k.updated_at', 'ASC').getMany();
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
    const query = this.subscriptions.createQueryBuilder('s').where('s.environment_id IN (:...environments)', { environments });
    if (criteria.apis?.length) query.andWhere('s.api_id::text IN (:...apis)', { apis: criteria.apis });
    if (criteria.plans?.length) query.andWhere('s.plan_id::text IN (:...plans)', { plans: criteria.plans });
    if (criteria.statuses?.length) query.andWhere('s.status IN (:...statuses)', { statuses: criteria.statuses });
    if (criteria.from) query.andWhere('s.updated_at >= :from', { from: new Date(criteria.from) });
    if (criteria.to) query.andWhere('s.updated_at <= :to', { to: new Date(criteria.to) });
    const rows = await query.orderBy('s.updated_at', 'ASC').getMany();
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

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'default';
}
