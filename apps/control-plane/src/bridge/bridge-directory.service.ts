import { Injectable } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import { EnvironmentEntity } from '../accounts/environment.entity';
import { hridOf } from '../accounts/environment-hrid';
import { ResolvedScope } from './bridge-scope.service';

/** Gravitee's repository `Environment`. */
export interface BridgeEnvironment {
  id: string;
  hrids: string[];
  name: string;
  description: string;
  organizationId: string;
  domainRestrictions: string[];
}

/** Gravitee's repository `Organization`. */
export interface BridgeOrganization {
  id: string;
  hrids: string[];
  name: string;
  description: string;
  domainRestrictions: string[];
}

/**
 * The token's own environments, organization and installation, as Gravitee's repository records. Lookups by
 * id or hrid only ever find these: anything else is "not found" (an empty 404, as Gravitee's server answers).
 */
@Injectable()
export class BridgeDirectoryService {
  constructor(private readonly config: ControlPlaneConfig) {}

  environments(scope: ResolvedScope): BridgeEnvironment[] {
    return scope.environments.map((e) => environmentRecord(scope, e));
  }

  environment(scope: ResolvedScope, id: string): BridgeEnvironment | undefined {
    return this.environments(scope).find((e) => e.id === id);
  }

  /** Gravitee's `findByOrganizationsAndHrids`: both filters optional, an empty one matching all. */
  environmentsByOrganizationsAndHrids(scope: ResolvedScope, organizationIds: string[], hrids: string[]): BridgeEnvironment[] {
    if (organizationIds.length > 0 && !organizationIds.includes(scope.organizationId)) return [];
    return this.environments(scope).filter((e) => hrids.length === 0 || e.hrids.some((h) => hrids.includes(h)));
  }

  organizations(scope: ResolvedScope): BridgeOrganization[] {
    return [{ id: scope.organizationId, hrids: [organizationHrid(scope)], name: scope.account.name, description: '', domainRestrictions: [] }];
  }

  organization(scope: ResolvedScope, id: string): BridgeOrganization | undefined {
    return this.organizations(scope).find((o) => o.id === id);
  }

  organizationsByHrids(scope: ResolvedScope, hrids: string[]): BridgeOrganization[] {
    return this.organizations(scope).filter((o) => hrids.length === 0 || o.hrids.some((h) => hrids.includes(h)));
  }

  installation(scope: ResolvedScope) {
    return {
      id: this.config.CONTROL_PLANE_ID,
      additionalInformation: { CLOUD_ACCOUNT_ID: scope.account.id, ORGANIZATION_ID: scope.organizationId, REGION: scope.account.region },
      createdAt: scope.account.createdAt.getTime(),
      updatedAt: scope.account.createdAt.getTime(),
    };
  }
}

function environmentRecord(scope: ResolvedScope, e: EnvironmentEntity): BridgeEnvironment {
  return { id: e.id, hrids: [e.hrid], name: e.name, description: '', organizationId: scope.organizationId, domainRestrictions: [] };
}

/** The organization is the Cloud Account: its hrid is the slug of the account's name. */
function organizationHrid(scope: ResolvedScope): string {
  return hridOf(scope.account.name);
}
