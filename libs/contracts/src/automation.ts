import { Static, TSchema, Type } from '@sinclair/typebox';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Gravitee's Automation API (SPEC §10) as this control plane serves it: the request bodies of the
 * operations we serve, in the shapes of the Terraform provider's OpenAPI document
 * (`schemas/automation-api-oas.yaml`, JSON Schema 2020-12). Every field we read is constrained as that
 * document constrains it (plus the limits below); fields we do not read are allowed through, stored and
 * echoed, and the answer's `errors.warning` says what they do not do here. The Cloud Gate validates
 * with these schemas before forwarding, the control plane again before acting.
 */

/** Limits the document leaves open; they bound what one declaration can make us store and compute. */
export const AUTOMATION_LIMITS = {
  listeners: 16,
  paths: 32,
  endpointGroups: 16,
  endpoints: 64,
  plans: 50,
  flows: 100,
  steps: 100,
  apiKeys: 20,
  shortText: 512,
  url: 2048,
} as const;

const L = AUTOMATION_LIMITS;

export const HRID_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_-]+[a-zA-Z0-9]$';
const Hrid = Type.String({ pattern: HRID_PATTERN, maxLength: 256, description: 'A unique human readable id identifying this resource' });
/** A JSON object whose shape depends on a plugin (endpoint, policy, security configuration). */
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const API_TYPES = ['A2A_PROXY', 'LLM_PROXY', 'MCP_PROXY', 'MESSAGE', 'PROXY', 'NATIVE'] as const;
export const API_STATES = ['CLOSED', 'INITIALIZED', 'STARTED', 'STOPPED', 'STOPPING'] as const;
export const API_LIFECYCLE_STATES = ['ARCHIVED', 'CREATED', 'DEPRECATED', 'PUBLISHED', 'UNPUBLISHED'] as const;
export const LISTENER_TYPES = ['HTTP', 'SUBSCRIPTION', 'TCP', 'KAFKA'] as const;
export const PLAN_SECURITY_TYPES = ['KEY_LESS', 'OAUTH2', 'JWT', 'MTLS', 'API_KEY'] as const;
export const PLAN_STATUSES = ['STAGING', 'PUBLISHED', 'DEPRECATED', 'CLOSED'] as const;
export const PLAN_TYPES = ['API', 'CATALOG'] as const;
export const PLAN_VALIDATIONS = ['AUTO', 'MANUAL'] as const;
export const PLAN_MODES = ['STANDARD', 'PUSH'] as const;

/** An enumeration, as the document writes it (`enum`), so an error names the allowed values. */
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const StepV4 = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 256 })),
  enabled: Type.Boolean(),
  policy: Type.String({ maxLength: 64 }),
  configuration: Type.Optional(JsonObject),
  condition: Type.Optional(Type.String({ maxLength: 1024 })),
});

const FlowV4 = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 256 })),
  enabled: Type.Boolean(),
  selectors: Type.Optional(Type.Array(Type.Object({ type: Type.String() }), { maxItems: L.steps })),
  request: Type.Optional(Type.Array(StepV4, { maxItems: L.steps })),
  response: Type.Optional(Type.Array(StepV4, { maxItems: L.steps })),
  subscribe: Type.Optional(Type.Array(StepV4, { maxItems: L.steps })),
  publish: Type.Optional(Type.Array(StepV4, { maxItems: L.steps })),
});

const Listener = Type.Object({
  type: literals(LISTENER_TYPES),
  paths: Type.Optional(
    Type.Array(Type.Object({ path: Type.String({ maxLength: L.shortText }), host: Type.Optional(Type.String({ maxLength: 253 })) }), {
      minItems: 1,
      maxItems: L.paths,
    }),
  ),
  entrypoints: Type.Optional(Type.Array(Type.Object({ type: Type.String({ maxLength: 64 }), configuration: Type.Optional(JsonObject) }), { minItems: 1, maxItems: L.listeners })),
});

