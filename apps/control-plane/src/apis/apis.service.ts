import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EventType } from '@app/contracts';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { Transaction, UnitOfWork } from '../database/unit-of-work';
import { ApiEntity } from './api.entity';
import { definitionOf, deployedRecordOf, hasUndeployedChanges } from './api-definition';
import { ApiEventsWriter } from './api-events.writer';
import { ApisRepository } from './apis.repository';
import { ApiView, CreateApiDto, PlanInputDto, UpdateApiDto } from './dto/api.dto';
import { PlanChangeProblem, replacePlans } from './plan-changes';
import { SubscriptionsRepository } from './subscriptions.repository';

const DEFAULT_PLAN: PlanInputDto = { name: 'Default keyless plan', security: 'key-less' };

/** What a lifecycle event did, in the one log line it gets. */
const DONE: Partial<Record<EventType, string>> = { PUBLISH_API: 'deployed', START_API: 'started', STOP_API: 'stopped' };

/** APIs as v4 proxy definitions and their lifecycle; every change gateways see is a bridge event. */
@Injectable()
export class ApisService {
  private readonly logger = new Logger('Apis');

  constructor(
    private readonly apis: ApisRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: AccountsService,
    private readonly events: ApiEventsWriter,
    private readonly changes: ChangeBus,
  ) {}

  async create(accountId: string, environmentId: string, input: CreateApiDto): Promise<ApiView> {
    await this.accounts.require(accountId);
    await this.accounts.requireEnvironment(accountId, environmentId);
    const api = {
      id: randomUUID(),
      accountId,
      environmentId,
      name: input.name,
      contextPath: input.contextPath,
      target: input.target,
      plans: (input.plans ?? [DEFAULT_PLAN]).map((p) => ({
        id: randomUUID(),
        name: p.name,
        security: p.security,
        ...(p.rateLimit ? { rateLimit: { limit: p.rateLimit.limit, periodSeconds: p.rateLimit.periodSeconds } } : {}),
      })),
      lifecycleState: 'STARTED' as const,
      deployedAt: null,
      deployedRecord: null,
    };
    if (!(await this.apis.insertIfContextPathFree(api))) {
      throw new ControlPlaneError('CONFLICT', `context path ${input.contextPath} is already used by another API in environment ${environmentId}`, {
        field: 'contextPath',
      });
    }
    return toApiView(await this.apis.getById(api.id));
  }

  async list(accountId: string, environmentId: string): Promise<ApiView[]> {
    await this.accounts.requireEnvironment(accountId, environmentId);
    const rows = await this.apis.listInEnvironment(accountId, environmentId);
    return rows.map(toApiView);
  }

  async get(accountId: string, environmentId: string, apiId: string): Promise<ApiView> {
    return toApiView(await this.require(accountId, environmentId, apiId));
  }

  /**
   * Edits the API record. Nothing reaches gateways until the next deploy: a deployed API keeps serving
   * what its last deploy published, also through stop and start.
   */
  async update(accountId: string, environmentId: string, apiId: string, input: UpdateApiDto): Promise<ApiView> {
    await this.accounts.require(accountId);
    await this.unitOfWork.run(async (tx) => {
      const api = await this.requireForUpdate(tx, accountId, environmentId, apiId);
      if (input.name !== undefined) api.name = input.name;
      if (input.contextPath !== undefined) api.contextPath = input.contextPath;
      if (input.target !== undefined) api.target = input.target;
      if (input.plans !== undefined) {
        const open = await this.subscriptions.openCountsByPlan(tx, api.id);
        const plans = replacePlans(api.plans, input.plans, (planId) => open.get(planId) ?? 0);
        if (!Array.isArray(plans)) throw planChangeError(plans);
        api.plans = plans;
      }
      if (!(await this.apis.saveIfContextPathFree(tx, api))) {
        throw new ControlPlaneError('CONFLICT', `context path ${api.contextPath} is already used by another API in environment ${environmentId}`, {
          field: 'contextPath',
        });
      }
    });
    return toApiView(await this.apis.getById(apiId));
  }

  /** Publishes the current definition; gateways serve it if it is started. */
  deploy(accountId: string, environmentId: string, apiId: string): Promise<ApiView> {
    return this.transition(accountId, environmentId, apiId, 'PUBLISH_API', (api) => {
      api.deployedAt = new Date();
      api.deployedRecord = deployedRecordOf(api);
    });
  }

  /** Gateways stop serving the API (UNPUBLISH_API); it stays, ready to be deployed again. */
  async undeploy(accountId: string, environmentId: string, apiId: string): Promise<ApiView> {
    const organizationId = (await this.accounts.require(accountId)).organizationId;
    const wasDeployed = await this.unitOfWork.run(async (tx) => {
      const api = await this.requireForUpdate(tx, accountId, environmentId, apiId);
      if (api.deployedAt === null) return false;
      await this.events.write(tx, 'UNPUBLISH_API', api, organizationId);
      api.deployedAt = null;
      api.deployedRecord = null;
      await this.apis.save(tx, api);
      return true;
    });
    if (wasDeployed) await this.changes.environmentsChanged([environmentId]);
    return toApiView(await this.apis.getById(apiId));
  }

