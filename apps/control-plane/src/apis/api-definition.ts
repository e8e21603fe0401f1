import { isDeepStrictEqual } from 'node:util';
import { rateLimitFlow } from '@app/contracts';
import type { ApiDefinitionV4, ApiEventPayload } from '@app/contracts';
import type { ApiEntity, DeployedRecord } from './api.entity';

/** Collapses repeated slashes and drops a trailing one, so `/a//b/` and `/a/b` are the same context path. */
export function normalizeContextPath(path: string): string {
  const collapsed = path.trim().replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

type ApiRecord = Pick<ApiEntity, 'id' | 'name' | 'environmentId' | 'contextPath' | 'target' | 'plans' | 'lifecycleState'>;

/** The fields a deploy publishes. */
export function deployedRecordOf(api: DeployedRecord): DeployedRecord {
  return { name: api.name, contextPath: api.contextPath, target: api.target, plans: api.plans };
}

/** The API as gateways serve it: its current state with the fields of its last deploy. */
export function asDeployed<T extends ApiRecord & Pick<ApiEntity, 'deployedRecord'>>(api: T): T {
  return api.deployedRecord ? { ...api, ...deployedRecordOf(api.deployedRecord) } : api;
}

/** True when an edit since the last deploy has not reached gateways yet. */
export function hasUndeployedChanges(api: Pick<ApiEntity, 'deployedRecord'> & DeployedRecord): boolean {
  if (!api.deployedRecord) return false;
  return !isDeepStrictEqual(deployedRecordOf(api), deployedRecordOf(api.deployedRecord));
}

/** The v4 proxy definition the gateway serves (SPEC §4). */
export function definitionOf(api: ApiRecord, deployedAt: number): ApiDefinitionV4 {
  return {
    id: api.id,
    name: api.name,
    apiVersion: '1.0',
    definitionVersion: '4.0.0',
    type: 'proxy',
    listeners: [{ type: 'http', paths: [{ path: api.contextPath }], entrypoints: [{ type: 'http-proxy' }] }],
    endpointGroups: [
      {
        name: 'default-group',
        type: 'http-proxy',
        endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target: api.target } }],
      },
    ],
    plans: api.plans.map((p) => ({ id: p.id, name: p.name, status: 'PUBLISHED', security: { type: p.security }, flows: p.rateLimit ? [rateLimitFlow(p.rateLimit)] : [] })),
    deployedAt,
  };
}

/** The payload of an API event: the API record, its `definition` the v4 definition as a string. */
export function eventPayloadOf(api: ApiRecord, deployedAt: number): ApiEventPayload {
  return {
    id: api.id,
    name: api.name,
    environmentId: api.environmentId,
    crossId: api.id,
    lifecycleState: api.lifecycleState,
    definitionVersion: 'V4',
    definition: JSON.stringify(definitionOf(api, deployedAt)),
    deployedAt,
  };
}
