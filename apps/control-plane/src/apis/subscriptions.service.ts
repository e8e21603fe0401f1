import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ApisService } from './apis.service';
import { SubscriptionCreatedView, SubscriptionView } from './dto/api.dto';
import { SubscriptionsRepository } from './subscriptions.repository';

/** Subscriptions to `api-key` plans, each with its API key; gateways sync both. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly accounts: AccountsService,
    private readonly apis: ApisService,
    private readonly changes: ChangeBus,
  ) {}

  async subscribe(accountId: string, environmentId: string, apiId: string, planId: string): Promise<SubscriptionCreatedView> {
    await this.accounts.require(accountId);
    const created = await this.unitOfWork.run(async (tx) => {
      const api = await this.apis.require(accountId, environmentId, apiId, tx);
      const plan = api.plans.find((p) => p.id === planId);
      if (!plan) throw new ControlPlaneError('NOT_FOUND', `plan ${planId} does not exist on API ${apiId}`);
      if (plan.security !== 'api-key') {
        throw new ControlPlaneError('INVALID_REQUEST', `plan ${planId} is ${plan.security}: only api-key plans take subscriptions`);
      }
      const now = new Date();
      const application = randomUUID();
      const subscription = {
        id: randomUUID(),
        hrid: null,
        declaration: null,
        apiId,
        planId,
        application,
        environmentId,
        status: 'ACCEPTED' as const,
        createdAt: now,
        updatedAt: now,
      };
      const key = {
        id: randomUUID(),
        key: randomUUID(),
        subscriptionId: subscription.id,
        apiId,
        application,
        environmentId,
        revoked: false,
        createdAt: now,
        updatedAt: now,
      };
      await this.subscriptions.insertWithApiKey(tx, subscription, key);
      return { subscriptionId: subscription.id, apiKey: key.key };
    });
    await this.changes.environmentsChanged([environmentId]);
    return created;
  }

  /** The API's subscriptions, newest first, with their keys. */
  async list(accountId: string, environmentId: string, apiId: string): Promise<SubscriptionView[]> {
    await this.accounts.require(accountId);
    const api = await this.apis.require(accountId, environmentId, apiId);
    const planName = new Map(api.plans.map((p) => [p.id, p.name]));
    return (await this.subscriptions.listForApi(api.id)).map(({ subscription: s, keys }) => ({
      id: s.id,
      planId: s.planId,
      planName: planName.get(s.planId) ?? null,
      status: s.status,
      apiKey: keys[0]?.key ?? null,
      apiKeyRevoked: keys.length === 0 || keys.every((k) => k.revoked),
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    }));
  }

  /** Closes the subscription and revokes its key; gateways refuse the key at their next sync. Idempotent. */
  async close(accountId: string, environmentId: string, apiId: string, subscriptionId: string): Promise<void> {
    await this.accounts.require(accountId);
    const changed = await this.unitOfWork.run(async (tx) => {
      const api = await this.apis.require(accountId, environmentId, apiId, tx);
      const subscription = await this.subscriptions.findForUpdate(tx, api.id, subscriptionId);
      if (!subscription) throw new ControlPlaneError('NOT_FOUND', `subscription ${subscriptionId} does not exist on API ${apiId}`);
      if (subscription.status === 'CLOSED') return false;
      await this.subscriptions.close(tx, subscription.id, new Date());
      return true;
    });
    if (changed) await this.changes.environmentsChanged([environmentId]);
  }
}
