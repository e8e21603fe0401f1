import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * What Gravitee's 4.1 bridge client (gravitee-apim-repository-gateway-bridge-http-client at 7641129e5d4) makes of
 * our answers. Its `BodyCodecs` decode a body below 500 as: `optional` (one object; an empty body is "none"),
 * `list`/`set` (a JSON array), `page` ({content, pageNumber, pageElements, totalElements}) or `json` (one
 * object); Jackson then maps each object onto the repository model class, ignoring unknown fields but failing
 * on a wrong type or an enum name it does not know. The schemas below say exactly that of each model the
 * gateway decodes (`io.gravitee.repository.management.model.*`, `io.gravitee.node.api.Monitoring`).
 */

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const str = nullable({ type: 'string' });
const date = nullable({ type: 'integer' });
const strings = nullable({ type: 'array', items: { type: 'string' } });
const stringMap = nullable({ type: 'object', additionalProperties: { type: 'string' } });
const enumOf = (...values: string[]) => nullable({ enum: values });

/** `EventType` of repository 4.1.0. */
export const EVENT_TYPES_4_1 = [
  'PUBLISH_API',
  'PUBLISH_API_RESULT',
  'UNPUBLISH_API',
  'UNPUBLISH_API_RESULT',
  'START_API',
  'STOP_API',
  'GATEWAY_STARTED',
  'GATEWAY_STOPPED',
  'PUBLISH_DICTIONARY',
  'UNPUBLISH_DICTIONARY',
  'START_DICTIONARY',
  'STOP_DICTIONARY',
  'PUBLISH_ORGANIZATION',
  'DEBUG_API',
];

