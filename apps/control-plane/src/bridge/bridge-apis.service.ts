import { Injectable } from '@nestjs/common';
import type { ApiEventPayload, BridgePlan } from '@app/contracts';
import { apiRecordOf, asDeployed, planRecordsOf } from '../apis/api-definition';
import { ApisRepository } from '../apis/apis.repository';
import { ResolvedScope } from './bridge-scope.service';

/**
 * The token's APIs and their plans as Gravitee's repository records (`apis`, `apis/:id`, `apis/:id/plans`,
 * `plans`): a deployed API as it was deployed (an edit reaches gateways at the next deploy).
 */
@Injectable()
export class BridgeApisService {
  constructor(private readonly apis: ApisRepository) {}

  async list(scope: ResolvedScope, options: { definition: boolean }): Promise<ApiEventPayload[]> {
    if (scope.environmentIds.length === 0) return [];
    const rows = await this.apis.listInEnvironments(scope.environmentIds);
    return rows.map((api) => apiRecordOf(asDeployed(api), api.deployedAt?.getTime() ?? null, options));
  }

  async get(scope: ResolvedScope, apiId: string): Promise<ApiEventPayload | undefined> {
    if (scope.environmentIds.length === 0) return undefined;
    const [api] = await this.apis.listInEnvironments(scope.environmentIds, [apiId]);
    return api ? apiRecordOf(asDeployed(api), api.deployedAt?.getTime() ?? null) : undefined;
  }

  /** The plans of these APIs (unknown or foreign ones have none), as Gravitee's `findByApis`. */
  async plans(scope: ResolvedScope, apiIds: string[]): Promise<BridgePlan[]> {
    if (scope.environmentIds.length === 0 || apiIds.length === 0) return [];
    const rows = await this.apis.listInEnvironments(scope.environmentIds, apiIds);
    return rows.flatMap((api) => planRecordsOf(asDeployed(api)));
  }
}
