import { ApiDefinitionV4, ApiEventPayload, BridgeApiKey, BridgeEvent, BridgeSubscription } from '@app/contracts';

/** An API the gateway serves, with the `updatedAt` of the event that deployed it (older events never win). */
export interface DeployedApi {
  definition: ApiDefinitionV4;
  environmentId: string;
  eventUpdatedAt: number;
}

/** Everything the gateway syncs; what is kept on disk and served when the Cloud Gate is away. */
export interface GatewayState {
  apis: Record<string, DeployedApi>;
  /** Undeployed API ids with the `updatedAt` of their undeploy event, so a stale deploy cannot resurrect them. */
  undeployed: Record<string, number>;
  keys: Record<string, BridgeApiKey>;
  subscriptions: Record<string, BridgeSubscription>;
}

export const emptyState = (): GatewayState => ({ apis: {}, undeployed: {}, keys: {}, subscriptions: {} });

const DEPLOYING = new Set(['PUBLISH_API', 'START_API']);

export type ApiChange = { kind: 'deployed' | 'undeployed'; apiId: string; name?: string } | { kind: 'invalid'; apiId: string; reason: string };

/**
 * Applies the latest API events: `PUBLISH_API`/`START_API` deploy the definition their payload carries
 * (unless the API record says it is stopped); `UNPUBLISH_API`/`STOP_API` remove it. Returns what changed.
 */
export function applyApiEvents(state: GatewayState, events: BridgeEvent[]): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const event of events) {
    const apiId = event.properties?.api_id ?? event.id;
    const known = state.apis[apiId]?.eventUpdatedAt ?? state.undeployed[apiId] ?? -1;
    if (event.updatedAt < known) continue;
    if (event.updatedAt === known && (state.apis[apiId] || state.undeployed[apiId] !== undefined)) continue;
    const parsed = DEPLOYING.has(event.type) ? parseApiEvent(event) : undefined;
    if (parsed && 'reason' in parsed) {
      changes.push({ kind: 'invalid', apiId, reason: parsed.reason });
      continue;
    }
    if (parsed) {
      state.apis[apiId] = { definition: parsed.definition, environmentId: parsed.environmentId, eventUpdatedAt: event.updatedAt };
      delete state.undeployed[apiId];
      changes.push({ kind: 'deployed', apiId, name: parsed.definition.name });
    } else {
      const wasDeployed = apiId in state.apis;
      delete state.apis[apiId];
      state.undeployed[apiId] = event.updatedAt;
      if (wasDeployed) changes.push({ kind: 'undeployed', apiId });
    }
  }
  return changes;
}

/** `undefined` when the API record says it is stopped (nothing to serve). */
function parseApiEvent(event: BridgeEvent): { definition: ApiDefinitionV4; environmentId: string } | { reason: string } | undefined {
  let record: ApiEventPayload;
  let definition: ApiDefinitionV4;
  try {
    record = JSON.parse(event.payload) as ApiEventPayload;
    definition = (typeof record.definition === 'string' ? JSON.parse(record.definition) : record.definition) as ApiDefinitionV4;
  } catch {
    return { reason: 'payload or definition is not JSON' };
  }
  if (record.lifecycleState === 'STOPPED') return undefined;
  const problem = definitionProblem(definition);
  if (problem) return { reason: problem };
  return { definition: { ...definition, id: definition.id ?? record.id }, environmentId: record.environmentId ?? event.environments?.[0] ?? '' };
}

function definitionProblem(d: ApiDefinitionV4): string | undefined {
  if (d?.definitionVersion !== '4.0.0') return `definitionVersion ${JSON.stringify(d?.definitionVersion)} is not 4.0.0`;
  if (d.type !== 'proxy') return `type ${JSON.stringify(d.type)} is not proxy`;
  const paths = (d.listeners ?? []).flatMap((l) => l.paths ?? []);
  if (paths.length === 0 || paths.some((p) => typeof p.path !== 'string')) return 'no listener path';
  const target = d.endpointGroups?.[0]?.endpoints?.[0]?.configuration?.target;
  if (typeof target !== 'string' || !/^https?:\/\//.test(target)) return 'no http(s) endpoint target';
  return undefined;
}

/** Full sync: the answer replaces every API (one missing from the latest events is not deployed any more). */
export function replaceApis(state: GatewayState, events: BridgeEvent[]): ApiChange[] {
  const before = new Set(Object.keys(state.apis));
  state.apis = {};
  state.undeployed = {};
  const changes = applyApiEvents(state, events).filter((c) => c.kind !== 'deployed' || !before.has(c.apiId));
  for (const id of before) if (!(id in state.apis)) changes.push({ kind: 'undeployed', apiId: id });
  return changes;
}

export function upsertKeys(state: GatewayState, keys: BridgeApiKey[]): number {
  for (const key of keys) state.keys[key.key] = key;
  return keys.length;
}

export function upsertSubscriptions(state: GatewayState, subscriptions: BridgeSubscription[]): number {
  for (const subscription of subscriptions) state.subscriptions[subscription.id] = subscription;
  return subscriptions.length;
}