const MODELS = {
  Event: {
    type: 'object',
    required: ['id', 'type'],
    properties: {
      id: { type: 'string' },
      environments: strings,
      type: { enum: EVENT_TYPES_4_1 },
      payload: str,
      parentId: str,
      properties: stringMap,
      createdAt: date,
      updatedAt: date,
    },
  },
  Environment: {
    type: 'object',
    // The gateway's node metadata resolver streams `hrids` without a null check.
    required: ['id', 'hrids', 'organizationId'],
    properties: {
      id: { type: 'string' },
      cockpitId: str,
      hrids: { type: 'array', items: { type: 'string' } },
      name: str,
      description: str,
      organizationId: { type: 'string' },
      domainRestrictions: strings,
    },
  },
  Organization: {
    type: 'object',
    required: ['id', 'hrids'],
    properties: { id: { type: 'string' }, cockpitId: str, hrids: { type: 'array', items: { type: 'string' } }, name: str, description: str, domainRestrictions: strings, flowMode: str },
  },
  Installation: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string' }, additionalInformation: stringMap, createdAt: date, updatedAt: date },
  },
  Plan: {
    type: 'object',
    required: ['id', 'api', 'status'],
    properties: {
      id: { type: 'string' },
      crossId: str,
      name: str,
      description: str,
      security: enumOf('KEY_LESS', 'API_KEY', 'OAUTH2', 'JWT'),
      securityDefinition: str,
      selectionRule: str,
      validation: enumOf('AUTO', 'MANUAL'),
      type: enumOf('API', 'CATALOG'),
      mode: enumOf('STANDARD', 'PUSH'),
      status: { enum: ['STAGING', 'PUBLISHED', 'CLOSED', 'DEPRECATED'] },
      order: { type: 'integer' },
      api: { type: 'string' },
      createdAt: date,
      updatedAt: date,
      publishedAt: date,
      closedAt: date,
      definition: str,
      characteristics: strings,
      excludedGroups: strings,
      needRedeployAt: date,
      commentRequired: { type: 'boolean' },
      commentMessage: str,
      generalConditions: str,
      tags: strings,
    },
  },
  Subscription: {
    type: 'object',
    required: ['id', 'api', 'plan', 'status'],
    properties: {
      id: { type: 'string' },
      api: { type: 'string' },
      plan: { type: 'string' },
      application: str,
      clientId: str,
      processedAt: date,
      request: str,
      reason: str,
      status: { enum: ['PENDING', 'REJECTED', 'ACCEPTED', 'CLOSED', 'PAUSED'] },
      consumerStatus: enumOf('STARTED', 'STOPPED', 'FAILURE'),
      processedBy: str,
      subscribedBy: str,
      startingAt: date,
      endingAt: date,
      createdAt: date,
      updatedAt: date,
      closedAt: date,
      pausedAt: date,
      configuration: str,
      metadata: stringMap,
      type: enumOf('STANDARD', 'PUSH'),
    },
  },
  ApiKey: {
    type: 'object',
    required: ['id', 'key', 'subscriptions'],
    properties: {
      id: { type: 'string' },
      key: { type: 'string' },
      subscriptions: { type: 'array', items: { type: 'string' } },
      subscription: str,
      plan: str,
      api: str,
      application: str,
      expireAt: date,
      createdAt: date,
      updatedAt: date,
      revoked: { type: 'boolean' },
      paused: { type: 'boolean' },
      revokedAt: date,
    },
  },
  Api: {
    type: 'object',
    required: ['id', 'definitionVersion', 'lifecycleState'],
    properties: {
      id: { type: 'string' },
      environmentId: str,
      crossId: str,
      name: str,
      description: str,
      version: str,
      origin: str,
      mode: str,
      // DefinitionVersion reads its label: anything else is V1 (`@JsonEnumDefaultValue`), and the gateway drops the API.
      definitionVersion: { enum: ['4.0.0'] },
      definition: str,
      type: enumOf('proxy', 'message'),
      deployedAt: date,
      createdAt: date,
      updatedAt: date,
      visibility: enumOf('PUBLIC', 'PRIVATE'),
      lifecycleState: { enum: ['STARTED', 'STOPPED'] },
      picture: str,
      groups: strings,
      categories: strings,
      labels: strings,
      disableMembershipNotifications: { type: 'boolean' },
      apiLifecycleState: enumOf('CREATED', 'PUBLISHED', 'UNPUBLISHED', 'DEPRECATED', 'ARCHIVED'),
      background: str,
    },
  },
  /** The v4 definition inside an API record, as the 4.1 gateway deploys it (SPEC §4). */
  ApiDefinitionV4: {
    type: 'object',
    required: ['id', 'name', 'type', 'apiVersion', 'definitionVersion', 'listeners', 'endpointGroups', 'plans', 'analytics'],
    properties: {
      definitionVersion: { const: '4.0.0' },
      type: { const: 'proxy' },
      analytics: { type: 'object', required: ['enabled'], properties: { enabled: { const: true } } },
      listeners: { type: 'array', minItems: 1 },
      endpointGroups: { type: 'array', minItems: 1 },
      plans: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'name', 'security', 'mode', 'status'],
          properties: {
            mode: { const: 'STANDARD' },
            status: { const: 'PUBLISHED' },
            security: { type: 'object', required: ['type', 'configuration'], properties: { type: { enum: ['key-less', 'api-key'] }, configuration: { type: 'object' } } },
            flows: { type: 'array' },
          },
        },
      },
    },
  },
  Monitoring: {
    type: 'object',
    required: ['id', 'nodeId', 'type', 'payload'],
    properties: { id: { type: 'string' }, nodeId: { type: 'string' }, type: { type: 'string' }, payload: { type: 'string' }, createdAt: date, evaluatedAt: date, updatedAt: date },
  },
  Dictionary: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
  Version: {
    type: 'object',
    required: ['version'],
    properties: { version: { type: 'object', required: ['MAJOR_VERSION'], properties: { MAJOR_VERSION: { type: 'string' } } } },
  },
} as const;

export type Model = keyof typeof MODELS;

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = Object.fromEntries(Object.entries(MODELS).map(([name, schema]) => [name, ajv.compile(schema)])) as Record<Model, ValidateFunction>;

/** How the client reads the body of one call (its `BodyCodecs`). */
export type Codec = { kind: 'optional' | 'json' | 'list' | 'page'; model: Model };

/**
 * Decodes an answer as the client would, throwing what Jackson would throw. Returns the decoded value: an
 * object, an array, a page, or `null` for an empty body (the client's "none").
 */
