import { randomUUID } from 'node:crypto';
import { planRateLimit } from '@app/contracts';
import type { ApiV4Spec, FlowV4, FlowV4Spec, PlanV4Spec } from '@app/contracts';
import { PlanSecurity, StoredPlan } from '../apis/api.entity';
import { normalizeContextPath } from '../apis/api-definition';
import { DeclaredApi } from '../apis/declared-apis.service';
import { CONTEXT_PATH, CONTEXT_PATH_MAX_LENGTH } from '../apis/dto/api.dto';

/** The Automation API's plan security types this control plane's gateways enforce, and what they are called here. */
const SECURITY: Partial<Record<string, PlanSecurity>> = { KEY_LESS: 'key-less', API_KEY: 'api-key' };
/** Plan statuses under which gateways serve a plan (a deprecated plan still serves its subscribers). */
const SERVED_STATUSES = new Set(['PUBLISHED', 'DEPRECATED']);
const RATE_LIMIT_POLICY = 'rate-limit';

export interface MappedApi {
  declared: DeclaredApi;
  /** Problems that block the change; a dry run reports them, a real one is refused with them. */
  severe: string[];
  /** What the declaration asks for that gateways here will not do; the change goes ahead. */
  warnings: string[];
}

/** What is kept from the previous declaration of the same API: its plans' ids, by hrid. */
export interface PreviousApi {
  plans: StoredPlan[];
  declaration: object | null;
}

/**
 * An `ApiV4Spec` in the terms of this control plane's API model: one HTTP context path, one http-proxy
 * target, key-less and API-key plans (with the rate limit of their `rate-limit` policy). What cannot be
 * served is severe; what is stored but not acted upon is a warning. Plan ids survive from one
 * declaration to the next by plan hrid, and the declaration kept (to answer with) carries them.
 */
export function mapApiSpec(spec: ApiV4Spec, previous: PreviousApi | null): MappedApi {
  const severe: string[] = [];
  const warnings: string[] = [];

  if (spec.type !== 'PROXY') severe.push(`type ${spec.type} is not supported: gateways of this control plane serve PROXY APIs only`);
  const contextPath = contextPathOf(spec, severe, warnings);
  const target = targetOf(spec, severe, warnings);
  const planIds = previousPlanIds(previous);
  const declaredPlans = (spec.plans ?? []) as PlanV4Spec[];
  const plans: DeclaredApi['plans'] = [];
  const seen = new Set<string>();
  const withIds = declaredPlans.map((plan) => {
    if (seen.has(plan.hrid)) severe.push(`plans: hrid ${plan.hrid} is used by more than one plan`);
    seen.add(plan.hrid);
    const id = planIds.get(plan.hrid) ?? randomUUID();
    const stored = planOf(plan, id, severe, warnings);
    if (stored) plans.push(stored);
    return { ...plan, id };
  });
  const state = spec.state === 'STARTED' ? 'STARTED' : 'STOPPED';
  if (spec.state !== undefined && spec.state !== 'STARTED' && spec.state !== 'STOPPED') warnings.push(`state ${spec.state} is treated as STOPPED`);
  if (state === 'STARTED' && plans.length === 0) severe.push('a STARTED API needs at least one PUBLISHED plan that gateways can serve');
  ignoredApiFields(spec, warnings);

  const declaration = { ...spec, ...(spec.plans ? { plans: withIds } : {}) };
  return {
    declared: { hrid: spec.hrid, name: spec.name, contextPath, target, plans, state, declaration },
    severe: unique(severe),
    warnings: unique(warnings),
  };
}

function contextPathOf(spec: ApiV4Spec, severe: string[], warnings: string[]): string {
  for (const listener of spec.listeners) {
    if (listener.type !== 'HTTP') severe.push(`listeners: type ${listener.type} is not supported; use an HTTP listener`);
  }
  const http = spec.listeners.filter((l) => l.type === 'HTTP');
  if (http.length > 1) warnings.push('listeners: only the first HTTP listener is served');
  const listener = http[0];
  if (!listener) return '';
  for (const entrypoint of listener.entrypoints ?? []) {
    if (entrypoint.type !== 'http-proxy') severe.push(`listeners: entrypoint ${entrypoint.type} is not supported; use http-proxy`);
  }
  const [first, ...others] = listener.paths ?? [];
  if (!first) {
    severe.push('listeners: the HTTP listener needs a path (its context path)');
    return '';
  }
  const path = normalizeContextPath(first.path);
  if (path.length > CONTEXT_PATH_MAX_LENGTH || !CONTEXT_PATH.test(path)) severe.push(`listeners: path ${JSON.stringify(first.path)} is not a context path such as /echo`);
  if (others.length > 0) warnings.push(`listeners: only the first path (${path}) is served; ${others.map((p) => p.path).join(', ')} ignored`);
  if ((listener.paths ?? []).some((p) => p.host)) warnings.push('listeners: virtual hosts are not supported; the path is served on every host');
  return path;
}

