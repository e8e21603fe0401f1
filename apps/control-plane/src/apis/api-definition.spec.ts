import { apiRecordOf, asDeployed, definitionOf, deployedRecordOf, eventPayloadOf, hasUndeployedChanges, normalizeContextPath, planRecordsOf } from './api-definition';

const api = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Echo',
  environmentId: '22222222-2222-4222-8222-222222222222',
  contextPath: '/echo',
  target: 'http://127.0.0.1:9000/anything',
  plans: [
    { id: '33333333-3333-4333-8333-333333333333', name: 'Open', security: 'key-less' as const },
    { id: '44444444-4444-4444-8444-444444444444', name: 'Keys', security: 'api-key' as const },
  ],
  lifecycleState: 'STOPPED' as const,
};

describe('API definitions', () => {
  it('normalizes context paths', () => {
    expect(normalizeContextPath('/a//b/')).toBe('/a/b');
    expect(normalizeContextPath(' /echo ')).toBe('/echo');
    expect(normalizeContextPath('/')).toBe('/');
  });

  it('builds a v4 proxy definition with the path, target and plans', () => {
    const d = definitionOf(api, 1000);
    expect(d).toMatchObject({ id: api.id, definitionVersion: '4.0.0', type: 'proxy', deployedAt: 1000 });
    expect(d.listeners[0].paths).toEqual([{ path: '/echo' }]);
    expect(d.endpointGroups[0].endpoints[0].configuration.target).toBe(api.target);
    expect(d.plans.map((p) => p.security.type)).toEqual(['key-less', 'api-key']);
  });

  it('is what Gravitee 4.x deploys: analytics on, plans STANDARD and published with a security configuration', () => {
    const d = definitionOf(api, 1000);
    expect(d.analytics).toEqual({ enabled: true });
    for (const plan of d.plans) expect(plan).toMatchObject({ status: 'PUBLISHED', mode: 'STANDARD', security: { configuration: {} }, flows: [] });
  });

  it('wraps it as the event payload, definition as a string, lifecycle state carried', () => {
    const payload = eventPayloadOf(api, 1000);
    expect(payload.lifecycleState).toBe('STOPPED');
    // The label, as Gravitee's DefinitionVersion reads it: `V4` would make its gateway drop the API as a v2 one.
    expect(payload.definitionVersion).toBe('4.0.0');
    expect(payload).toMatchObject({ id: api.id, environmentId: api.environmentId, type: 'proxy', deployedAt: 1000, visibility: 'PRIVATE' });
    expect(JSON.parse(payload.definition)).toEqual(definitionOf(api, 1000));
  });

  it('leaves the definition out of the API record when asked', () => {
    expect(apiRecordOf(api, null, { definition: false })).not.toHaveProperty('definition');
    expect(apiRecordOf(api, null)).toMatchObject({ deployedAt: null, definitionVersion: '4.0.0' });
  });

  it('gives the plans as Gravitee repository Plan records', () => {
    const dates = { createdAt: new Date(10), updatedAt: new Date(20) };
    expect(planRecordsOf({ ...api, ...dates })).toEqual([
      expect.objectContaining({ id: api.plans[0].id, api: api.id, security: 'KEY_LESS', status: 'PUBLISHED', mode: 'STANDARD', type: 'API', order: 1, createdAt: 10, updatedAt: 20 }),
      expect.objectContaining({ id: api.plans[1].id, security: 'API_KEY', order: 2, tags: [], characteristics: [] }),
    ]);
  });

  it('serves the last deployed record until the next deploy, and says when an edit is waiting', () => {
    const deployed = { ...api, deployedRecord: deployedRecordOf(api) };
    expect(hasUndeployedChanges(deployed)).toBe(false);
    expect(hasUndeployedChanges({ ...api, deployedRecord: null })).toBe(false);
    const edited = { ...deployed, name: 'Echo v2', contextPath: '/v2' };
    expect(hasUndeployedChanges(edited)).toBe(true);
    expect(asDeployed(edited)).toMatchObject({ name: 'Echo', contextPath: '/echo', lifecycleState: 'STOPPED' });
    expect(hasUndeployedChanges({ ...deployed, plans: [...api.plans].map((p) => ({ security: p.security, name: p.name, id: p.id })) })).toBe(false);
  });
});
