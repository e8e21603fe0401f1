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
  plans: Array<{ id: string; name: string; status: 'PUBLISHED' | 'CLOSED'; security: { type: 'key-less' | 'api-key' } }>;
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
