import { Injectable } from '@nestjs/common';
import { ApplicationSpec, ApplicationState, checkApplicationSpec } from '@app/contracts';
import { ApplicationEntity } from '../applications/application.entity';
import { ApplicationsService } from '../applications/applications.service';
import { ControlPlaneError } from '../control-plane.errors';
import { AutomationContext } from './automation-context.service';
import { refuseIfSevere, statusOf, valid } from './automation-state';

/** `applications` of the Automation API: `ApplicationSpec` in, `ApplicationState` out. */
@Injectable()
export class AutomationApplicationsService {
  constructor(private readonly applications: ApplicationsService) {}

  async put(context: AutomationContext, body: unknown, dryRun: boolean): Promise<ApplicationState> {
    const spec = valid(checkApplicationSpec(body), 'application spec');
    const errors = checkApplication(spec);
    const previous = await this.applications.findByHrid(context.accountId, context.environmentId, spec.hrid);
    const declaration = withoutReadOnly(spec);
    if (dryRun) return this.state(context, declaration, previous?.id, errors);
    refuseIfSevere(errors, 'application');
    const application = await this.applications.declare(context.accountId, context.environmentId, { hrid: spec.hrid, name: spec.name, description: spec.description, declaration });
    return this.state(context, declaration, application.id, errors);
  }

  async get(context: AutomationContext, hrid: string): Promise<ApplicationState> {
    const application = await this.require(context, hrid);
    const declaration = (application.declaration ?? {}) as ApplicationSpec;
    return this.state(context, declaration, application.id, checkApplication(declaration));
  }

  async delete(context: AutomationContext, hrid: string): Promise<void> {
    await this.applications.removeByHrid(context.accountId, context.environmentId, hrid);
  }

  async require(context: AutomationContext, hrid: string): Promise<ApplicationEntity> {
    const application = await this.applications.findByHrid(context.accountId, context.environmentId, hrid);
    if (!application) throw new ControlPlaneError('NOT_FOUND', `no application with hrid ${hrid} in environment ${context.environmentId}`);
    return application;
  }

  private state(context: AutomationContext, declaration: ApplicationSpec, id: string | undefined, errors: ApplicationState['errors']): ApplicationState {
    return { ...declaration, ...statusOf(context, id, errors, false) };
  }
}

/** Applications here are simple ones: they hold subscriptions and API keys. */
function checkApplication(spec: ApplicationSpec): ApplicationState['errors'] {
  const severe: string[] = [];
  const warning: string[] = [];
  if (spec.settings?.oauth) severe.push('settings.oauth: OAuth client applications are not supported (no dynamic client registration); use settings.app');
  if (spec.settings?.tls) warning.push('settings.tls: client certificates are stored, not used (mTLS plans are not supported)');
  if (spec.status === 'ARCHIVED') warning.push('status ARCHIVED is stored; delete the application to close its subscriptions');
  for (const field of ['members', 'groups', 'metadata']) {
    const value = spec[field];
    if (Array.isArray(value) && value.length > 0) warning.push(`${field}: stored, not supported by this control plane`);
  }
  return { severe, warning };
}

/** `primaryOwner` is read-only in the document: the server decides it, so a client's is not kept. */
function withoutReadOnly(spec: ApplicationSpec): ApplicationSpec {
  const { primaryOwner: _ignored, ...rest } = spec;
  return rest as ApplicationSpec;
}
