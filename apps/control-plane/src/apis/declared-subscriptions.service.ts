import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { isUniqueViolation } from '../database/postgres-errors';
import { Transaction, UnitOfWork } from '../database/unit-of-work';
import { ApiKeyEntity } from './api-key.entity';
import { ApisService } from './apis.service';
import { SubscriptionEntity } from './subscription.entity';
import { SubscriptionsRepository } from './subscriptions.repository';

/** The desired state of a subscription declared by human-readable id (the Automation API, SPEC §10). */
export interface DeclaredSubscription {
  hrid: string;
  planId: string;
  applicationId: string;
  /** The subscription's API keys, chosen by the caller; absent: one generated key, kept across updates. */
  apiKeys?: string[];
  /** The declaration as received, without its keys, kept to answer with. */
  declaration: object;
}

/**
 * Subscriptions of applications to `api-key` plans, declared rather than requested: created, or
 * updated to match (their keys added and revoked to match the declaration), or closed with their keys
 * revoked. Gateways sync them like any other (SPEC §4).
 */
@Injectable()
export class DeclaredSubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly apis: ApisService,
    private readonly unitOfWork: UnitOfWork,
    private readonly changes: ChangeBus,
  ) {}

  findOpenByHrid(apiId: string, hrid: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOpenByHrid(apiId, hrid);
  }

  async declare(accountId: string, environmentId: string, apiId: string, declared: DeclaredSubscription): Promise<SubscriptionEntity> {
    let subscription: SubscriptionEntity;
    try {
      subscription = await this.unitOfWork.run(async (tx) => {
        const api = await this.apis.require(accountId, environmentId, apiId, tx);
        const plan = api.plans.find((p) => p.id === declared.planId);
        if (!plan) throw new ControlPlaneError('NOT_FOUND', `plan ${declared.planId} is not served by API ${apiId}`);
        if (plan.security !== 'api-key') throw new ControlPlaneError('INVALID_REQUEST', `plan ${plan.hrid ?? plan.id} is ${plan.security}: only api-key plans take subscriptions`);
        const now = new Date();
        const current = await this.subscriptions.findOpenByHrid(apiId, declared.hrid, tx);
        if (current && (current.planId !== declared.planId || current.application !== declared.applicationId)) {
          throw new ControlPlaneError('INVALID_REQUEST', `subscription ${declared.hrid} cannot move to another plan or application; delete it and declare a new one`);
        }
        const entity =
          current ??
          Object.assign(new SubscriptionEntity(), {
            id: randomUUID(),
            hrid: declared.hrid,
            apiId,
            planId: declared.planId,
            application: declared.applicationId,
            environmentId,
            status: 'ACCEPTED' as const,
            createdAt: now,
          });
        entity.declaration = declared.declaration;
        entity.updatedAt = now;
        if (current) await this.subscriptions.saveSubscription(tx, entity);
        else await this.subscriptions.insertSubscription(tx, entity);
        await this.matchKeys(tx, entity, declared.apiKeys, now);
        return entity;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ControlPlaneError('CONFLICT', `an API key of subscription ${declared.hrid} is already used in environment ${environmentId}, or it was just declared concurrently`);
      throw err;
    }
    await this.changes.environmentsChanged([environmentId]);
    return subscription;
  }

  /** Closes the open subscription with this hrid and revokes its keys; gateways refuse them at their next sync. */
  async closeByHrid(environmentId: string, apiId: string, hrid: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.subscriptions.findOpenByHrid(apiId, hrid, tx);
      if (!current) throw new ControlPlaneError('NOT_FOUND', `no subscription with hrid ${hrid} on API ${apiId}`);
      await this.subscriptions.close(tx, current.id, new Date());
    });
    await this.changes.environmentsChanged([environmentId]);
  }

  /** Keys declared and not there are added (or restored), keys there and not declared are revoked. */
  private async matchKeys(tx: Transaction, subscription: SubscriptionEntity, declared: string[] | undefined, now: Date): Promise<void> {
    const existing = await this.subscriptions.keysOf(tx, subscription.id);
    const wanted = declared && declared.length > 0 ? [...new Set(declared)] : undefined;
    if (!wanted) {
      if (existing.length === 0) await this.subscriptions.insertKey(tx, this.newKey(subscription, randomUUID(), now));
      return;
    }
    for (const key of wanted) {
      if (!existing.some((k) => k.key === key)) await this.subscriptions.insertKey(tx, this.newKey(subscription, key, now));
    }
    const restore = existing.filter((k) => k.revoked && wanted.includes(k.key)).map((k) => k.id);
    const revoke = existing.filter((k) => !k.revoked && !wanted.includes(k.key)).map((k) => k.id);
    await this.subscriptions.setKeysRevoked(tx, restore, false, now);
    await this.subscriptions.setKeysRevoked(tx, revoke, true, now);
  }

  private newKey(subscription: SubscriptionEntity, key: string, now: Date): ApiKeyEntity {
    return Object.assign(new ApiKeyEntity(), {
      id: randomUUID(),
      key,
      subscriptionId: subscription.id,
      apiId: subscription.apiId,
      application: subscription.application,
      environmentId: subscription.environmentId,
      revoked: false,
      createdAt: now,
      updatedAt: now,
    });
  }
}
