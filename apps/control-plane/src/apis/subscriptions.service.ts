import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { ApiKeyEntity } from './api-key.entity';
import { ApisService } from './apis.service';
import { SubscriptionCreatedView } from './dto/api.dto';
import { SubscriptionEntity } from './subscription.entity';

/** Subscriptions to `api-key` plans, each with its API key; gateways sync both. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly apis: ApisService,
    private readonly changes: ChangeBus,
  ) {}

  async subscribe(accountId: string, environmentId: string, apiId: string, planId: string): Promise<SubscriptionCreatedView> {
    await this.accounts.require(accountId);
    const created = await this.dataSource.transaction(async (tx) => {
      const api = await this.apis.require(tx, accountId, environmentId, apiId);
      const plan = api.plans.find((p) => p.id === planId);
      if (!plan) throw new ControlPlaneError('NOT_FOUND', `plan ${planId} does not exist on API ${apiId}`);
      if (plan.security !== 'api-key') {
        throw new ControlPlaneError('INVALID_REQUEST', `plan ${planId} is ${plan.security}: only api-key plans take subscriptions`);
      }
      const now = new Date();
      const application = randomUUID();
      const subscription = tx.getRepository(SubscriptionEntity).create({
        id: randomUUID(),
        apiId,
        planId,
        application,
        environmentId,
        status: 'ACCEPTED',
        createdAt: now,
        updatedAt: now,
      });
      await tx.getRepository(SubscriptionEntity).insert(subscription);
      const key = tx.getRepository(ApiKeyEntity).create({
        id: randomUUID(),
        key: randomUUID(),
        subscriptionId: subscription.id,
        apiId,
        application,
        environmentId,
        revoked: false,
        createdAt: now,
        updatedAt: now,
      });
      await tx.getRepository(ApiKeyEntity).insert(key);
      return { subscriptionId: subscription.id, apiKey: key.key };
    });
    await this.changes.environmentsChanged([environmentId]);
    return created;
  }
}
