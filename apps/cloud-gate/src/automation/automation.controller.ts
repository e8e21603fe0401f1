import { All, Controller, Delete, Get, Param, Put, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SpecCheck, TokenIdentity, checkApiV4Spec, checkApplicationSpec, checkSubscriptionSpec } from '@app/contracts';
import { Caller, RequiresScope } from '../auth/cloud-token.guard';
import { CloudGateError } from '../cloud-gate.errors';
import { sendJson } from '../http/send-json';
import { AutomationErrorFilter } from './automation-error.filter';
import { AutomationService } from './automation.service';

type Check = (body: unknown) => SpecCheck<unknown>;

/**
 * Gravitee's Automation API (SPEC §10) for automation tokens (scope `automation`): what its Terraform
 * provider and Kubernetes operator call at `https://{cpg}.cloudgate.<domain>/apim/automation`.
 * One handler per operation, so metrics stay labelled per route.
 */
@Controller('apim/automation/organizations/:orgId/environments/:envId')
@RequiresScope('automation')
@UseFilters(AutomationErrorFilter)
export class AutomationController {
  constructor(private readonly automation: AutomationService) {}

  @Put('apis')
  putApi(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis'] }, checkApiV4Spec);
  }

  @Get('apis/:hrid')
  getApi(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis', hrid] });
  }

  @Delete('apis/:hrid')
  deleteApi(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis', hrid] });
  }

  @Put('apis/:apiHrid/subscriptions')
  putSubscription(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('apiHrid') apiHrid: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis', apiHrid, 'subscriptions'] }, checkSubscriptionSpec);
  }

  @Get('apis/:apiHrid/subscriptions/:hrid')
  getSubscription(
    @Req() req: Request,
    @Res() res: Response,
    @Caller() caller: TokenIdentity,
    @Param('orgId') orgId: string,
    @Param('envId') envId: string,
    @Param('apiHrid') apiHrid: string,
    @Param('hrid') hrid: string,
  ) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis', apiHrid, 'subscriptions', hrid] });
  }

  @Delete('apis/:apiHrid/subscriptions/:hrid')
  deleteSubscription(
    @Req() req: Request,
    @Res() res: Response,
    @Caller() caller: TokenIdentity,
    @Param('orgId') orgId: string,
    @Param('envId') envId: string,
    @Param('apiHrid') apiHrid: string,
    @Param('hrid') hrid: string,
  ) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['apis', apiHrid, 'subscriptions', hrid] });
  }

  @Put('applications')
  putApplication(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['applications'] }, checkApplicationSpec);
  }

  @Get('applications/:hrid')
  getApplication(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['applications', hrid] });
  }

  @Delete('applications/:hrid')
  deleteApplication(@Req() req: Request, @Res() res: Response, @Caller() caller: TokenIdentity, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string) {
    return this.relay(req, res, caller, { orgId, envId, resource: ['applications', hrid] });
  }

  /** The document's other resources; a Terraform user sees why rather than a bare 404. */
  @All(['groups', 'groups/*path', 'dictionaries', 'dictionaries/*path', 'shared-policy-groups', 'shared-policy-groups/*path'])
  notServed(@Req() req: Request): never {
    const resource = req.path.split('/environments/')[1]?.split('/')[1] ?? 'this resource';
    throw new CloudGateError('NOT_FOUND', `${resource} are not served by this control plane's Automation API (served: apis, apis/{apiHrid}/subscriptions, applications)`);
  }

  private async relay(req: Request, res: Response, caller: TokenIdentity, target: { orgId: string; envId: string; resource: string[] }, check?: Check): Promise<void> {
    const answer = await this.automation.forward(req, caller, target, check);
    if (answer.status === 204) {
      res.status(204).end();
      return;
    }
    await sendJson(req, res, answer.status, answer.body, answer.contentType ?? 'application/json; charset=utf-8');
  }
}
