import { BridgeEvent, EventType } from '@app/contracts';
import { applyApiEvents, emptyState, replaceApis } from './gateway-state';

function event(id: string, type: EventType, updatedAt: number, overrides: { lifecycleState?: string; path?: string } = {}): BridgeEvent {
  const definition = {
    id,
    name: `api ${id}`,
    definitionVersion: '4.0.0',
    type: 'proxy',
    listeners: [{ type: 'http', paths: [{ path: overrides.path ?? `/${id}` }], entrypoints: [] }],
    endpointGroups: [{ name: 'g', type: 'http-proxy', endpoints: [{ name: 'e', type: 'http-proxy', configuration: { target: 'http://127.0.0.1:9' } }] }],
    plans: [],
  };
  const payload = JSON.stringify({ id, name: definition.name, environmentId: 'env', lifecycleState: overrides.lifecycleState ?? 'STARTED', definitionVersion: 'V4', definition: JSON.stringify(definition), deployedAt: updatedAt });
  return { id, type, payload, parentId: null, properties: { api_id: id }, environments: ['env'], organizations: ['org'], createdAt: updatedAt, updatedAt };
}

describe('API events', () => {
  it('deploys on PUBLISH_API and undeploys on STOP_API / UNPUBLISH_API', () => {
    const state = emptyState();
    expect(applyApiEvents(state, [event('a', 'PUBLISH_API', 1), event('b', 'START_API', 1)]).map((c) => c.kind)).toEqual(['deployed', 'deployed']);
    expect(applyApiEvents(state, [event('a', 'STOP_API', 2), event('b', 'UNPUBLISH_API', 2)]).map((c) => c.kind)).toEqual(['undeployed', 'undeployed']);
    expect(state.apis).toEqual({});
  });

  it('ignores an event older than what was applied (overlapping windows)', () => {
    const state = emptyState();
    applyApiEvents(state, [event('a', 'STOP_API', 5)]);
    expect(applyApiEvents(state, [event('a', 'PUBLISH_API', 4)])).toEqual([]);
    expect(state.apis.a).toBeUndefined();
    applyApiEvents(state, [event('a', 'PUBLISH_API', 6)]);
    expect(applyApiEvents(state, [event('a', 'PUBLISH_API', 6)])).toEqual([]);
    expect(state.apis.a.eventUpdatedAt).toBe(6);
  });

  it('does not serve an API whose record says it is stopped, nor a broken definition', () => {
    const state = emptyState();
    const broken = { ...event('c', 'PUBLISH_API', 1), payload: '{"definition":"{"}' };
    const changes = applyApiEvents(state, [event('a', 'PUBLISH_API', 1, { lifecycleState: 'STOPPED' }), broken]);
    expect(changes).toEqual([{ kind: 'invalid', apiId: 'c', reason: 'payload or definition is not JSON' }]);
    expect(state.apis).toEqual({});
  });

  it('a full sync removes APIs the gate no longer lists', () => {
    const state = emptyState();
    applyApiEvents(state, [event('a', 'PUBLISH_API', 1), event('b', 'PUBLISH_API', 1)]);
    const changes = replaceApis(state, [event('b', 'PUBLISH_API', 1)]);
    expect(changes).toEqual([{ kind: 'undeployed', apiId: 'a' }]);
    expect(Object.keys(state.apis)).toEqual(['b']);
  });
});
