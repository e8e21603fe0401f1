/** Gravitee bridge protocol shapes (SPEC §4), shared by the control plane, the Cloud Gate and the gateway. */
/** The event types this control plane writes (API lifecycle, heartbeats). */
export const EVENT_TYPES = [
  'PUBLISH_API',
  'UNPUBLISH_API',
  'START_API',
  'STOP_API',
  'PUBLISH_DICTIONARY',
  'UNPUBLISH_DICTIONARY',
  'PUBLISH_ORGANIZATION',
  'GATEWAY_STARTED',
  'GATEWAY_STOPPED',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Every event type of Gravitee's repository model (`io.gravitee.repository.management.model.EventType`,
 * 4.x up to today): a gateway may ask for any of them in its criteria; those we never write match nothing.
 */
export const GRAVITEE_EVENT_TYPES = [
  ...EVENT_TYPES,
  'PUBLISH_API_RESULT',
  'UNPUBLISH_API_RESULT',
  'START_DICTIONARY',
  'STOP_DICTIONARY',
  'PUBLISH_ORGANIZATION_LICENSE',
  'DEBUG_API',
  'DEPLOY_SHARED_POLICY_GROUP',
  'UNDEPLOY_SHARED_POLICY_GROUP',
  'DEPLOY_API_PRODUCT',
  'UNDEPLOY_API_PRODUCT',
  'DEPLOY_CLUSTER',
  'UNDEPLOY_CLUSTER',
  'PUBLISH_AUTHZ_POLICY',
  'UNPUBLISH_AUTHZ_POLICY',
  'PUBLISH_AUTHZ_ENTITY',
  'UNPUBLISH_AUTHZ_ENTITY',
  'PUBLISH_AUTHZ_PDP',
  'UNPUBLISH_AUTHZ_PDP',
] as const;
export type GraviteeEventType = (typeof GRAVITEE_EVENT_TYPES)[number];

/**
 * `eventsLatest/_search?group=`: Gravitee's `Event.EventProperties`, each naming the event property the
 * latest events are grouped by.
 */
export const EVENT_GROUP_PROPERTIES = {
  ID: 'id',
  API_ID: 'api_id',
  DICTIONARY_ID: 'dictionary_id',
  ORGANIZATION_ID: 'organization_id',
  SHARED_POLICY_GROUP_ID: 'shared_policy_group_id',
  API_PRODUCT_ID: 'api_product_id',
  CLUSTER_ID: 'cluster_id',
  GATEWAY_ID: 'gateway_id',
  AUTHZ_POLICY_ID: 'authz_policy_id',
  AUTHZ_ENTITY_ID: 'authz_entity_id',
  AUTHZ_PDP_ID: 'authz_pdp_id',
} as const;
export type EventGroup = keyof typeof EVENT_GROUP_PROPERTIES;
export const EVENT_GROUPS = Object.keys(EVENT_GROUP_PROPERTIES) as EventGroup[];

export interface BridgeEvent {
  id: string;
  type: EventType;
  payload: string;
  parentId: string | null;
  properties: Record<string, string>;
  environments: string[];
  organizations: string[];
  createdAt: number;
  updatedAt: number;
}

export interface EventCriteria {
  types?: GraviteeEventType[];
  properties?: Record<string, string>;
  from?: number;
  to?: number;
  environments?: string[];
  organizations?: string[];
}

export interface Page<T> {
  content: T[];
  pageNumber: number;
  pageElements: number;
  totalElements: number;
}

/** Heartbeat event properties the gateway sends, as Gravitee's gateway does. */
export const HEARTBEAT_PROPERTIES = {
  id: 'id',
  nodeId: 'node_id',
  hostname: 'hostname',
  version: 'version',
  startedAt: 'started_at',
  lastHeartbeatAt: 'last_heartbeat_at',
  stoppedAt: 'stopped_at',
} as const;

/** The part of a v4 plan security the gateways read: `type`, and the policy configuration Gravitee's gateway passes on. */
export interface PlanSecurityV4 {
  type: 'key-less' | 'api-key';
  configuration: Record<string, unknown>;
}

/**
 * A v4 proxy API definition as Gravitee's 4.x gateway deploys it (`io.gravitee.definition.model.v4.Api`):
 * `analytics.enabled` (else it reports no metrics) and plans in `mode: STANDARD` (else no security policy runs
 * and every call gets 401). The reference gateway reads the same fields.
 */
export interface ApiDefinitionV4 {
  id: string;
  name: string;
  apiVersion?: string;
  definitionVersion: '4.0.0';
  type: 'proxy';
  analytics?: { enabled: boolean };
  listeners: Array<{ type: 'http'; paths: Array<{ path: string; host?: string }>; entrypoints: Array<{ type: string }> }>;
  endpointGroups: Array<{
    name: string;
    type: 'http-proxy';
    endpoints: Array<{ name: string; type: 'http-proxy'; configuration: { target: string } }>;
  }>;
  plans: Array<{
    id: string;
    name: string;
    status: 'PUBLISHED' | 'CLOSED';
    mode?: 'STANDARD';
    security: PlanSecurityV4 | { type: 'key-less' | 'api-key' };
    flows?: FlowV4[];
  }>;
  deployedAt?: number;
}

