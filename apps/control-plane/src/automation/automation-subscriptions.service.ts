import { Injectable } from '@nestjs/common';
import { SubscriptionSpec, SubscriptionState, checkSubscriptionSpec } from '@app/contracts';
import { ApplicationsService } from '../applications/applications.service';
import { DeclaredSubscriptionsService } from '../apis/declared-subscriptions.service';
import { SubscriptionEntity } from '../apis/subscription.entity';
import { ControlPlaneError } from '../control-plane.errors';
import { AutomationApisService } from './automation-apis.service';
import { AutomationContext } from './automation-context.service';
import { refuseIfSevere, statusOf, valid } from './automation-state';

/** `apis/{apiHrid}/subscriptions` of the Automation API: an application's subscription to an API-key plan. */
@Injectable()
export class AutomationSubscriptionsService {
  constructor(
    private readonly apis: AutomationApisService,
    private readonly applications: ApplicationsService,
    private readonly subscriptions: DeclaredSubscriptionsService,
  ) {}

  async put(context: AutomationContext, apiHrid: string, body: unknown, dryRun: boolean): Promise<SubscriptionState> {
    const spec = valid(checkSubscriptionSpec(body), 'subscription spec');
    const api = await this.apis.require(context, apiHrid);
    const severe: string[] = [];
    const warning: string[] = [];
    const plan = api.plans.find((p) => p.hrid === spec.planHrid);
    if (!plan) severe.push(`planHrid: API ${apiHrid} has no plan ${spec.planHrid} that gateways serve`);
    else if (plan.security !== 'api-key') severe.push(`planHrid: plan ${spec.planHrid} is ${plan.security}; only API_KEY plans take subscriptions`);
    const application = await this.applications.findByHrid(context.accountId, context.environmentId, spec.applicationHrid);
    if (!application) severe.push(`applicationHrid: no application ${spec.applicationHrid} in environment ${context.environmentId}`);
    if (spec.endingAt) warning.push('endingAt: stored, not enforced; delete the subscription to end it');
    if (spec.apiKeys?.some((k) => k.expireAt)) warning.push('apiKeys: expireAt is not enforced; remove a key from apiKeys to revoke it');
    if (spec.consumerConfiguration) warning.push('consumerConfiguration: push plans are not supported');
    const declaration = withoutKeys(spec);
    const previous = await this.subscriptions.findOpenByHrid(api.id, spec.hrid);
    const errors = { severe, warning };
    if (!dryRun) refuseIfSevere(errors, 'subscription');
    // A missing plan or application is severe, refused just above: past here only a dry run lacks them.
    if (dryRun || !plan || !application) return this.state(context, apiHrid, declaration, previous ?? undefined, errors);
    const subscription = await this.subscriptions.declare(context.accountId, context.environmentId, api.id, {
      hrid: spec.hrid,
      planId: plan.id,
      applicationId: application.id,
      apiKeys: spec.apiKeys?.map((k) => k.key),
      declaration,
    });
    return this.state(context, apiHrid, declaration, subscription, errors);
  }

  async get(context: AutomationContext, apiHrid: string, hrid: string): Promise<SubscriptionState> {
    const subscription = await this.require(context, apiHrid, hrid);
    return this.state(context, apiHrid, (subscription.declaration ?? {}) as SubscriptionSpec, subscription, { severe: [], warning: [] });
  }

  async delete(context: AutomationContext, apiHrid: string, hrid: string): Promise<void> {
    const api = await this.apis.require(context, apiHrid);
    await this.subscriptions.closeByHrid(context.environmentId, api.id, hrid);
  }

  private async require(context: AutomationContext, apiHrid: string, hrid: string): Promise<SubscriptionEntity> {
    const api = await this.apis.require(context, apiHrid);
    const subscription = await this.subscriptions.findOpenByHrid(api.id, hrid);
    if (!subscription) throw new ControlPlaneError('NOT_FOUND', `no subscription with hrid ${hrid} on API ${apiHrid}`);
    return subscription;
  }

  private state(context: AutomationContext, apiHrid: string, declaration: SubscriptionSpec, subscription: SubscriptionEntity | undefined, errors: SubscriptionState['errors']): SubscriptionState {
    return {
      ...declaration,
      ...statusOf(context, subscription?.id, errors, false),
      apiHrid,
      ...(subscription ? { startingAt: subscription.createdAt.toISOString() } : {}),
    };
  }
}

/** API keys are write-only in the document: secrets are never echoed, nor kept in the declaration. */
function withoutKeys(spec: SubscriptionSpec): SubscriptionSpec {
  const { apiKeys: _secret, ...rest } = spec;
  return rest as SubscriptionSpec;
}