  start(accountId: string, environmentId: string, apiId: string): Promise<ApiView> {
    return this.transition(accountId, environmentId, apiId, 'START_API', (api) => {
      api.lifecycleState = 'STARTED';
    });
  }

  stop(accountId: string, environmentId: string, apiId: string): Promise<ApiView> {
    return this.transition(accountId, environmentId, apiId, 'STOP_API', (api) => {
      api.lifecycleState = 'STOPPED';
    });
  }

  /** Undeploys (UNPUBLISH_API, so gateways drop it) and deletes the API with its subscriptions. */
  async remove(accountId: string, environmentId: string, apiId: string): Promise<void> {
    const organizationId = (await this.accounts.require(accountId)).organizationId;
    let wasDeployed = false;
    await this.unitOfWork.run(async (tx) => {
      const api = await this.requireForUpdate(tx, accountId, environmentId, apiId);
      wasDeployed = api.deployedAt !== null;
      if (wasDeployed) {
        api.lifecycleState = 'STOPPED';
        await this.events.write(tx, 'UNPUBLISH_API', api, organizationId);
      }
      await this.apis.delete(tx, api.id);
    });
    this.logger.log(`API ${apiId} ${wasDeployed ? 'undeployed and deleted' : 'deleted'} (environment ${environmentId})`);
    await this.changes.environmentsChanged([environmentId]);
  }

  /** The API of the environment, read inside the transaction when one is given. */
  async require(accountId: string, environmentId: string, apiId: string, tx?: Transaction): Promise<ApiEntity> {
    return found(await this.apis.findInEnvironment({ accountId, environmentId, apiId }, tx), environmentId, apiId);
  }

  private async requireForUpdate(tx: Transaction, accountId: string, environmentId: string, apiId: string): Promise<ApiEntity> {
    return found(await this.apis.findInEnvironmentForUpdate(tx, { accountId, environmentId, apiId }), environmentId, apiId);
  }

  /**
   * Applies a change under a row lock; a deployed API (or a deploy) also gets its event, with the
   * resulting record as payload, so the latest event per API always says what gateways should serve.
   */
  private async transition(accountId: string, environmentId: string, apiId: string, type: EventType, change: (api: ApiEntity) => void): Promise<ApiView> {
    const organizationId = (await this.accounts.require(accountId)).organizationId;
    let published = false;
    const api = await this.unitOfWork.run(async (tx) => {
      const current = await this.requireForUpdate(tx, accountId, environmentId, apiId);
      change(current);
      await this.apis.save(tx, current);
      if (current.deployedAt !== null) {
        await this.events.write(tx, type, current, organizationId);
        published = true;
      }
      return current;
    });
    if (published) {
      this.logger.log(`API "${api.name}" ${api.contextPath} (${api.id}) ${DONE[type] ?? type} in environment ${environmentId}`);
      await this.changes.environmentsChanged([environmentId]);
    }
    return toApiView(await this.apis.getById(api.id));
  }
}

function planChangeError(problem: PlanChangeProblem): ControlPlaneError {
  switch (problem.kind) {
    case 'unknown-plan':
      return new ControlPlaneError('INVALID_REQUEST', `plans.${problem.index}.id: ${problem.id} is not a plan of this API`, { field: `plans.${problem.index}.id` });
    case 'duplicate-plan':
      return new ControlPlaneError('INVALID_REQUEST', `plans.${problem.index}.id: plan ${problem.id} is listed twice`, { field: `plans.${problem.index}.id` });
    case 'in-use':
      return new ControlPlaneError(
        'CONFLICT',
        `plan ${JSON.stringify(problem.plan.name)} has ${problem.openSubscriptions} open subscription(s) and cannot be ${problem.change === 'removed' ? 'removed' : 'given another security type'}; close its subscriptions first`,
        { field: 'plans', planId: problem.plan.id },
      );
  }
}

function found(api: ApiEntity | null, environmentId: string, apiId: string): ApiEntity {
  if (!api) throw new ControlPlaneError('NOT_FOUND', `API ${apiId} does not exist in environment ${environmentId}`);
  return api;
}

function toApiView(api: ApiEntity): ApiView {
  return {
    id: api.id,
    hrid: api.hrid,
    name: api.name,
    environmentId: api.environmentId,
    contextPath: api.contextPath,
    target: api.target,
    plans: api.plans,
    lifecycleState: api.lifecycleState,
    deployed: api.deployedAt !== null,
    deployedAt: api.deployedAt?.toISOString() ?? null,
    undeployedChanges: hasUndeployedChanges(api),
    definition: definitionOf(api, (api.deployedAt ?? api.updatedAt).getTime()),
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}
