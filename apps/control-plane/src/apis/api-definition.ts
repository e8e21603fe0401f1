import { isDeepStrictEqual } from 'node:util';
import { rateLimitFlow } from '@app/contracts';
import type { ApiDefinitionV4, ApiEventPayload, BridgePlan } from '@app/contracts';
import type { ApiEntity, DeployedRecord, StoredPlan } from './api.entity';

/** Collapses repeated slashes and drops a trailing one, so `/a//b/` and `/a/b` are the same context path. */
export function normalizeContextPath(path: string): string {
  const collapsed = path.trim().replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

type ApiDefinitionSource = Pick<ApiEntity, 'id' | 'name' | 'environmentId' | 'contextPath' | 'target' | 'plans' | 'lifecycleState'>;
type ApiRecordSource = ApiDefinitionSource & Partial<Pick<ApiEntity, 'createdAt' | 'updatedAt'>>;

/** The fields a deploy publishes. */
export function deployedRecordOf(api: DeployedRecord): DeployedRecord {
  return { name: api.name, contextPath: api.contextPath, target: api.target, plans: api.plans };
}

/** The API as gateways serve it: its current state with the fields of its last deploy. */
export function asDeployed<T extends DeployedRecord & Pick<ApiEntity, 'deployedRecord'>>(api: T): T {
  return api.deployedRecord ? { ...api, ...deployedRecordOf(api.deployedRecord) } : api;
}

/** True when an edit since the last deploy has not reached gateways yet. */
export function hasUndeployedChanges(api: Pick<ApiEntity, 'deployedRecord'> & DeployedRecord): boolean {
  if (!api.deployedRecord) return false;
  return !isDeepStrictEqual(deployedRecordOf(api), deployedRecordOf(api.deployedRecord));
}

/**
 * The v4 proxy definition gateways deploy (SPEC §4), as Gravitee's 4.x gateway reads it: analytics on,
 * plans `STANDARD` with their security configuration, rate limits as Gravitee's own `rate-limit` policy.
 */
export function definitionOf(api: ApiDefinitionSource, deployedAt: number): ApiDefinitionV4 {
  return {
    id: api.id,
    name: api.name,
    apiVersion: '1.0',
    definitionVersion: '4.0.0',
    type: 'proxy',
    analytics: { enabled: true },
    listeners: [{ type: 'http', paths: [{ path: api.contextPath }], entrypoints: [{ type: 'http-proxy' }] }],
    endpointGroups: [
      {
        name: 'default-group',
        type: 'http-proxy',
        endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target: api.target } }],
      },
    ],
    plans: api.plans.map((p) => ({
      id: p.id,
      name: p.name,
      status: 'PUBLISHED',
      mode: 'STANDARD',
      security: { type: p.security, configuration: {} },
      flows: p.rateLimit ? [rateLimitFlow(p.rateLimit)] : [],
    })),
    deployedAt,
  };
}

/**
 * The API as Gravitee's repository model has it: the payload of its events and the answer of the bridge's
 * `apis`. `definition` is the v4 definition as a string (omitted when a gateway asks to exclude it).
 */
export function apiRecordOf(api: ApiRecordSource, deployedAt: number | null, options: { definition?: boolean } = {}): ApiEventPayload {
  const record: ApiEventPayload = {
    id: api.id,
    crossId: api.id,
    environmentId: api.environmentId,
    name: api.name,
    description: '',
    version: '1.0',
    origin: 'management',
    mode: 'fully_managed',
    definitionVersion: '4.0.0',
    definition: JSON.stringify(definitionOf(api, deployedAt ?? api.updatedAt?.getTime() ?? 0)),
    type: 'proxy',
    deployedAt,
    ...(api.createdAt ? { createdAt: api.createdAt.getTime() } : {}),
    ...(api.updatedAt ? { updatedAt: api.updatedAt.getTime() } : {}),
    visibility: 'PRIVATE',
    lifecycleState: api.lifecycleState,
    apiLifecycleState: 'PUBLISHED',
    groups: [],
    categories: [],
    labels: [],
    disableMembershipNotifications: false,
  };
  if (options.definition === false) delete (record as Partial<ApiEventPayload>).definition;
  return record;
}

/** The payload of an API event: the API record with the definition as deployed. */
export function eventPayloadOf(api: ApiRecordSource, deployedAt: number): ApiEventPayload {
  return apiRecordOf(api, deployedAt);
}

const PLAN_SECURITY: Record<StoredPlan['security'], BridgePlan['security']> = { 'key-less': 'KEY_LESS', 'api-key': 'API_KEY' };

/** The plans of an API as Gravitee's repository `Plan` records (the bridge's `plans` and `apis/:id/plans`). */
export function planRecordsOf(api: Pick<ApiEntity, 'id' | 'plans' | 'createdAt' | 'updatedAt'>): BridgePlan[] {
  return api.plans.map((p, order) => ({
    id: p.id,
    crossId: p.id,
    name: p.name,
    description: '',
    security: PLAN_SECURITY[p.security],
    securityDefinition: '{}',
    validation: 'AUTO',
    type: 'API',
    mode: 'STANDARD',
    status: 'PUBLISHED',
    order: order + 1,
    api: api.id,
    createdAt: api.createdAt.getTime(),
    updatedAt: api.updatedAt.getTime(),
    publishedAt: api.createdAt.getTime(),
    characteristics: [],
    excludedGroups: [],
    commentRequired: false,
    tags: [],
  }));
}
