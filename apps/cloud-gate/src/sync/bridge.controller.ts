import { Controller, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CloudGateConfig } from '@app/config';
import { GatewayIdentity } from '@app/contracts';
import { Gateway, RequiresScope } from '../auth/cloud-token.guard';
import { sendJson } from '../http/send-json';
import { BridgeService } from './bridge.service';
import { ChangeWaiters } from './change-waiters.service';
import { ChangesQueryDto } from './dto/changes-query.dto';

/**
 * SPEC §4 bridge routes, one handler per route so metrics stay labelled per route. Each forwards
 * to the control plane's `/internal/bridge` with the token's scope; `changes` is the gate's own
 * long-poll (docs/sync-protocol.md).
 */
@Controller('sync/_bridge')
@RequiresScope('sync')
export class BridgeController {
  constructor(
    private readonly bridge: BridgeService,
    private readonly waiters: ChangeWaiters,
    private readonly config: CloudGateConfig,
  ) {}

  @Get()
  version(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Post(['eventsLatest/_search', 'events/_searchLatest'])
  eventsLatest(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Post('events/_search')
  events(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** Heartbeats (`GATEWAY_STARTED`/`GATEWAY_STOPPED`), passed on as-is. */
  @Post('events/_createOrPatch')
  heartbeat(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Post('keys/_findByCriteria')
  keys(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** The deprecated key search of bridge clients before 3.17. */
  @Post('keys/_search')
  keysWithSubscriptions(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Post('subscriptions/_search')
  subscriptions(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** Body: API ids; Gravitee's client posts to `plans/`. */
  @Post('plans')
  plans(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('apis')
  apis(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('apis/:apiId')
  api(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('apis/:apiId/plans')
  apiPlans(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('environments')
  environments(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** Also `_byOrganizationsAndHrids` and `_byOrganizationId`: the control plane tells them from ids. */
  @Get('environments/:environmentId')
  environment(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('organizations')
  organizations(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** Also `_byHrids`. */
  @Get('organizations/:organizationId')
  organization(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('dictionaries')
  dictionaries(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** The node's own monitoring records (NODE_INFOS, HEALTH_CHECK, MONITOR): read, created, updated. */
  @Get('node/monitoring')
  nodeMonitoring(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Post('node/monitoring')
  createNodeMonitoring(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Put('node/monitoring')
  updateNodeMonitoring(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  @Get('installation')
  installation(@Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity) {
    return this.relay(req, res, gw);
  }

  /** Long-poll: answers as soon as one of the token's environments changes, or empty-handed at the timeout. */
  @Get('changes')
  @HttpCode(200)
  async changes(@Query() query: ChangesQueryDto, @Req() req: Request, @Res() res: Response, @Gateway() gw: GatewayIdentity): Promise<void> {
    const timeout = Math.min(query.timeout ?? this.config.SYNC_WAIT_MAX_MS, this.config.SYNC_WAIT_MAX_MS);
    const hangUp = new AbortController();
    res.once('close', () => hangUp.abort());
    const answer = await this.waiters.wait(gw.environmentIds, query.since ?? Date.now(), timeout, hangUp.signal);
    if (!res.writableEnded && !res.destroyed) await sendJson(req, res, 200, answer);
  }

  private async relay(req: Request, res: Response, gw: GatewayIdentity): Promise<void> {
    const answer = await this.bridge.forward(req, gw);
    await sendJson(req, res, answer.status, answer.body, answer.contentType ?? 'application/json; charset=utf-8');
  }
}
