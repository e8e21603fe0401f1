import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EventType } from '@app/contracts';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { isUniqueViolation } from '../database/postgres-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ApiEntity, StoredPlan } from './api.entity';
import { deployedRecordOf, hasUndeployedChanges } from './api-definition';
import { ApiEventsWriter } from './api-events.writer';
import { ApisRepository } from './apis.repository';
import { ApisService } from './apis.service';

/** The desired state of an API declared by human-readable id (the Automation API, SPEC §10), in this model's terms. */
export interface DeclaredApi {
  hrid: string;
  name: string;
  contextPath: string;
  target: string;
  /** The plans gateways serve, with ids kept from one declaration to the next. */
  plans: Array<StoredPlan & { hrid: string }>;
  /** `STARTED`: deployed and served; `STOPPED`: stored, and no longer served if it was. */
  state: 'STARTED' | 'STOPPED';
  /** The declaration as received, kept to answer with. */
  declaration: object;
}

/**
 * APIs declared rather than edited: one call says what the API should be, and it is created or updated
 * to match, deployed or stopped, with the bridge events of SPEC §4 written only when gateways must
 * change what they serve. The same APIs as the dashboard's and `/api/v1`'s.
 */
@Injectable()
export class DeclaredApisService {
  constructor(
    private readonly apis: ApisRepository,
    private readonly apisService: ApisService,
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: AccountsService,
    private readonly events: ApiEventsWriter,
    private readonly changes: ChangeBus,
  ) {}

  findByHrid(accountId: string, environmentId: string, hrid: string): Promise<ApiEntity | null> {
    return this.apis.findByHrid({ accountId, environmentId }, hrid);
  }

  /** Whether an API other than `exceptApiId` already serves the context path in the environment. */
  contextPathTaken(environmentId: string, contextPath: string, exceptApiId: string | null): Promise<boolean> {
    return this.apis.contextPathTaken(environmentId, contextPath, exceptApiId);
  }

  async apply(accountId: string, environmentId: string, declared: DeclaredApi): Promise<ApiEntity> {
    const organizationId = (await this.accounts.require(accountId)).organizationId;
    let published = false;
    let id: string;
    try {
      id = await this.unitOfWork.run(async (tx) => {
        const current = await this.apis.findByHrid({ accountId, environmentId }, declared.hrid, tx);
        const api =
          current ??
          Object.assign(new ApiEntity(), { id: randomUUID(), accountId, environmentId, hrid: declared.hrid, lifecycleState: 'STOPPED', deployedAt: null, deployedRecord: null });
        const wasLive = api.deployedAt !== null && api.lifecycleState === 'STARTED';
        Object.assign(api, {
          name: declared.name,
          contextPath: declared.contextPath,
          target: declared.target,
          plans: declared.plans,
          declaration: declared.declaration,
          lifecycleState: declared.state,
        });
        let event: EventType | undefined;
        // Gateways get an event only when what they serve changes: a (re)deploy, or a stop.
        if (declared.state === 'STARTED' && (!wasLive || hasUndeployedChanges(api))) {
          api.deployedAt = new Date();
          api.deployedRecord = deployedRecordOf(api);
          event = 'PUBLISH_API';
        } else if (declared.state === 'STOPPED' && wasLive) {
          event = 'STOP_API';
        }
        if (current) await this.apis.save(tx, api);
        else await this.apis.insert(tx, api);
        if (event) {
          await this.events.write(tx, event, api, organizationId);
          published = true;
        }
        return api.id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ControlPlaneError('CONFLICT', `context path ${declared.contextPath} or hrid ${declared.hrid} is taken in environment ${environmentId} (or was just taken concurrently)`);
      }
      throw err;
    }
    if (published) await this.changes.environmentsChanged([environmentId]);
    return this.apis.getById(id);
  }

  /** Undeploys and deletes the API declared with this hrid, with its subscriptions. */
  async removeByHrid(accountId: string, environmentId: string, hrid: string): Promise<void> {
    const api = await this.findByHrid(accountId, environmentId, hrid);
    if (!api) throw new ControlPlaneError('NOT_FOUND', `no API with hrid ${hrid} in environment ${environmentId}`);
    await this.apisService.remove(accountId, environmentId, api.id);
  }
}
