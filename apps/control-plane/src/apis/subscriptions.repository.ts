import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { ApiKeyEntity } from './api-key.entity';
import { SubscriptionEntity } from './subscription.entity';

/** Changes within a time window, for incremental sync; bounds are inclusive, absent bounds open. */
interface UpdatedWithin {
  from?: Date;
  to?: Date;
  /** Default: least recently updated first. */
  sort?: { field: 'createdAt' | 'updatedAt'; order: 'ASC' | 'DESC' };
}

export interface ApiKeyFilter extends UpdatedWithin {
  /** Non-empty. */
  environmentIds: string[];
  includeRevoked: boolean;
  /** Keys of any of these subscriptions (absent: any). */
  subscriptionIds?: string[];
}

export interface SubscriptionFilter extends UpdatedWithin {
  /** Non-empty. */
  environmentIds: string[];
  ids?: string[];
  apiIds?: string[];
  excludedApiIds?: string[];
  planIds?: string[];
  applications?: string[];
  statuses?: string[];
  /** Subscriptions to plans of any of these securities (absent: any). */
  planSecurities?: string[];
}

const SORT_COLUMN = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

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

  /** The API's open (not closed) subscription with this hrid (locked until the transaction ends when one is given). */
  findOpenByHrid(apiId: string, hrid: string, tx?: Transaction): Promise<SubscriptionEntity | null> {
    return this.subscriptionsOf(tx).findOne({ where: { apiId, hrid, status: Not('CLOSED') }, ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Every key of the subscription, revoked ones included. */
  keysOf(tx: Transaction, subscriptionId: string): Promise<ApiKeyEntity[]> {
    return this.keysIn(tx).find({ where: { subscriptionId }, order: { createdAt: 'ASC' } });
  }

  async insertSubscription(tx: Transaction, subscription: SubscriptionEntity): Promise<void> {
    await this.subscriptionsOf(tx).insert(subscription);
  }

  async saveSubscription(tx: Transaction, subscription: SubscriptionEntity): Promise<void> {
    await this.subscriptionsOf(tx).save(subscription);
  }

  /** Inserts a key; one already used in the environment fails it with a unique violation. */
  async insertKey(tx: Transaction, key: ApiKeyEntity): Promise<void> {
    await this.keysIn(tx).insert(key);
  }

  async setKeysRevoked(tx: Transaction, keyIds: string[], revoked: boolean, at: Date): Promise<void> {
    if (keyIds.length > 0) await this.keysIn(tx).update({ id: In(keyIds) }, { revoked, updatedAt: at });
  }

  /** Closes the subscriptions and revokes their keys, so gateways refuse them at their next sync. */
  async closeMany(tx: Transaction, subscriptionIds: string[], at: Date): Promise<void> {
    if (subscriptionIds.length === 0) return;
    await this.subscriptionsOf(tx).update({ id: In(subscriptionIds) }, { status: 'CLOSED', updatedAt: at });
    await this.keysIn(tx).update({ subscriptionId: In(subscriptionIds), revoked: false }, { revoked: true, updatedAt: at });
  }

  /** The open subscriptions of an application. */
  openOfApplication(tx: Transaction, application: string): Promise<SubscriptionEntity[]> {
    return this.subscriptionsOf(tx).find({ where: { application, status: Not('CLOSED') } });
  }

  /** Matching API keys, least recently updated first unless sorted otherwise. Empty lists filter nothing, as in Gravitee's repositories. */
  apiKeys(filter: ApiKeyFilter): Promise<ApiKeyEntity[]> {
    const query = this.keys.createQueryBuilder('k').where('k.environment_id IN (:...environments)', { environments: filter.environmentIds });
    if (filter.subscriptionIds?.length) query.andWhere('k.subscription_id::text IN (:...subscriptions)', { subscriptions: filter.subscriptionIds });
    if (!filter.includeRevoked) query.andWhere('k.revoked = false');
    if (filter.from) query.andWhere('k.updated_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('k.updated_at <= :to', { to: filter.to });
    const sort = filter.sort ?? { field: 'updatedAt', order: 'ASC' };
    return query.orderBy(`k.${SORT_COLUMN[sort.field]}`, sort.order).addOrderBy('k.id', 'ASC').getMany();
  }

  /** Matching subscriptions, least recently updated first unless sorted otherwise. Empty lists filter nothing, as in Gravitee's repositories. */
  search(filter: SubscriptionFilter): Promise<SubscriptionEntity[]> {
    const query = this.subscriptions.createQueryBuilder('s').where('s.environment_id IN (:...environments)', { environments: filter.environmentIds });
    if (filter.ids?.length) query.andWhere('s.id::text IN (:...ids)', { ids: filter.ids });
    if (filter.apiIds?.length) query.andWhere('s.api_id::text IN (:...apis)', { apis: filter.apiIds });
    if (filter.excludedApiIds?.length) query.andWhere('s.api_id::text NOT IN (:...excludedApis)', { excludedApis: filter.excludedApiIds });
    if (filter.planIds?.length) query.andWhere('s.plan_id::text IN (:...plans)', { plans: filter.planIds });
    if (filter.applications?.length) query.andWhere('s.application IN (:...applications)', { applications: filter.applications });
    if (filter.statuses?.length) query.andWhere('s.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.planSecurities?.length) {
      // Plans live in their API's definition.
      query.andWhere(
        `EXISTS (SELECT 1 FROM apis a CROSS JOIN LATERAL jsonb_array_elements(a.plans) p
                  WHERE a.id = s.api_id AND p->>'id' = s.plan_id::text AND p->>'security' IN (:...securities))`,
        { securities: filter.planSecurities },
      );
    }
    if (filter.from) query.andWhere('s.updated_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('s.updated_at <= :to', { to: filter.to });
    const sort = filter.sort ?? { field: 'updatedAt', order: 'ASC' };
    return query.orderBy(`s.${SORT_COLUMN[sort.field]}`, sort.order).addOrderBy('s.id', 'ASC').getMany();
  }

  /** The API's subscriptions, newest first, each with its API keys. */
  async listForApi(apiId: string): Promise<Array<{ subscription: SubscriptionEntity; keys: ApiKeyEntity[] }>> {
    const subscriptions = await this.subscriptions.find({ where: { apiId }, order: { createdAt: 'DESC', id: 'ASC' } });
    const keys = subscriptions.length ? await this.keys.find({ where: { subscriptionId: In(subscriptions.map((s) => s.id)) } }) : [];
    return subscriptions.map((subscription) => ({ subscription, keys: keys.filter((k) => k.subscriptionId === subscription.id) }));
  }

  /** Open (not closed) subscriptions per plan of the API, inside the transaction. */
  async openCountsByPlan(tx: Transaction, apiId: string): Promise<Map<string, number>> {
    const rows: Array<{ planId: string; count: number }> = await Transaction.managerOf(tx, this.subscriptions.manager)
      .getRepository(SubscriptionEntity)
      .createQueryBuilder('s')
      .select('s.plan_id', 'planId')
      .addSelect('count(*)::int', 'count')
      .where('s.api_id = :apiId', { apiId })
      .andWhere(`s.status <> 'CLOSED'`)
      .groupBy('s.plan_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.planId, r.count]));
  }

  /** The API's subscription, locked until the transaction ends. */
  findForUpdate(tx: Transaction, apiId: string, subscriptionId: string): Promise<SubscriptionEntity | null> {
    return Transaction.managerOf(tx, this.subscriptions.manager)
      .getRepository(SubscriptionEntity)
      .findOne({ where: { id: subscriptionId, apiId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Closes the subscription and revokes its keys; both carry the time, so incremental syncs pick them up. */
  async close(tx: Transaction, subscriptionId: string, at: Date): Promise<void> {
    const manager = Transaction.managerOf(tx, this.subscriptions.manager);
    await manager.getRepository(SubscriptionEntity).update({ id: subscriptionId }, { status: 'CLOSED', updatedAt: at });
    await manager.getRepository(ApiKeyEntity).update({ subscriptionId }, { revoked: true, updatedAt: at });
  }

  private subscriptionsOf(tx: Transaction | undefined): Repository<SubscriptionEntity> {
    return Transaction.managerOf(tx, this.subscriptions.manager).getRepository(SubscriptionEntity);
  }

  private keysIn(tx: Transaction): Repository<ApiKeyEntity> {
    return Transaction.managerOf(tx, this.keys.manager).getRepository(ApiKeyEntity);
  }
}
