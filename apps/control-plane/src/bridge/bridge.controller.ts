import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiEventPayload, BridgeApiKey, BridgeEvent, BridgePlan, BridgeSubscription, Page } from '@app/contracts';
import { ApiIdsPipe } from './api-ids.pipe';
import { BridgeApisService } from './bridge-apis.service';
import { BridgeDirectoryService, BridgeEnvironment, BridgeOrganization } from './bridge-directory.service';
import { BridgeEventsService } from './bridge-events.service';
import { BridgeScope, Scope } from './bridge-scope';
import { BridgeScopeService } from './bridge-scope.service';
import { BridgeSyncService } from './bridge-sync.service';
import {
  ApiKeyCriteriaDto,
  ApisQuery,
  commaList,
  EventCriteriaDto,
  HeartbeatEventDto,
  HridsQuery,
  LatestQuery,
  NodeMonitoringDto,
  NodeMonitoringQuery,
  PagingQuery,
  SortQuery,
  sortOf,
  SubscriptionCriteriaDto,
} from './dto/bridge.dto';
import { HeartbeatsService } from './heartbeats.service';
import { InternalTokenGuard } from './internal-token.guard';
import { LenientBodyPipe } from './lenient-body.pipe';
import { MonitoringRecord, NodeMonitoringService } from './node-monitoring.service';

/*
 * Parameters are typed `Readonly<Dto>` (reflected as Object) so the global, forbidding validation
 * pipe leaves them to LenientBodyPipe: Gravitee gateways send criteria fields we do not read.
 */
type Criteria = Readonly<EventCriteriaDto>;
type Paged = Readonly<PagingQuery>;
type LatestParams = Readonly<LatestQuery>;
type Heartbeat = Readonly<HeartbeatEventDto>;
type KeyCriteria = Readonly<ApiKeyCriteriaDto>;
type SubscriptionCriteria = Readonly<SubscriptionCriteriaDto>;
type Sorting = Readonly<SortQuery>;
type Hrids = Readonly<HridsQuery>;
type ApisParams = Readonly<ApisQuery>;
type MonitoringParams = Readonly<NodeMonitoringQuery>;
type Monitoring = Readonly<NodeMonitoringDto>;

const DEFAULT_LATEST_PAGE_SIZE = 100;

/**
 * A missing entity is `404` with an empty body, as Gravitee's bridge server answers: its client decodes
 * any body below 500 as the entity.
 */
function orNotFound<T>(res: Response, entity: T | undefined): T | undefined {
  if (entity === undefined) res.status(404);
  return entity;
}

/**
 * `/sync/_bridge/X` at the gate is `/internal/bridge/X` here (docs/internal-api.md), scoped by the token.
 * Routes and answers are those of Gravitee's bridge server (SPEC §4), whose client is the judge.
 */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal/bridge')
export class BridgeController {
  constructor(
    private readonly scopes: BridgeScopeService,
    private readonly events: BridgeEventsService,
    private readonly heartbeats: HeartbeatsService,
    private readonly sync: BridgeSyncService,
    private readonly directory: BridgeDirectoryService,
    private readonly apis: BridgeApisService,
    private readonly monitoring: NodeMonitoringService,
  ) {}

  @Get()
  version(): { version: Record<string, string> } {
    return this.sync.version();
  }

  @Post(['eventsLatest/_search', 'events/_searchLatest'])
  @HttpCode(200)
  async latest(
    @Scope() scope: BridgeScope,
    @Query(new LenientBodyPipe(LatestQuery)) query: LatestParams,
    @Body(new LenientBodyPipe(EventCriteriaDto)) criteria: Criteria,
  ): Promise<BridgeEvent[]> {
    const paging = { page: query.page ?? 0, size: query.size ?? DEFAULT_LATEST_PAGE_SIZE };
    return this.events.latest(await this.scopes.resolve(scope), criteria, query.group, paging);
  }

  @Post('events/_search')
  @HttpCode(200)
  async search(
    @Scope() scope: BridgeScope,
    @Query(new LenientBodyPipe(PagingQuery)) query: Paged,
    @Body(new LenientBodyPipe(EventCriteriaDto)) criteria: Criteria,
  ): Promise<BridgeEvent[] | Page<BridgeEvent>> {
    const paging = query.page !== undefined || query.size !== undefined ? { page: query.page ?? 0, size: query.size ?? DEFAULT_LATEST_PAGE_SIZE } : undefined;
    return this.events.search(await this.scopes.resolve(scope), criteria, paging);
  }

  @Post('events/_createOrPatch')
  @HttpCode(200)
  async heartbeat(@Scope() scope: BridgeScope, @Body(new LenientBodyPipe(HeartbeatEventDto)) event: Heartbeat): Promise<BridgeEvent> {
    return this.heartbeats.record(await this.scopes.resolve(scope), event);
  }

  @Post('keys/_findByCriteria')
  @HttpCode(200)
  async keys(
    @Scope() scope: BridgeScope,
    @Query(new LenientBodyPipe(SortQuery)) sort: Sorting,
    @Body(new LenientBodyPipe(ApiKeyCriteriaDto)) criteria: KeyCriteria,
  ): Promise<BridgeApiKey[]> {
    return this.sync.apiKeys(await this.scopes.resolve(scope), criteria, sortOf(sort));
  }