const EndpointV4 = Type.Object({
  name: Type.String({ maxLength: L.shortText }),
  type: Type.String({ maxLength: 64 }),
  weight: Type.Optional(Type.Integer()),
  configuration: Type.Optional(JsonObject),
  secondary: Type.Optional(Type.Boolean()),
});

const EndpointGroupV4 = Type.Object({
  name: Type.Optional(Type.String({ maxLength: L.shortText })),
  type: Type.String({ maxLength: 64 }),
  loadBalancer: Type.Optional(Type.Object({ type: literals(['RANDOM', 'ROUND_ROBIN', 'WEIGHTED_RANDOM', 'WEIGHTED_ROUND_ROBIN'] as const) })),
  sharedConfiguration: Type.Optional(JsonObject),
  endpoints: Type.Optional(Type.Array(EndpointV4, { maxItems: L.endpoints })),
});

const PlanV4 = Type.Object({
  id: Type.Optional(Type.String()),
  hrid: Hrid,
  name: Type.String({ maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  security: Type.Optional(Type.Object({ type: literals(PLAN_SECURITY_TYPES), configuration: Type.Optional(JsonObject) })),
  status: literals(PLAN_STATUSES),
  type: literals(PLAN_TYPES),
  mode: literals(PLAN_MODES),
  validation: literals(PLAN_VALIDATIONS),
  selectionRule: Type.Optional(Type.String({ maxLength: 256 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { uniqueItems: true })),
  flows: Type.Optional(Type.Array(FlowV4, { maxItems: L.flows })),
});

/** `ApiV4Spec`: the body of `PUT .../apis`. */
export const ApiV4SpecSchema = Type.Object({
  hrid: Hrid,
  name: Type.String({ minLength: 1, maxLength: 512 }),
  version: Type.String({ minLength: 1, maxLength: 64 }),
  type: literals(API_TYPES),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { uniqueItems: true })),
  listeners: Type.Array(Listener, { minItems: 1, maxItems: L.listeners }),
  endpointGroups: Type.Array(EndpointGroupV4, { minItems: 1, maxItems: L.endpointGroups }),
  analytics: Type.Optional(Type.Object({ enabled: Type.Optional(Type.Boolean()) })),
  plans: Type.Optional(Type.Array(PlanV4, { maxItems: L.plans })),
  flows: Type.Optional(Type.Array(FlowV4, { maxItems: L.flows })),
  state: Type.Optional(literals(API_STATES)),
  lifecycleState: literals(API_LIFECYCLE_STATES),
  visibility: Type.Optional(literals(['PUBLIC', 'PRIVATE'] as const)),
});
export type ApiV4Spec = Static<typeof ApiV4SpecSchema> & Record<string, unknown>;
export type PlanV4Spec = Static<typeof PlanV4> & Record<string, unknown>;
export type FlowV4Spec = Static<typeof FlowV4>;

/** `ApplicationSpec`: the body of `PUT .../applications`. */
export const ApplicationSpecSchema = Type.Object({
  hrid: Hrid,
  name: Type.String({ minLength: 1, maxLength: 512 }),
  description: Type.String({ minLength: 1, maxLength: 4000 }),
  domain: Type.Optional(Type.String({ maxLength: 256 })),
  pictureUrl: Type.Optional(Type.String({ maxLength: L.url })),
  background: Type.Optional(Type.String({ maxLength: L.url })),
  settings: Type.Optional(
    Type.Object({
      app: Type.Optional(Type.Object({ type: Type.Optional(Type.String({ maxLength: 64 })), clientId: Type.Optional(Type.String({ maxLength: 300 })) })),
      oauth: Type.Optional(JsonObject),
      tls: Type.Optional(JsonObject),
    }),
  ),
  status: Type.Optional(literals(['ACTIVE', 'ARCHIVED'] as const)),
});
export type ApplicationSpec = Static<typeof ApplicationSpecSchema> & Record<string, unknown>;

/** `SubscriptionSpec`: the body of `PUT .../apis/{apiHrid}/subscriptions`. */
export const SubscriptionSpecSchema = Type.Object({
  hrid: Hrid,
  applicationHrid: Type.String({ minLength: 1, maxLength: 256 }),
  planHrid: Type.String({ minLength: 1, maxLength: 256 }),
  endingAt: Type.Optional(Type.String({ format: 'date-time' })),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
  apiKeys: Type.Optional(
    Type.Array(Type.Object({ key: Type.String({ minLength: 1, maxLength: 256 }), expireAt: Type.Optional(Type.String({ format: 'date-time' })) }), {
      maxItems: L.apiKeys,
    }),
  ),
  consumerConfiguration: Type.Optional(JsonObject),
});
export type SubscriptionSpec = Static<typeof SubscriptionSpecSchema> & Record<string, unknown>;

/** `Errors` of a state: severe ones block the change (and are all a dry run reports), warnings do not. */
export interface AutomationErrors {
  severe: string[];
  warning: string[];
}

/** `BaseStatus` / `CrossIdStatus` fields of every state answer. */
export interface AutomationStatus {
  id?: string;
  crossId?: string;
  organizationId: string;
  environmentId: string;
  errors: AutomationErrors;
}

export type ApiV4State = ApiV4Spec & AutomationStatus;
export type ApplicationState = ApplicationSpec & Omit<AutomationStatus, 'crossId'>;
export type SubscriptionState = Omit<SubscriptionSpec, 'apiKeys'> & Omit<AutomationStatus, 'crossId'> & { apiHrid: string; startingAt?: string };

/** One problem of a body, located by JSON pointer as ajv reports it. */
export interface SpecProblem {
  location: string;
  message: string;
}

export type SpecCheck<T> = { ok: true; value: T } | { ok: false; problems: SpecProblem[] };

const MAX_PROBLEMS = 20;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv, ['date-time']);