/**
 * An API as Gravitee's repository model has it (`io.gravitee.repository.management.model.Api`): the payload of
 * an API event and the answer of `apis`. `definitionVersion` is the label `4.0.0` (Gravitee's gateway reads any
 * other value as a v2 API and drops it); `definition` is the v4 definition as a string.
 */
export interface ApiEventPayload {
  id: string;
  crossId?: string;
  environmentId: string;
  name: string;
  description?: string;
  version?: string;
  origin?: 'management';
  mode?: 'fully_managed';
  definitionVersion: '4.0.0';
  definition: string;
  type?: 'proxy';
  deployedAt: number | null;
  createdAt?: number;
  updatedAt?: number;
  visibility?: 'PRIVATE' | 'PUBLIC';
  lifecycleState: 'STARTED' | 'STOPPED';
  apiLifecycleState?: 'CREATED' | 'PUBLISHED';
  groups?: string[];
  categories?: string[];
  labels?: string[];
  disableMembershipNotifications?: boolean;
}

/** A plan as Gravitee's repository model has it (`io.gravitee.repository.management.model.Plan`): the answer of `plans`. */
export interface BridgePlan {
  id: string;
  crossId: string;
  name: string;
  description: string;
  security: 'KEY_LESS' | 'API_KEY';
  securityDefinition: string;
  validation: 'AUTO';
  type: 'API';
  mode: 'STANDARD';
  status: 'PUBLISHED';
  order: number;
  api: string;
  createdAt: number;
  updatedAt: number;
  publishedAt: number;
  characteristics: string[];
  excludedGroups: string[];
  commentRequired: boolean;
  tags: string[];
}

/** An API key as Gravitee's repository model has it (`ApiKey`), plus the environment it belongs to. */
export interface BridgeApiKey {
  id: string;
  key: string;
  application: string;
  subscriptions: string[];
  environmentId: string;
  revoked: boolean;
  revokedAt?: number | null;
  paused: boolean;
  expireAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The deprecated single-subscription fields, only in answers of the deprecated `keys/_search`. */
  subscription?: string;
  plan?: string;
  api?: string;
}

/** A subscription as Gravitee's repository model has it (`Subscription`), plus the environment it belongs to. */
export interface BridgeSubscription {
  id: string;
  api: string;
  plan: string;
  application: string;
  clientId?: string | null;
  environmentId: string;
  status: 'ACCEPTED' | 'CLOSED' | 'PAUSED';
  consumerStatus?: 'STARTED';
  type?: 'STANDARD';
  processedAt?: number;
  startingAt: number | null;
  endingAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A v4 flow step; the reference gateway acts on the `rate-limit` policy only. */
export interface FlowStepV4 {
  name: string;
  enabled: boolean;
  policy: string;
  configuration: Record<string, unknown>;
}

export interface FlowV4 {
  name: string;
  enabled: boolean;
  selectors: Array<{ type: 'http'; path: string; pathOperator: 'STARTS_WITH' | 'EQUALS' }>;
  request: FlowStepV4[];
  response: FlowStepV4[];
}

export interface PlanRateLimit {
  limit: number;
  periodSeconds: number;
}

const PERIOD_UNIT_SECONDS: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86_400 };

/** Gravitee's `rate-limit` policy step (`rate.limit` requests per `rate.periodTime` `rate.periodTimeUnit`). */
export function rateLimitFlow(limit: PlanRateLimit): FlowV4 {
  return {
    name: 'Rate limit',
    enabled: true,
    selectors: [{ type: 'http', path: '/', pathOperator: 'STARTS_WITH' }],
    request: [
      {
        name: 'Rate Limiting',
        enabled: true,
        policy: 'rate-limit',
        configuration: { async: false, addHeaders: true, rate: { limit: limit.limit, periodTime: limit.periodSeconds, periodTimeUnit: 'SECONDS', key: '' } },
      },
    ],
    response: [],
  };
}

/** The tightest enabled `rate-limit` policy of a plan's enabled flows, if any. */
export function planRateLimit(flows: FlowV4[] | undefined): PlanRateLimit | undefined {
  let tightest: PlanRateLimit | undefined;
  for (const flow of flows ?? []) {
    if (!flow.enabled) continue;
    for (const step of flow.request ?? []) {
      if (!step.enabled || step.policy !== 'rate-limit') continue;
      const rate = (step.configuration as { rate?: { limit?: unknown; periodTime?: unknown; periodTimeUnit?: unknown } }).rate;
      const unit = PERIOD_UNIT_SECONDS[String(rate?.periodTimeUnit ?? 'SECONDS')];
      if (typeof rate?.limit !== 'number' || typeof rate.periodTime !== 'number' || !unit || rate.limit < 0 || rate.periodTime <= 0) continue;
      const candidate = { limit: rate.limit, periodSeconds: rate.periodTime * unit };
      if (!tightest || candidate.limit / candidate.periodSeconds < tightest.limit / tightest.periodSeconds) tightest = candidate;
    }
  }
  return tightest;
}