  /** The deprecated search of bridge clients before 3.17. */
  @Post('keys/_search')
  @HttpCode(200)
  async keysWithSubscriptions(@Scope() scope: BridgeScope, @Body(new LenientBodyPipe(ApiKeyCriteriaDto)) criteria: KeyCriteria): Promise<BridgeApiKey[]> {
    return this.sync.apiKeysWithSubscriptions(await this.scopes.resolve(scope), criteria);
  }

  @Post('subscriptions/_search')
  @HttpCode(200)
  async subscriptions(
    @Scope() scope: BridgeScope,
    @Query(new LenientBodyPipe(SortQuery)) sort: Sorting,
    @Body(new LenientBodyPipe(SubscriptionCriteriaDto)) criteria: SubscriptionCriteria,
  ): Promise<BridgeSubscription[]> {
    return this.sync.searchSubscriptions(await this.scopes.resolve(scope), criteria, sortOf(sort));
  }

  /** Body: the API ids; answer: their plans (Gravitee's `findByApis`, called as `plans/` too). */
  @Post('plans')
  @HttpCode(200)
  async plans(@Scope() scope: BridgeScope, @Body(new ApiIdsPipe()) apiIds: string[]): Promise<BridgePlan[]> {
    return this.apis.plans(await this.scopes.resolve(scope), apiIds);
  }

  @Get('apis')
  async listApis(@Scope() scope: BridgeScope, @Query(new LenientBodyPipe(ApisQuery)) query: ApisParams): Promise<ApiEventPayload[]> {
    return this.apis.list(await this.scopes.resolve(scope), { definition: query.excludeDefinition !== 'true' });
  }

  @Get('apis/:apiId')
  async api(@Scope() scope: BridgeScope, @Param('apiId') apiId: string, @Res({ passthrough: true }) res: Response): Promise<ApiEventPayload | undefined> {
    return orNotFound(res, await this.apis.get(await this.scopes.resolve(scope), apiId));
  }

  @Get('apis/:apiId/plans')
  async apiPlans(@Scope() scope: BridgeScope, @Param('apiId') apiId: string): Promise<BridgePlan[]> {
    return this.apis.plans(await this.scopes.resolve(scope), [apiId]);
  }

  @Get('environments')
  async environments(@Scope() scope: BridgeScope): Promise<BridgeEnvironment[]> {
    return this.directory.environments(await this.scopes.resolve(scope));
  }

  @Get('environments/_byOrganizationsAndHrids')
  async environmentsByHrids(@Scope() scope: BridgeScope, @Query(new LenientBodyPipe(HridsQuery)) query: Hrids): Promise<BridgeEnvironment[]> {
    return this.directory.environmentsByOrganizationsAndHrids(await this.scopes.resolve(scope), commaList(query.organizationsIds), commaList(query.hrids));
  }

  @Get('environments/_byOrganizationId')
  async environmentsOfOrganization(@Scope() scope: BridgeScope, @Query('organizationId') organizationId?: string): Promise<BridgeEnvironment[]> {
    return this.directory.environmentsByOrganizationsAndHrids(await this.scopes.resolve(scope), commaList(organizationId), []);
  }

  @Get('environments/:environmentId')
  async environment(
    @Scope() scope: BridgeScope,
    @Param('environmentId') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BridgeEnvironment | undefined> {
    return orNotFound(res, this.directory.environment(await this.scopes.resolve(scope), id));
  }

  @Get('organizations')
  async organizations(@Scope() scope: BridgeScope): Promise<BridgeOrganization[]> {
    return this.directory.organizations(await this.scopes.resolve(scope));
  }

  @Get('organizations/_byHrids')
  async organizationsByHrids(@Scope() scope: BridgeScope, @Query(new LenientBodyPipe(HridsQuery)) query: Hrids): Promise<BridgeOrganization[]> {
    return this.directory.organizationsByHrids(await this.scopes.resolve(scope), commaList(query.hrids));
  }

  @Get('organizations/:organizationId')
  async organization(
    @Scope() scope: BridgeScope,
    @Param('organizationId') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BridgeOrganization | undefined> {
    return orNotFound(res, this.directory.organization(await this.scopes.resolve(scope), id));
  }

  @Get('installation')
  async installation(@Scope() scope: BridgeScope) {
    return this.directory.installation(await this.scopes.resolve(scope));
  }

  /** We have no dictionaries. */
  @Get('dictionaries')
  async dictionaries(@Scope() scope: BridgeScope): Promise<never[]> {
    await this.scopes.resolve(scope);
    return [];
  }

  @Get('node/monitoring')
  async nodeMonitoring(
    @Scope() scope: BridgeScope,
    @Query(new LenientBodyPipe(NodeMonitoringQuery)) query: MonitoringParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MonitoringRecord | undefined> {
    return orNotFound(res, await this.monitoring.find(await this.scopes.resolve(scope), query.nodeId, query.type));
  }

  @Post('node/monitoring')
  @HttpCode(200)
  async createNodeMonitoring(@Scope() scope: BridgeScope, @Body(new LenientBodyPipe(NodeMonitoringDto)) record: Monitoring): Promise<MonitoringRecord> {
    return this.monitoring.save(await this.scopes.resolve(scope), record);
  }

  @Put('node/monitoring')
  async updateNodeMonitoring(@Scope() scope: BridgeScope, @Body(new LenientBodyPipe(NodeMonitoringDto)) record: Monitoring): Promise<MonitoringRecord> {
    return this.monitoring.save(await this.scopes.resolve(scope), record);
  }
}