function compile<T>(schema: TSchema): (value: unknown) => SpecCheck<T> {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return { ok: true, value: value as T };
    return { ok: false, problems: problemsOf(validate.errors ?? []) };
  };
}

function problemsOf(errors: ErrorObject[]): SpecProblem[] {
  const seen = new Set<string>();
  const problems: SpecProblem[] = [];
  for (const e of errors) {
    const missing = e.keyword === 'required' ? `/${String((e.params as { missingProperty?: string }).missingProperty)}` : '';
    const location = `${e.instancePath}${missing}` || '/';
    const message = e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
    const key = `${location} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ location, message });
    if (problems.length === MAX_PROBLEMS) break;
  }
  return problems;
}

/** Compiled on first use, once per process. */
export const checkApiV4Spec = compile<ApiV4Spec>(ApiV4SpecSchema);
export const checkApplicationSpec = compile<ApplicationSpec>(ApplicationSpecSchema);
export const checkSubscriptionSpec = compile<SubscriptionSpec>(SubscriptionSpecSchema);

const HRID = new RegExp(HRID_PATTERN);

/** Whether a path segment can name a declared resource at all (anything else is simply not found). */
export const isHrid = (value: string): boolean => value.length <= 256 && HRID.test(value);

/**
 * The first string (value or key) holding NUL, as a JSON pointer, if any: PostgreSQL can store neither
 * in `text` nor in `jsonb`, so such a body is refused rather than failing there (SPEC §9).
 */
export function nulLocation(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; at: string }> = [{ value, at: '' }];
  while (stack.length > 0) {
    const { value: current, at } = stack.pop() as { value: unknown; at: string };
    if (typeof current === 'string') {
      if (current.includes('\0')) return at || '/';
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, at: `${at}/${i}` }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\0')) return `${at}/${key.replace(/\0/g, '\\0')}`;
        stack.push({ value: item, at: `${at}/${key}` });
      }
    }
  }
  return undefined;
}

/** The problems as one line for an error message. */
export function describeProblems(problems: SpecProblem[]): string {
  return problems.map((p) => `${p.location}: ${p.message}`).join('; ');
}
