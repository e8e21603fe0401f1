import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { BridgeApiKey, BridgeEvent, BridgeSubscription, Page } from '@app/contracts';
import { BridgeEventsService } from './bridge-events.service';
import { BridgeScope, Scope } from './bridge-scope';
import { BridgeScopeService } from './bridge-scope.service';
import { BridgeSyncService } from './bridge-sync.service';
import { ApiKeyCriteriaDto, EventCriteriaDto, HeartbeatEventDto, LatestQuery, PagingQuery, SubscriptionCriteriaDto } from './dto/bridge.dto';
import { HeartbeatsService } from './heartbeats.service';
import { InternalTokenGuard } from './internal-token.guard';
import { LenientBodyPipe } from './lenient-body.pipe';

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

const DEFAULT_LATEST_PAGE_SIZE = 100;

/** `/sync/_bridge/X` at the gate is `/internal/bridge/X` here (docs/internal-api.md), scoped by the token. */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal/bridge')
export class BridgeController {
  constructor(
    private readonly scopes: BridgeScopeService,
    private readonly events: BridgeEventsService,
    private readonly heartbeats: HeartbeatsService,
    private readonly sync: BridgeSyncService,
  ) {}

  @Get()
  version(): { version: Record<string, string> } {
    return this.sync.version();
  }

  @Post('eventsLatest/_search')
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
  async keys(@Scope() scope: BridgeScope, @Body(new LenientBodyPipe(ApiKeyCriteriaDto)) criteria: KeyCriteria): Promise<BridgeApiKey[]> {
    return this.sync.apiKeys(await this.scopes.resolve(scope), criteria);
  }

  @Post('subscriptions/_search')
  @HttpCode(200)
  async subscriptions(
    @Scope() scope: BridgeScope,
    @Body(new LenientBodyPipe(SubscriptionCriteriaDto)) criteria: SubscriptionCriteria,
  ): Promise<BridgeSubscription[]> {
    return this.sync.searchSubscriptions(await this.scopes.resolve(scope), criteria);
  }

  @Get('environments')
  async environments(@Scope() scope: BridgeScope) {
    return this.sync.environments(await this.scopes.resolve(scope));
  }

  @Get('organizations')
  async organizations(@Scope() scope: BridgeScope) {
    return this.sync.organizations(await this.scopes.resolve(scope));
  }

  @Get('installation')
  async installation(@Scope() scope: BridgeScope) {
    return this.sync.installation(await this.scopes.resolve(scope));
  }
}