function targetOf(spec: ApiV4Spec, severe: string[], warnings: string[]): string {
  const [group, ...otherGroups] = spec.endpointGroups;
  if (group.type !== 'http-proxy') {
    severe.push(`endpointGroups: type ${group.type} is not supported; use http-proxy`);
    return '';
  }
  if (otherGroups.length > 0) warnings.push('endpointGroups: only the first endpoint group is used');
  const endpoints = (group.endpoints ?? []).filter((e) => !e.secondary);
  const endpoint = endpoints[0];
  const configured = endpoint?.configuration?.target ?? group.sharedConfiguration?.target;
  if (!endpoint || endpoint.type !== 'http-proxy' || typeof configured !== 'string') {
    severe.push('endpointGroups: an http-proxy endpoint with configuration.target is required');
    return '';
  }
  if (!isHttpUrl(configured)) severe.push(`endpointGroups: target ${JSON.stringify(configured)} is not an http(s) URL`);
  if ((group.endpoints ?? []).length > 1) warnings.push(`endpointGroups: only endpoint ${endpoint.name} is used; load balancing and secondary endpoints are not supported`);
  return configured;
}

function planOf(plan: PlanV4Spec, id: string, severe: string[], warnings: string[]): DeclaredApi['plans'][number] | undefined {
  const where = `plan ${plan.hrid}`;
  if (plan.mode !== 'STANDARD') severe.push(`${where}: mode ${plan.mode} is not supported`);
  const securityType = plan.security?.type;
  const security = securityType ? SECURITY[securityType] : undefined;
  if (!securityType) severe.push(`${where}: security is required`);
  else if (!security) severe.push(`${where}: security ${securityType} is not supported; use KEY_LESS or API_KEY`);
  if (plan.validation === 'MANUAL') warnings.push(`${where}: subscriptions are accepted without manual validation`);
  if (plan.selectionRule) warnings.push(`${where}: selectionRule is not evaluated`);
  if (plan.tags?.length) warnings.push(`${where}: sharding tags are not supported; every gateway of the environment serves it`);
  const flows = (plan.flows ?? []) as FlowV4Spec[];
  for (const policy of ignoredPolicies(flows, true)) warnings.push(`${where}: policy ${policy} is not applied by gateways`);
  if (!SERVED_STATUSES.has(plan.status)) {
    warnings.push(`${where}: status ${plan.status}, so gateways do not serve it`);
    return undefined;
  }
  if (!security || plan.mode !== 'STANDARD') return undefined;
  const rateLimit = planRateLimit(flows as unknown as FlowV4[]);
  return { id, hrid: plan.hrid, name: plan.name, security, ...(rateLimit ? { rateLimit } : {}) };
}

/** Policies of enabled steps the gateways will not run (the plan's `rate-limit` is, when `withRateLimit`). */
function ignoredPolicies(flows: FlowV4Spec[], withRateLimit: boolean): string[] {
  const policies = new Set<string>();
  for (const flow of flows) {
    if (!flow.enabled) continue;
    for (const step of [...(flow.request ?? []), ...(flow.response ?? []), ...(flow.publish ?? []), ...(flow.subscribe ?? [])]) {
      if (step.enabled && !(withRateLimit && step.policy === RATE_LIMIT_POLICY && (flow.request ?? []).includes(step))) policies.add(step.policy);
    }
  }
  return [...policies];
}

/** Fields of the spec that change behaviour in Gravitee but are only stored here. */
function ignoredApiFields(spec: ApiV4Spec, warnings: string[]): void {
  for (const policy of ignoredPolicies((spec.flows ?? []) as FlowV4Spec[], false)) warnings.push(`flows: policy ${policy} is not applied by gateways`);
  if (spec.tags?.length) warnings.push('tags: sharding tags are not supported; every gateway of the environment serves the API');
  if (spec.analytics?.enabled === false) warnings.push('analytics: gateways report analytics for every API');
  const nonEmpty = (field: string) => {
    const value = spec[field];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && typeof value === 'object' && Object.keys(value).length > 0;
  };
  for (const field of ['resources', 'properties', 'responseTemplates', 'services', 'members', 'groups', 'categories', 'pages', 'metadata']) {
    if (nonEmpty(field)) warnings.push(`${field}: stored, not supported by this control plane`);
  }
  const failover = spec.failover as { enabled?: unknown } | undefined;
  if (failover?.enabled === true) warnings.push('failover: not supported');
}

function previousPlanIds(previous: PreviousApi | null): Map<string, string> {
  const ids = new Map<string, string>();
  const declared = (previous?.declaration as { plans?: Array<{ hrid?: unknown; id?: unknown }> } | null)?.plans ?? [];
  for (const plan of declared) if (typeof plan.hrid === 'string' && typeof plan.id === 'string') ids.set(plan.hrid, plan.id);
  for (const plan of previous?.plans ?? []) if (plan.hrid) ids.set(plan.hrid, plan.id);
  return ids;
}

function isHttpUrl(value: string): boolean {
  if (value.length > 2048) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const unique = (items: string[]) => [...new Set(items)];
