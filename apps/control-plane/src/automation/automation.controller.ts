import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ApiV4State, ApplicationState, SubscriptionState } from '@app/contracts';
import { InternalTokenGuard } from '../bridge/internal-token.guard';
import { AutomationApisService } from './automation-apis.service';
import { AutomationApplicationsService } from './automation-applications.service';
import { AutomationContext, AutomationContextService } from './automation-context.service';
import { AutomationScope, ScopeOfAutomation } from './automation-scope';
import { dryRunOf, hridOf } from './automation-state';
import { AutomationSubscriptionsService } from './automation-subscriptions.service';

/**
 * The Automation API (SPEC §10) behind the Cloud Gate: `/apim/automation/X` at the gate is
 * `/internal/automation/X` here (docs/internal-api.md), scoped by the automation token. Bodies are
 * typed `unknown` so the global validation pipe leaves them to the contract's own schemas.
 */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal/automation/organizations/:orgId/environments/:envId')
export class AutomationController {
  constructor(
    private readonly contexts: AutomationContextService,
    private readonly apis: AutomationApisService,
    private readonly applications: AutomationApplicationsService,
    private readonly subscriptions: AutomationSubscriptionsService,
  ) {}

  @Put('apis')
  @HttpCode(200)
  async putApi(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Query('dryRun') dryRun: unknown, @Body() body: unknown): Promise<ApiV4State> {
    const dry = dryRunOf(dryRun);
    return this.apis.put(await this.context(scope, orgId, envId), body, dry);
  }

  @Get('apis/:hrid')
  async getApi(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string): Promise<ApiV4State> {
    return this.apis.get(await this.context(scope, orgId, envId), hridOf(hrid, 'API'));
  }

  @Delete('apis/:hrid')
  @HttpCode(204)
  async deleteApi(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string): Promise<void> {
    await this.apis.delete(await this.context(scope, orgId, envId), hridOf(hrid, 'API'));
  }

  @Put('apis/:apiHrid/subscriptions')
  @HttpCode(200)
  async putSubscription(
    @ScopeOfAutomation() scope: AutomationScope,
    @Param('orgId') orgId: string,
    @Param('envId') envId: string,
    @Param('apiHrid') apiHrid: string,
    @Query('dryRun') dryRun: unknown,
    @Body() body: unknown,
  ): Promise<SubscriptionState> {
    const dry = dryRunOf(dryRun);
    return this.subscriptions.put(await this.context(scope, orgId, envId), hridOf(apiHrid, 'API'), body, dry);
  }

  @Get('apis/:apiHrid/subscriptions/:hrid')
  async getSubscription(
    @ScopeOfAutomation() scope: AutomationScope,
    @Param('orgId') orgId: string,
    @Param('envId') envId: string,
    @Param('apiHrid') apiHrid: string,
    @Param('hrid') hrid: string,
  ): Promise<SubscriptionState> {
    return this.subscriptions.get(await this.context(scope, orgId, envId), hridOf(apiHrid, 'API'), hridOf(hrid, 'subscription'));
  }

  @Delete('apis/:apiHrid/subscriptions/:hrid')
  @HttpCode(204)
  async deleteSubscription(
    @ScopeOfAutomation() scope: AutomationScope,
    @Param('orgId') orgId: string,
    @Param('envId') envId: string,
    @Param('apiHrid') apiHrid: string,
    @Param('hrid') hrid: string,
  ): Promise<void> {
    await this.subscriptions.delete(await this.context(scope, orgId, envId), hridOf(apiHrid, 'API'), hridOf(hrid, 'subscription'));
  }

  @Put('applications')
  @HttpCode(200)
  async putApplication(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Query('dryRun') dryRun: unknown, @Body() body: unknown): Promise<ApplicationState> {
    const dry = dryRunOf(dryRun);
    return this.applications.put(await this.context(scope, orgId, envId), body, dry);
  }

  @Get('applications/:hrid')
  async getApplication(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string): Promise<ApplicationState> {
    return this.applications.get(await this.context(scope, orgId, envId), hridOf(hrid, 'application'));
  }

  @Delete('applications/:hrid')
  @HttpCode(204)
  async deleteApplication(@ScopeOfAutomation() scope: AutomationScope, @Param('orgId') orgId: string, @Param('envId') envId: string, @Param('hrid') hrid: string): Promise<void> {
    await this.applications.delete(await this.context(scope, orgId, envId), hridOf(hrid, 'application'));
  }

  private context(scope: AutomationScope, orgId: string, envId: string): Promise<AutomationContext> {
    return this.contexts.resolve(scope, orgId, envId);
  }
}
