import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { ApiKeyEntity } from './api-key.entity';
import { SubscriptionEntity } from './subscription.entity';

/** Changes within a time window, for incremental sync; bounds are inclusive, absent bounds open. */
interface UpdatedWithin {
  from?: Date;
  to?: Date;
}

export interface ApiKeyFilter extends UpdatedWithin {
  /** Non-empty. */
  environmentIds: string[];
  includeRevoked: boolean;
}

export interface SubscriptionFilter extends UpdatedWithin {
  /** Non-empty. */
  environmentIds: string[];
  apiIds?: string[];
  planIds?: string[];
  statuses?: string[];
}

/** Subscriptions and the API key each one comes with: one aggregate, written together. */
@Injectable()
export class SubscriptionsRepository {
  constructor(
    @InjectRepository(SubscriptionEntity) private readonly subscriptions: Repository<SubscriptionEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
  ) {}

  async insertWithApiKey(tx: Transaction, subscription: SubscriptionEntity, key: ApiKeyEntity): Promise<void> {
    const manager = Transaction.managerOf(tx, this.subscriptions.manager);
    await manager.getRepository(SubscriptionEntity).insert(manager.getRepository(SubscriptionEntity).create(subscription));
    await manager.getRepository(ApiKeyEntity).insert(manager.getRepository(ApiKeyEntity).create(key));
  }

  /** Matching API keys, least recently updated first. */
  apiKeys(filter: ApiKeyFilter): Promise<ApiKeyEntity[]> {
    const query = this.keys.createQueryBuilder('k').where('k.environment_id IN (:...environments)', { environments: filter.environmentIds });
    if (!filter.includeRevoked) query.andWhere('k.revoked = false');
    if (filter.from) query.andWhere('k.updated_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('k.updated_at <= :to', { to: filter.to });
    return query.orderBy('k.updated_at', 'ASC').getMany();
  }

  /** Matching subscriptions, least recently updated first. */
  search(filter: SubscriptionFilter): Promise<SubscriptionEntity[]> {
    const query = this.subscriptions.createQueryBuilder('s').where('s.environment_id IN (:...environments)', { environments: filter.environmentIds });
    if (filter.apiIds?.length) query.andWhere('s.api_id::text IN (:...apis)', { apis: filter.apiIds });
    if (filter.planIds?.length) query.andWhere('s.plan_id::text IN (:...plans)', { plans: filter.planIds });
    if (filter.statuses?.length) query.andWhere('s.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.from) query.andWhere('s.updated_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('s.updated_at <= :to', { to: filter.to });
    return query.orderBy('s.updated_at', 'ASC').getMany();
  }
}
