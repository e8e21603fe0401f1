import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { EventType } from '@app/contracts';
import { ApiEntity } from './api.entity';
import { eventPayloadOf } from './api-definition';
import { EventEntity } from './event.entity';

/** Writes the bridge events of SPEC §4 for an API, inside the caller's transaction. */
@Injectable()
export class ApiEventsWriter {
  async write(tx: EntityManager, type: EventType, api: ApiEntity, organizationId: string): Promise<EventEntity> {
    const now = new Date();
    const deployedAt = (api.deployedAt ?? now).getTime();
    const repo = tx.getRepository(EventEntity);
    const deploymentNumber = await repo.createQueryBuilder('e').where(`e.properties->>'api_id' = :id`, { id: api.id }).getCount();
    const event = repo.create({
      id: randomUUID(),
      type,
      payload: JSON.stringify(eventPayloadOf(api, deployedAt)),
      parentId: null,
      properties: { api_id: api.id, deployment_number: String(deploymentNumber + 1), origin: 'management' },
      environments: [api.environmentId],
      organizations: [organizationId],
      createdAt: now,
      updatedAt: now,
    });
    await repo.insert(event);
    return event;
  }
}
