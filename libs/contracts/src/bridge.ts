/** Gravitee bridge protocol shapes (SPEC §4), shared by the control plane, the Cloud Gate and the gateway. */
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

export const EVENT_GROUPS = ['API_ID', 'DICTIONARY_ID', 'ORGANIZATION_ID', 'SHARED_POLICY_GROUP_ID'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

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
  types?: EventType[];
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

/** Subset of a v4 API definition the reference gateway understands. */
export interface ApiDefinitionV4 {
  id: string;
  name: string;
  apiVersion?: string;
  definitionVersion: '4.0.0';
  type: 'proxy';
  listeners: Array<{ type: 'http'; paths: Array<{ path: string; host?: string }>; entrypoints: Array<{ type: string }> }>;
  endpointGroups: Array<{
    name: string;
    type: 'http-proxy';
    endpoints: Array<{ name: string; type: 'http-proxy'; configuration: { target: string } }>;
  }>;
  plans: Array<{ id: string; name: string; status: 'PUBLISHED' | 'CLOSED'; security: { type: 'key-less' | 'api-key' }; flows?: FlowV4[] }>;
  deployedAt?: number;
}

/** The payload of a `PUBLISH_API` event: the API record, whose `definition` is the v4 definition as a string. */
export interface ApiEventPayload {
  id: string;
  name: string;
  environmentId: string;
  crossId?: string;
  lifecycleState: 'STARTED' | 'STOPPED';
  definitionVersion: 'V4';
  definition: string;
  deployedAt: number;
}

export interface BridgeApiKey {
  id: string;
  key: string;
  application: string;
  subscriptions: string[];
  environmentId: string;
  revoked: boolean;
  paused: boolean;
  expireAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface BridgeSubscription {
  id: string;
  api: string;
  plan: string;
  application: string;
  environmentId: string;
  status: 'ACCEPTED' | 'CLOSED' | 'PAUSED';
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
