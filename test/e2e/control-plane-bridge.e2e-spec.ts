/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON answers field by field */
import 'reflect-metadata';
import { decodeUnverified } from '@app/contracts';
import { ControlPlane, INTERNAL_TOKEN, createTestDatabase, followChanges, http, startControlPlane } from './control-plane.support';
import { waitFor } from '../support/wait-for';

/**
 * The internal API Cloud Gates use (docs/internal-api.md): bridge routes scoped by the token's
 * headers, heartbeats driving gateway status, revocations, and the change stream fanned out across
 * two control-plane instances on one database.
 */
describe('control plane internal bridge API', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let cp: ControlPlane;
  let peer: ControlPlane;
  const admin = 'e2e-admin-token-0123456789abcdef';
  const env = { ADMIN_TOKEN: admin, HEARTBEAT_TIMEOUT_MS: '1500' };
  const api = (path: string) => `${cp.base}/api/v1${path}`;

  interface Tenant {
    account: any;
    envId: string;
    otherEnvId: string;
    gateway: any;
    claims: any;
    headers: Record<string, string>;
  }
  let a: Tenant;
  let b: Tenant;

  async function tenant(name: string): Promise<Tenant> {
    const account = (await http('POST', api('/accounts'), { token: admin, body: { name, region: 'eu' } })).body;
    const envId = account.environments[0].id;
    const otherEnvId = (await http('POST', api(`/accounts/${account.id}/environments`), { token: admin, body: { name: 'Other' } })).body.id;
    const gateway = (
      await http('POST', api(`/accounts/${account.id}/gateways`), {
        token: admin,
        body: { name: `${name}-gw`, platform: 'docker', environmentId: envId, accessPoints: [] },
      })
    ).body;
    const details = (await http('POST', api(`/accounts/${account.id}/gateways/${gateway.id}/installation-details`), { token: admin })).body;
    const claims = decodeUnverified<any>(details.cloudToken);
    return {
      account,
      envId,
      otherEnvId,
      gateway,
      claims,
      // What a Cloud Gate sets from the verified token.
      headers: {
        'x-internal-token': INTERNAL_TOKEN,
        'x-scope-account': claims.acc,
        'x-scope-org': claims.org,
        'x-scope-envs': claims.envs.join(','),
        'x-scope-gateway': claims.meta.GATEWAYID,
        'x-scope-token': claims.jti,
      },
    };
  }

  const bridge = (t: Tenant, method: string, path: string, body?: unknown) => http(method, `${cp.base}/internal/bridge${path}`, { headers: t.headers, body });
  const latest = (t: Tenant, body: unknown = {}, query = 'group=API_ID&page=0&size=100') => bridge(t, 'POST', `/eventsLatest/_search?${query}`, body);

  async function createApi(t: Tenant, envId: string, body: object) {
    const res = await http('POST', api(`/accounts/${t.account.id}/environments/${envId}/apis`), { token: admin, body });
    expect(res.status).toBe(201);
    return res.body;
  }
  const lifecycle = (t: Tenant, envId: string, apiId: string, action: string) =>
    http('POST', api(`/accounts/${t.account.id}/environments/${envId}/apis/${apiId}/${action}`), { token: admin });

  beforeAll(async () => {
    db = await createTestDatabase('cp_bridge');
    cp = await startControlPlane(db.url, env);
    peer = await startControlPlane(db.url, env);
    a = await tenant('Alpha');
    b = await tenant('Beta');
  });

  afterAll(async () => {
    await peer?.app.stop();
    await cp?.app.stop();
    await db?.drop();
  });

  it('refuses calls without the internal token or without scope headers', async () => {
    expect((await http('GET', `${cp.base}/internal/bridge`)).status).toBe(401);
    expect((await http('GET', `${cp.base}/internal/bridge`, { headers: { 'x-internal-token': 'guess-guess-guess' } })).status).toBe(401);
    expect((await http('GET', `${cp.base}/internal/revocations`)).status).toBe(401);
    const unscoped = await http('GET', `${cp.base}/internal/bridge/environments`, { headers: { 'x-internal-token': INTERNAL_TOKEN } });
    expect(unscoped.status).toBe(400);
    expect(unscoped.body.message).toMatch(/x-scope-envs|x-scope-account/);
  });

  it('answers the version and the token’s own environment, organization and installation only', async () => {
    expect((await bridge(a, 'GET', '')).body).toEqual({ version: expect.objectContaining({ MAJOR_VERSION: '4.6.7', BUILD_ID: expect.any(String) }) });
    const envs = (await bridge(a, 'GET', '/environments')).body;
    expect(envs).toEqual([expect.objectContaining({ id: a.envId, organizationId: a.claims.org })]);
    expect((await bridge(a, 'GET', '/organizations')).body).toEqual([expect.objectContaining({ id: a.claims.org, name: 'Alpha' })]);
    expect((await bridge(a, 'GET', '/installation')).body).toMatchObject({ id: expect.any(String), additionalInformation: expect.any(Object) });
    // A gate declaring another account's environment gets nothing of it.
    const widened = { ...a, headers: { ...a.headers, 'x-scope-envs': `${a.envId},${b.envId}` } };
    expect(((await bridge(widened, 'GET', '/environments')).body as any[]).map((e) => e.id)).toEqual([a.envId]);
    const wrongOrg = { ...a, headers: { ...a.headers, 'x-scope-org': b.claims.org } };
    expect((await bridge(wrongOrg, 'GET', '/environments')).status).toBe(404);
  });

  it('writes a plan rate limit as the v4 rate-limit policy of the plan flow, and refuses a bad one', async () => {
    const created = await createApi(a, a.envId, {
      name: 'Limited',
      contextPath: '/limited',
      target: 'http://127.0.0.1:9/limited',
      plans: [{ name: 'Gold', security: 'api-key', rateLimit: { limit: 100, periodSeconds: 60 } }, { name: 'Open', security: 'key-less' }],
    });
    expect(created.plans).toEqual([
      expect.objectContaining({ name: 'Gold', rateLimit: { limit: 100, periodSeconds: 60 } }),
      expect.not.objectContaining({ rateLimit: expect.anything() }),
    ]);
    const [gold, open] = (created.definition as { plans: Array<{ flows: unknown[] }> }).plans;
    expect(gold.flows).toEqual([
      expect.objectContaining({
        enabled: true,
        request: [expect.objectContaining({ policy: 'rate-limit', enabled: true, configuration: expect.objectContaining({ rate: expect.objectContaining({ limit: 100, periodTime: 60, periodTimeUnit: 'SECONDS' }) }) })],
      }),
    ]);
    expect(open.flows).toEqual([]);

    const refused = await http('POST', api(`/accounts/${a.account.id}/environments/${a.envId}/apis`), {
      token: admin,
      body: { name: 'Bad', contextPath: '/bad-limit', target: 'http://127.0.0.1:9/x', plans: [{ name: 'P', security: 'key-less', rateLimit: { limit: 0, periodSeconds: 60 } }] },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/plans\.0\.rateLimit\.limit/);
  });

  it('serves the latest event per API with the v4 definition, following deploy, stop, start and delete', async () => {
    const created = await createApi(a, a.envId, { name: 'Echo', contextPath: '/echo', target: 'http://127.0.0.1:9/anything' });
    expect(created.plans).toEqual([expect.objectContaining({ security: 'key-less' })]);
    expect((await latest(a)).body).toEqual([]); // not deployed yet

    expect((await lifecycle(a, a.envId, created.id, 'deploy')).status).toBe(200);
    let events = (await latest(a, { types: ['PUBLISH_API', 'START_API', 'STOP_API', 'UNPUBLISH_API'] })).body as any[];
    expect(events).toHaveLength(1);
    const published = events[0];
    expect(published).toMatchObject({ id: created.id, type: 'PUBLISH_API', environments: [a.envId], organizations: [a.claims.org], parentId: null });
    expect(published.properties).toMatchObject({ api_id: created.id });
    expect(typeof published.createdAt).toBe('number');
    const payload = JSON.parse(published.payload);
    expect(payload).toMatchObject({ id: created.id, environmentId: a.envId, lifecycleState: 'STARTED', definitionVersion: '4.0.0' });
    const definition = JSON.parse(payload.definition);
    expect(definition).toMatchObject({ id: created.id, definitionVersion: '4.0.0', type: 'proxy' });
    expect(definition.listeners[0].paths[0].path).toBe('/echo');
    expect(definition.endpointGroups[0].endpoints[0].configuration.target).toBe('http://127.0.0.1:9/anything');
    expect(definition.plans[0].security.type).toBe('key-less');

    await lifecycle(a, a.envId, created.id, 'stop');
    events = (await latest(a)).body;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: created.id, type: 'STOP_API' });
    expect(JSON.parse(events[0].payload).lifecycleState).toBe('STOPPED');
    // Filtering applies to the latest event: asking only for PUBLISH_API no longer returns the stopped API.
    expect((await latest(a, { types: ['PUBLISH_API'] })).body).toEqual([]);

    await lifecycle(a, a.envId, created.id, 'start');
    expect(JSON.parse((await latest(a)).body[0].payload).lifecycleState).toBe('STARTED');

    const deleted = await http('DELETE', api(`/accounts/${a.account.id}/environments/${a.envId}/apis/${created.id}`), { token: admin });
    expect(deleted.status).toBe(204);
    expect((await latest(a)).body).toEqual([expect.objectContaining({ id: created.id, type: 'UNPUBLISH_API' })]);
    expect((await http('GET', api(`/accounts/${a.account.id}/environments/${a.envId}/apis/${created.id}`), { token: admin })).status).toBe(404);
  });

  it('pages latest events from page 0 and searches events paged and unpaged', async () => {
    const ids: string[] = [];
    for (const path of ['/p1', '/p2', '/p3']) {
      const created = await createApi(a, a.envId, { name: path, contextPath: path, target: 'http://127.0.0.1:9/' });
      await lifecycle(a, a.envId, created.id, 'deploy');
      ids.push(created.id);
    }
    const page0 = (await latest(a, { types: ['PUBLISH_API'] }, 'group=API_ID&page=0&size=2')).body as any[];
    const page1 = (await latest(a, { types: ['PUBLISH_API'] }, 'group=API_ID&page=1&size=2')).body as any[];
    expect(page0).toHaveLength(2);
    expect(page1).toHaveLength(1);
    expect([...page0, ...page1].map((e) => e.id).sort()).toEqual([...ids].sort());

    const unpaged = (await bridge(a, 'POST', '/events/_search', { types: ['PUBLISH_API'] })).body as any[];
    expect(Array.isArray(unpaged)).toBe(true);
    expect(unpaged.length).toBeGreaterThanOrEqual(3);
    const paged = (await bridge(a, 'POST', '/events/_search?page=0&size=2', { types: ['PUBLISH_API'] })).body;
    expect(paged).toMatchObject({ pageNumber: 0, pageElements: 2, totalElements: unpaged.length });
    expect(paged.content).toHaveLength(2);
    const byProperty = (await bridge(a, 'POST', '/events/_search', { properties: { api_id: ids[1] } })).body as any[];
    expect(byProperty.map((e) => e.properties.api_id)).toEqual([ids[1]]);
    const future = (await bridge(a, 'POST', '/events/_search', { from: Date.now() + 60_000 })).body;
    expect(future).toEqual([]);

    expect((await latest(a, {}, 'group=NOPE')).status).toBe(400);
    expect((await bridge(a, 'POST', '/events/_search', { types: ['NOT_A_TYPE'] })).status).toBe(400);
  });

  it('never leaks another environment’s or account’s events, keys or subscriptions', async () => {
    const hidden = await createApi(a, a.otherEnvId, { name: 'Hidden', contextPath: '/hidden', target: 'http://127.0.0.1:9/', plans: [{ name: 'Keys', security: 'api-key' }] });
    await lifecycle(a, a.otherEnvId, hidden.id, 'deploy');
    const sub = await http('POST', api(`/accounts/${a.account.id}/environments/${a.otherEnvId}/apis/${hidden.id}/plans/${hidden.plans[0].id}/subscriptions`), { token: admin });
    expect(sub.status).toBe(201);
    const theirs = await createApi(b, b.envId, { name: 'Theirs', contextPath: '/p1', target: 'http://127.0.0.1:9/' });
    await lifecycle(b, b.envId, theirs.id, 'deploy');

    const seenByA = [
      ...((await latest(a)).body as any[]),
      ...((await bridge(a, 'POST', '/events/_search', {})).body as any[]),
      // Asking explicitly for foreign environments or organizations narrows, never widens.
      ...((await latest(a, { environments: [a.otherEnvId, b.envId] })).body as any[]),
      ...((await bridge(a, 'POST', '/events/_search', { environments: [b.envId], organizations: [b.claims.org] })).body as any[]),
    ];
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByA.every((e) => e.environments.includes(a.envId))).toBe(true);
    expect(seenByA.map((e) => e.id)).not.toContain(hidden.id);
    expect(seenByA.map((e) => e.id)).not.toContain(theirs.id);
    expect((await bridge(a, 'POST', '/keys/_findByCriteria', {})).body).toEqual([]);
    expect((await bridge(a, 'POST', '/subscriptions/_search', {})).body).toEqual([]);
    expect(((await latest(b)).body as any[]).map((e) => e.id)).toEqual([theirs.id]);
  });

  it('serves subscriptions and API keys of api-key plans to the environment’s gateways', async () => {
    const keyed = await createApi(a, a.envId, { name: 'Keyed', contextPath: '/keyed', target: 'http://127.0.0.1:9/', plans: [{ name: 'Open', security: 'key-less' }, { name: 'Keys', security: 'api-key' }] });
    const [open, keys] = keyed.plans;
    const refused = await http('POST', api(`/accounts/${a.account.id}/environments/${a.envId}/apis/${keyed.id}/plans/${open.id}/subscriptions`), { token: admin });
    expect(refused.status).toBe(400);
    const since = Date.now() - 1000;
    const sub = await http('POST', api(`/accounts/${a.account.id}/environments/${a.envId}/apis/${keyed.id}/plans/${keys.id}/subscriptions`), { token: admin });
    expect(sub.status).toBe(201);
    expect(sub.body).toEqual({ subscriptionId: expect.any(String), apiKey: expect.any(String) });
    const found = (await bridge(a, 'POST', '/keys/_findByCriteria', { from: since, includeRevoked: true, somethingGraviteeSends: 1 })).body as any[];
    expect(found).toEqual([expect.objectContaining({ key: sub.body.apiKey, subscriptions: [sub.body.subscriptionId], environmentId: a.envId, revoked: false })]);
    const subs = (await bridge(a, 'POST', '/subscriptions/_search', { from: since })).body as any[];
    expect(subs).toEqual([expect.objectContaining({ id: sub.body.subscriptionId, api: keyed.id, plan: keys.id, status: 'ACCEPTED' })]);
    expect((await bridge(a, 'POST', '/keys/_findByCriteria', { from: Date.now() + 60_000 })).body).toEqual([]);
  });

  it('turns heartbeats into gateway status: connected, disconnected after the timeout, stopped', async () => {
    const heartbeat = (type: string, nodeId: string) =>
      bridge(a, 'POST', '/events/_createOrPatch', {
        id: `hb-${nodeId}`,
        type,
        payload: JSON.stringify({ id: nodeId, hostname: 'node-host', version: '4.6.7' }),
        properties: { id: nodeId, node_id: nodeId, hostname: 'node-host', version: '4.6.7', started_at: String(Date.now()), last_heartbeat_at: String(Date.now()) },
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
    const gatewayOf = async () => ((await http('GET', api(`/accounts/${a.account.id}/gateways`), { token: admin })).body as any[])[0];

    const answer = await heartbeat('GATEWAY_STARTED', 'node-1');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'hb-node-1', type: 'GATEWAY_STARTED', environments: [a.envId], organizations: [a.claims.org] });
    let gw = await gatewayOf();
    expect(gw).toMatchObject({ id: a.gateway.id, status: 'connected' });
    expect(gw.instances).toEqual([expect.objectContaining({ nodeId: 'node-1', hostname: 'node-host', version: '4.6.7', status: 'connected' })]);
    expect(Date.parse(gw.lastHeartbeatAt)).toBeGreaterThan(Date.now() - 60_000);

    gw = await waitFor('the gateway to show as disconnected', async () => {
      const g = await gatewayOf();
      return g.status === 'disconnected' ? g : undefined;
    });
    expect(gw.instances[0].status).toBe('disconnected');

    await heartbeat('GATEWAY_STARTED', 'node-1');
    expect((await gatewayOf()).status).toBe('connected');
    await heartbeat('GATEWAY_STOPPED', 'node-1');
    gw = await gatewayOf();
    expect(gw.status).toBe('stopped');
    expect(gw.instances[0].status).toBe('stopped');

    expect((await bridge(a, 'POST', '/events/_createOrPatch', { id: 'x', type: 'PUBLISH_API' })).status).toBe(400);
  });

  it('publishes revocations, key rotations and environment changes to gates on every instance', async () => {
    const stream = followChanges(`${peer.base}/internal/changes`);
    try {
      await stream.ready;
      const before = (await http('GET', `${cp.base}/internal/revocations`, { headers: { 'x-internal-token': INTERNAL_TOKEN } })).body;
      expect(before).toEqual({ now: expect.any(Number), revoked: [] });

      // Changes made on one instance reach a gate following the other.
      expect((await http('POST', api(`/accounts/${b.account.id}/tokens/${b.claims.jti}/revoke`), { token: admin })).status).toBe(204);
      const revocation = await waitFor('revocation event', async () => stream.events.find((e) => e.event === 'revocation'));
      expect(revocation.data).toEqual({ jti: b.claims.jti, revokedAt: expect.any(Number) });

      const created = await createApi(b, b.envId, { name: 'Live', contextPath: '/live', target: 'http://127.0.0.1:9/' });
      await lifecycle(b, b.envId, created.id, 'deploy');
      const change = await waitFor('environment event', async () => stream.events.find((e) => e.event === 'environment'));
      expect(change.data).toEqual({ environmentIds: [b.envId], at: expect.any(Number) });

      await http('POST', api('/admin/signing-keys/rotate'), { token: admin });
      await waitFor('keys event', async () => stream.events.find((e) => e.event === 'keys'));

      const all = (await http('GET', `${peer.base}/internal/revocations`, { headers: { 'x-internal-token': INTERNAL_TOKEN } })).body;
      expect(all.revoked).toEqual([{ jti: b.claims.jti, revokedAt: revocation.data.revokedAt }]);
      const since = (await http('GET', `${peer.base}/internal/revocations?since=${revocation.data.revokedAt + 1}`, { headers: { 'x-internal-token': INTERNAL_TOKEN } })).body;
      expect(since.revoked).toEqual([]);
      expect((await http('GET', `${peer.base}/internal/revocations?since=yesterday`, { headers: { 'x-internal-token': INTERNAL_TOKEN } })).status).toBe(400);
    } finally {
      stream.close();
    }
  });
});
