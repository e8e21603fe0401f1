import { Injectable } from '@nestjs/common';
import { ApiV4Spec, ApiV4State, checkApiV4Spec } from '@app/contracts';
import { ApiEntity } from '../apis/api.entity';
import { DeclaredApisService } from '../apis/declared-apis.service';
import { ControlPlaneError } from '../control-plane.errors';
import { mapApiSpec } from './api-spec.mapper';
import { AutomationContext } from './automation-context.service';
import { refuseIfSevere, statusOf, valid } from './automation-state';

/** `apis` of the Automation API: `ApiV4Spec` in, `ApiV4State` out, over the control plane's own APIs. */
@Injectable()
export class AutomationApisService {
  constructor(private readonly apis: DeclaredApisService) {}

  async put(context: AutomationContext, body: unknown, dryRun: boolean): Promise<ApiV4State> {
    const spec = valid(checkApiV4Spec(body), 'API spec');
    const previous = await this.apis.findByHrid(context.accountId, context.environmentId, spec.hrid);
    const mapped = mapApiSpec(spec, previous);
    const severe = [...mapped.severe];
    const { contextPath } = mapped.declared;
    if (contextPath && (await this.apis.contextPathTaken(context.environmentId, contextPath, previous?.id ?? null))) {
      severe.push(`listeners: context path ${contextPath} is already served by another API of the environment`);
    }
    const errors = { severe, warning: mapped.warnings };
    if (dryRun) return this.state(context, mapped.declared.declaration, previous?.id, errors);
    refuseIfSevere(errors, 'API');
    const api = await this.apis.apply(context.accountId, context.environmentId, mapped.declared);
    return this.state(context, mapped.declared.declaration, api.id, { severe: [], warning: mapped.warnings });
  }

  async get(context: AutomationContext, hrid: string): Promise<ApiV4State> {
    const api = await this.require(context, hrid);
    const declaration = (api.declaration ?? {}) as ApiV4Spec;
    return this.state(context, declaration, api.id, { severe: [], warning: mapApiSpec(declaration, api).warnings });
  }

  async delete(context: AutomationContext, hrid: string): Promise<void> {
    await this.apis.removeByHrid(context.accountId, context.environmentId, hrid);
  }

  /** The API declared with this hrid (`404` otherwise), for the routes under it. */
  async require(context: AutomationContext, hrid: string): Promise<ApiEntity> {
    const api = await this.apis.findByHrid(context.accountId, context.environmentId, hrid);
    if (!api) throw new ControlPlaneError('NOT_FOUND', `no API with hrid ${hrid} in environment ${context.environmentId}`);
    return api;
  }

  private state(context: AutomationContext, declaration: object, id: string | undefined, errors: ApiV4State['errors']): ApiV4State {
    return { ...(declaration as ApiV4Spec), ...statusOf(context, id, errors, true) };
  }
}
