import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EventType } from '@app/contracts';
import { Transaction } from '../database/unit-of-work';
import { ApiEntity } from './api.entity';
import { asDeployed, eventPayloadOf } from './api-definition';
import { EventEntity } from './event.entity';
import { EventsRepository } from './events.repository';

/**
 * Writes the bridge events of SPEC §4 for an API, inside the caller's transaction. The payload is the
 * API as last deployed, so a start or stop never publishes an edit that was not deployed.
 */
@Injectable()
export class ApiEventsWriter {
  constructor(private readonly events: EventsRepository) {}

  async write(tx: Transaction, type: EventType, api: ApiEntity, organizationId: string): Promise<EventEntity> {
    const now = new Date();
    const deployedAt = (api.deployedAt ?? now).getTime();
    const deploymentNumber = await this.events.countForApi(tx, api.id);
    const event = Object.assign(new EventEntity(), {
      id: randomUUID(),
      type,
      payload: JSON.stringify(eventPayloadOf(asDeployed(api), deployedAt)),
      parentId: null,
      properties: { api_id: api.id, deployment_number: String(deploymentNumber + 1), origin: 'management' },
      environments: [api.environmentId],
      organizations: [organizationId],
      createdAt: now,
      updatedAt: now,
    });
    await this.events.append(tx, event);
    return event;
  }
}