export function decodeAsClient(status: number, text: string, codec: Codec): unknown {
  if (status >= 500) throw new Error(`the client fails on any status >= 500 (got ${status})`);
  if (text === '') {
    if (codec.kind === 'optional' || codec.kind === 'json') return null;
    throw new Error(`the client cannot decode an empty body as a ${codec.kind}`);
  }
  const value: unknown = JSON.parse(text);
  const check = (item: unknown) => {
    if (!validators[codec.model](item)) throw new Error(`not a ${codec.model}: ${ajv.errorsText(validators[codec.model].errors)} in ${JSON.stringify(item).slice(0, 300)}`);
  };
  switch (codec.kind) {
    case 'optional':
    case 'json':
      check(value);
      return value;
    case 'list':
      if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${text.slice(0, 200)}`);
      value.forEach(check);
      return value;
    case 'page': {
      const page = value as { content?: unknown; pageNumber?: unknown; pageElements?: unknown; totalElements?: unknown };
      if (!Array.isArray(page.content) || ![page.pageNumber, page.pageElements, page.totalElements].every(Number.isInteger)) {
        throw new Error(`expected a page, got ${text.slice(0, 200)}`);
      }
      page.content.forEach(check);
      return value;
    }
  }
}

/** Checks one value against a model's schema (e.g. an event's payload). */
export function assertModel(model: Model, value: unknown): void {
  if (!validators[model](value)) throw new Error(`not a ${model}: ${ajv.errorsText(validators[model].errors)}`);
}

export const FIXTURES = join(__dirname, '..', 'fixtures', 'gravitee-4.1');

export interface RecordedRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  userAgent: string;
  auth: string;
  body: unknown;
}

export function recordedLines<T>(file: string): T[] {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Epoch milliseconds of the recording (Gravitee's clock when it ran), told from other numbers by their size. */
const isRecordedTime = (n: unknown): n is number => typeof n === 'number' && n > 1.7e12 && n < 1.9e12;

export function latestRecordedTime(values: unknown[]): number {
  let max = 0;
  const visit = (v: unknown) => {
    if (isRecordedTime(v)) max = Math.max(max, v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  values.forEach(visit);
  return max;
}

/** Moves every recorded time by `delta` (numbers only: payload strings keep what the node wrote). */
export function shiftTimes<T>(value: T, delta: number): T {
  if (isRecordedTime(value)) return (value + delta) as T;
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, delta)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftTimes(v, delta)])) as T;
  return value;
}

/**
 * The recording cut long bodies and kept their start as text (`{"_truncated_text": ...}`): a heartbeat
 * `GATEWAY_STARTED` event and `NODE_INFOS` records, both cut inside the node's plugin list. This completes
 * them as the gateway wrote them: every field before the cut, the plugin list up to its last whole entry.
 */
export function completeTruncated(body: unknown): unknown {
  const text = (body as { _truncated_text?: unknown } | null)?._truncated_text;
  if (typeof text !== 'string') return body;
  const at = text.indexOf('"payload":"');
  if (at < 0) throw new Error(`cannot complete a truncated body without a payload: ${text.slice(0, 120)}`);
  const outer = JSON.parse(`${text.slice(0, at)}"payload":null}`) as Record<string, unknown>;
  const escaped = text.slice(at + '"payload":"'.length);
  const lastWholePlugin = escaped.lastIndexOf('},{');
  if (lastWholePlugin < 0) throw new Error('cannot complete a truncated payload without a whole plugin entry');
  const inner = JSON.parse(JSON.parse(`"${escaped.slice(0, lastWholePlugin + 1)}"`) + ']}') as Record<string, unknown>;
  outer.payload = JSON.stringify(inner);
  if (outer.nodeId !== undefined && typeof inner.evaluatedAt === 'number') {
    // A node monitoring record: the fields the cut took, from what the node's payload says.
    outer.evaluatedAt = inner.evaluatedAt;
    outer.createdAt ??= inner.evaluatedAt;
  }
  return outer;
}

/** `Authorization` as Gravitee's bridge client sends it: Basic, any user name, the Cloud Token as password. */
export function basicAuthorization(cloudToken: string, user = 'gravitee'): string {
  return `Basic ${Buffer.from(`${user}:${cloudToken}`).toString('base64')}`;
}
