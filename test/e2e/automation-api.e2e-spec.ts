import 'reflect-metadata';
import { fetch } from 'undici';
import { AutomationOpenApi } from '../support/automation-oas';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { startEchoUpstream } from './gateway-helpers';
import { AutomationClient } from './automation.support';

interface Account {
  id: string;
  organizationId: string;
  environments: Array<{ id: string; name: string }>;
}
interface ApiState {
  id?: string;
  crossId?: string;
  hrid: string;
  name: string;
  organizationId: string;
  environmentId: string;
  plans: Array<{ hrid: string; id: string }>;
  errors: { severe: string[]; warning: string[] };
}
interface ApiView {
  id: string;
  hrid: string | null;
  name: string;
  contextPath: string;
  target: string;
  lifecycleState: string;
  deployed: boolean;
  plans: Array<{ id: string; hrid?: string; security: string }>;
  updatedAt: string;
}

const plan = (hrid: string, security: 'KEY_LESS' | 'API_KEY', extra: Record<string, unknown> = {}) => ({
  hrid,
  name: hrid,
  type: 'API',
  mode: 'STANDARD',
  validation: 'AUTO',
  status: 'PUBLISHED',
  security: { type: security },
  ...extra,
});

const apiSpec = (hrid: string, path: string, target: string, extra: Record<string, unknown> = {}) => ({
  hrid,
  name: `API ${hrid}`,
  version: '1.0',
  type: 'PROXY',
  lifecycleState: 'CREATED',
  state: 'STOPPED',
  listeners: [{ type: 'HTTP', paths: [{ path }], entrypoints: [{ type: 'http-proxy' }] }],
  endpointGroups: [{ name: 'default', type: 'http-proxy', endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target } }] }],
  plans: [plan('open', 'KEY_LESS')],
  ...extra,
});

/**
 * Gravitee's Automation API (SPEC §10) through a real Cloud Gate, the real control plane and
 * PostgreSQL, and a reference gateway: every request and answer is checked against the provider's
 * OpenAPI document (AutomationClient).
 */
describe('the Automation API through the Cloud Gate (e2e)', () => {
  let stack: Stack;
  let oas: AutomationOpenApi;
  let upstream: { url: string; stop: () => Promise<void> };
  let acme: Account;
  let other: Account;
  let staging: { id: string };
  /** Acme's automation token, for every environment. */
  let auto: AutomationClient;
  let gateway: { cloudToken: string; licenseKey: string };

  const issue = async (account: Account, body: object) => {
    const res = await stack.api<{ cloudToken: string; jti: string }>('POST', `/accounts/${account.id}/automation-tokens`, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const apisOf = async (account: Account, envId: string) => (await stack.api<ApiView[]>('GET', `/accounts/${account.id}/environments/${envId}/apis`)).body;

  beforeAll(async () => {
    oas = new AutomationOpenApi();
    upstream = await startEchoUpstream();
    stack = await startStack('automation', { worker: false });
    acme = (await stack.api<Account>('POST', '/accounts', { name: 'Acme', region: 'eu' })).body;
    staging = (await stack.api<{ id: string }>('POST', `/accounts/${acme.id}/environments`, { name: 'Staging' })).body;
    other = (await stack.api<Account>('POST', '/accounts', { name: 'Other', region: 'eu' })).body;
    auto = new AutomationClient(stack, oas, (await issue(acme, { name: 'terraform' })).cloudToken);
    const gw = await stack.api<{ id: string }>('POST', `/accounts/${acme.id}/gateways`, {
      name: 'edge',
      platform: 'docker',
      environmentId: acme.environments[0].id,
      accessPoints: ['gw.acme.example'],
    });
    gateway = (await stack.api<{ cloudToken: string; licenseKey: string }>('POST', `/accounts/${acme.id}/gateways/${gw.body.id}/installation-details`)).body;
  });

  afterAll(async () => {
    await stack?.stop();
    await upstream?.stop();
  });

  it('creates an API with PUT and answers its state; GET reads it back; it is the API the control-plane API shows', async () => {
    const spec = apiSpec('orders', '/orders', upstream.url, { plans: [plan('open', 'KEY_LESS'), plan('partners', 'API_KEY')] });
    const put = await auto.call<ApiState>('PUT', 'apis', { body: spec });
    expect(put.status).toBe(200);
    expect(put.contentType).toMatch(/^application\/json/);
    expect(put.body).toMatchObject({ ...spec, organizationId: acme.organizationId, environmentId: acme.environments[0].id, errors: { severe: [], warning: [] } });
    expect(put.body.id).toEqual(expect.any(String));
    expect(put.body.crossId).toEqual(expect.any(String));
    expect(put.body.plans.map((p) => p.hrid)).toEqual(['open', 'partners']);

    const get = await auto.call<ApiState>('GET', 'api', { params: { hrid: 'orders' } });
    expect(get.status).toBe(200);
    expect(get.body).toEqual(put.body);

    const [shown] = (await apisOf(acme, acme.environments[0].id)).filter((a) => a.hrid === 'orders');
    expect(shown).toMatchObject({ id: put.body.id, name: 'API orders', contextPath: '/orders', target: upstream.url, lifecycleState: 'STOPPED', deployed: false });
    expect(shown.plans.map((p) => [p.hrid, p.id, p.security])).toEqual(put.body.plans.map((p, i) => [p.hrid, p.id, i === 0 ? 'key-less' : 'api-key']));
  });

  it('updates on a second PUT of the same hrid rather than creating another API, keeping the ids', async () => {
    const first = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('billing', '/billing', upstream.url) });
    const second = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('billing', '/billing/v2', upstream.url, { name: 'Billing v2' }) });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.plans).toEqual(first.body.plans);
    const billing = (await apisOf(acme, acme.environments[0].id)).filter((a) => a.hrid === 'billing');
    expect(billing).toHaveLength(1);
    expect(billing[0]).toMatchObject({ id: first.body.id, name: 'Billing v2', contextPath: '/billing/v2' });
  });

  it('changes nothing on dryRun, and answers what would happen, severe errors included', async () => {
    const before = await apisOf(acme, acme.environments[0].id);
    const fresh = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('dry', '/dry', upstream.url), query: '?dryRun=true' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ hrid: 'dry', errors: { severe: [], warning: [] } });
    expect(fresh.body.id).toBeUndefined();
    expect((await auto.call('GET', 'api', { params: { hrid: 'dry' } })).status).toBe(404);

    const renamed = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('billing', '/elsewhere', upstream.url, { name: 'Renamed' }), query: '?dryRun=true' });
    expect(renamed.body).toMatchObject({ name: 'Renamed', id: before.find((a) => a.hrid === 'billing')?.id });

    const unsupported = apiSpec('queue', '/queue', upstream.url, { type: 'MESSAGE', state: 'STARTED' });
    const dry = await auto.call<ApiState>('PUT', 'apis', { body: unsupported, query: '?dryRun=true' });
    expect(dry.status).toBe(200);
    expect(dry.body.errors.severe).toContain('type MESSAGE is not supported: gateways of this control plane serve PROXY APIs only');
    const taken = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('squatter', '/orders', upstream.url), query: '?dryRun=true' });
    expect(taken.body.errors.severe).toEqual(['listeners: context path /orders is already served by another API of the environment']);

    expect(await apisOf(acme, acme.environments[0].id)).toEqual(before);
    // Without dryRun the same severe errors refuse the change.
    const refused = await auto.call<{ statusCode: number; code: string; message: string }>('PUT', 'apis', { body: unsupported });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('type MESSAGE is not supported');
    expect(await apisOf(acme, acme.environments[0].id)).toEqual(before);
  });

  it('warns about what it stores but gateways will not do', async () => {
    const put = await auto.call<ApiState>('PUT', 'apis', {
      body: apiSpec('tagged', '/tagged', upstream.url, { tags: ['europe'], resources: [{ name: 'cache', type: 'cache', configuration: {} }] }),
    });
    expect(put.status).toBe(200);
    expect(put.body.errors.warning).toEqual([
      'tags: sharding tags are not supported; every gateway of the environment serves the API',
      'resources: stored, not supported by this control plane',
    ]);
  });

  it('refuses bodies and parameters the document refuses with a 4xx JSON error', async () => {
    const { lifecycleState: _dropped, ...noLifecycle } = apiSpec('broken', '/broken', upstream.url);
    for (const body of [noLifecycle, { ...noLifecycle, lifecycleState: 'CREATED', hrid: '-' }, { ...noLifecycle, lifecycleState: 'CREATED', listeners: [] }]) {
      expect(oas.operation('PUT', '/organizations/{orgId}/environments/{envId}/apis').request(body)).not.toEqual([]);
      const res = await auto.call<{ statusCode: number; error: string; code: string; message: string }>('PUT', 'apis', { body, raw: true });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'BODY_INVALID' });
    }
    expect((await auto.call('PUT', 'apis', { body: '{"hrid":', raw: true })).status).toBe(400);
    expect((await auto.call('PUT', 'apis', { body: apiSpec('probe', '/probe', upstream.url), query: '?dryRun=maybe' })).status).toBe(400);
    expect((await auto.call('GET', 'api', { params: { hrid: 'orders' }, query: '?hridContainsUUID=true' })).status).toBe(400);
    const nul = await auto.call<{ message: string }>('PUT', 'apis', { body: apiSpec('nul_api', '/nul', upstream.url, { name: 'a\u0000b' }) });
    expect([nul.status, nul.body.message]).toEqual([400, 'strings must not hold NUL characters (at /name)']);
    // SPEC §9: a NUL in a path parameter is refused like one in a body, before any route reads it.
    expect((await auto.call('GET', 'api', { params: { hrid: 'bad\u0000hrid' } })).status).toBe(400);
    expect((await auto.call('GET', 'api', { params: { hrid: 'x'.repeat(300) } })).status).toBe(404);
    expect((await auto.call('GET', 'api', { params: { hrid: 'nothing-here' } })).status).toBe(404);
    expect((await auto.call('DELETE', 'api', { params: { hrid: 'nothing-here' } })).status).toBe(404);
    const groups = await fetch(`${auto.baseUrl}/organizations/${auto.org}/environments/${auto.envs[0]}/groups/devs`, {
      dispatcher: stack.gateAgent,
      headers: { authorization: `Bearer ${auto.token}` },
    });
    expect(groups.status).toBe(404);
    expect(((await groups.json()) as { message: string }).message).toMatch(/groups are not served/);
  });

  it('takes a declaration of several hundred kilobytes (an inline documentation page), and answers 413 past 1 MiB', async () => {
    const page = (size: number) => [{ hrid: 'home', name: 'Home', type: 'MARKDOWN', visibility: 'PUBLIC', content: '#'.repeat(size) }];
    const big = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('documented', '/documented', upstream.url, { pages: page(600_000) }) });
    expect(big.status).toBe(200);
    expect(big.body.errors.warning).toEqual(['pages: stored, not supported by this control plane']);
    const tooBig = await auto.call<{ code: string }>('PUT', 'apis', { body: apiSpec('oversized', '/oversized', upstream.url, { pages: page(1_100_000) }) });
    expect([tooBig.status, tooBig.body.code]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it("serves only the token's organization and environments (403), and only to the automation scope", async () => {
    const narrow = new AutomationClient(stack, oas, (await issue(acme, { name: 'staging-only', environmentIds: [staging.id] })).cloudToken);
    const stagingPut = await narrow.call<ApiState>('PUT', 'apis', { body: apiSpec('stage-api', '/stage', upstream.url) });
    expect(stagingPut.status).toBe(200);
    expect(stagingPut.body.environmentId).toBe(staging.id);

    const forbidden = [
      await narrow.call('GET', 'api', { params: { envId: acme.environments[0].id, hrid: 'orders' } }),
      await auto.call('GET', 'api', { params: { orgId: other.organizationId, envId: other.environments[0].id, hrid: 'orders' } }),
      await auto.call('PUT', 'apis', { params: { envId: other.environments[0].id }, body: apiSpec('intruder', '/intruder', upstream.url) }),
    ];
    expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403]);

    // Another account's token, in its own organization, does not find Acme's API.
    const theirs = new AutomationClient(stack, oas, (await issue(other, { name: 'theirs' })).cloudToken);
    expect((await theirs.call('GET', 'api', { params: { hrid: 'orders' } })).status).toBe(404);
    expect((await theirs.call('GET', 'api', { params: { orgId: acme.organizationId, envId: acme.environments[0].id, hrid: 'orders' } })).status).toBe(403);

    // A gateway installation's token has no automation scope; an automation token no sync scope.
    const asGateway = new AutomationClient(stack, oas, gateway.cloudToken);
    const scoped = await asGateway.call<{ code: string }>('GET', 'api', { params: { hrid: 'orders' } });
    expect([scoped.status, scoped.body.code]).toEqual([403, 'SCOPE_MISSING']);
    const sync = await fetch(`${stack.gateUrls.eu}/sync/_bridge`, { dispatcher: stack.gateAgent, headers: { authorization: `Bearer ${auto.token}` } });
    expect(sync.status).toBe(403);
    const anonymous = await fetch(`${auto.baseUrl}${auto.path('api', { hrid: 'orders' })}`, { dispatcher: stack.gateAgent });
    expect(anonymous.status).toBe(401);

    // A token of a US account at the EU gate is sent to its own gate (421), still in the document's error shape.
    const us = (await stack.api<Account>('POST', '/accounts', { name: 'Yankee', region: 'us' })).body;
    const usToken = new AutomationClient(stack, oas, (await issue(us, { name: 'us' })).cloudToken);
    const misdirected = await fetch(`${stack.gateUrls.eu}/apim/automation${usToken.path('api', { hrid: 'orders' })}`, {
      dispatcher: stack.gateAgent,
      headers: { authorization: `Bearer ${usToken.token}` },
    });
    const answer = (await misdirected.json()) as { message: string };
    expect(misdirected.status).toBe(421);
    expect(answer.message).toContain(stack.gateUrls.us);
    expect(oas.operation('GET', '/organizations/{orgId}/environments/{envId}/apis/{hrid}').response(421, answer)).toEqual([]);
    expect((await usToken.call('GET', 'api', { params: { hrid: 'orders' } })).status).toBe(404);
  });

  it('deploys an API put STARTED to the gateways, which serve it; a delete undeploys it (404 there)', async () => {
    const gw = await stack.startGateway(gateway.cloudToken, gateway.licenseKey);
    const put = await auto.call<ApiState>('PUT', 'apis', { body: apiSpec('live', '/live', upstream.url, { state: 'STARTED' }) });
    expect(put.status).toBe(200);
    const served = await waitFor('the started API to be served', async () => {
      const res = await fetch(`${gw.trafficUrl}/live/hello?x=1`);
      return res.status === 200 ? ((await res.json()) as { url: string }) : undefined;
    });
    expect(served.url).toBe('/hello?x=1');
    expect((await apisOf(acme, acme.environments[0].id)).find((a) => a.hrid === 'live')).toMatchObject({ lifecycleState: 'STARTED', deployed: true });

    // STOPPED: no longer served; STARTED again: served again.
    await auto.call('PUT', 'apis', { body: apiSpec('live', '/live', upstream.url, { state: 'STOPPED' }) });
    await waitFor('the stopped API to be gone', async () => (await fetch(`${gw.trafficUrl}/live/hello`)).status === 404);
    await auto.call('PUT', 'apis', { body: apiSpec('live', '/live', upstream.url, { state: 'STARTED' }) });
    await waitFor('the restarted API to be served', async () => (await fetch(`${gw.trafficUrl}/live/hello`)).status === 200);

    const deleted = await auto.call('DELETE', 'api', { params: { hrid: 'live' } });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    await waitFor('the deleted API to be gone from the gateway', async () => (await fetch(`${gw.trafficUrl}/live/hello`)).status === 404);
    expect((await auto.call('GET', 'api', { params: { hrid: 'live' } })).status).toBe(404);
    expect((await apisOf(acme, acme.environments[0].id)).some((a) => a.hrid === 'live')).toBe(false);
    await gw.app.stop();
  });

  it('manages applications and their subscriptions, whose API keys the gateways accept until they are revoked', async () => {
    const gw = await stack.startGateway(gateway.cloudToken, gateway.licenseKey);
    const api = apiSpec('keyed', '/keyed', upstream.url, { state: 'STARTED', plans: [plan('open', 'KEY_LESS', { status: 'STAGING' }), plan('keys', 'API_KEY')] });
    const putApi = await auto.call<ApiState>('PUT', 'apis', { body: api });
    expect(putApi.body.errors.warning).toEqual(['plan open: status STAGING, so gateways do not serve it']);

    const app = { hrid: 'mobile_app', name: 'Mobile app', description: 'The iOS and Android apps', settings: { app: { type: 'mobile', clientId: 'mobile' } } };
    const putApp = await auto.call<Record<string, unknown>>('PUT', 'applications', { body: app });
    expect(putApp.status).toBe(200);
    expect(putApp.body).toMatchObject({ ...app, id: expect.any(String), organizationId: acme.organizationId, environmentId: acme.environments[0].id, errors: { severe: [], warning: [] } });
    expect((await auto.call('GET', 'application', { params: { hrid: 'mobile_app' } })).body).toEqual(putApp.body);
    const listed = await stack.api<Array<{ id: string; hrid: string }>>('GET', `/accounts/${acme.id}/environments/${acme.environments[0].id}/applications`);
    expect(listed.body).toEqual([expect.objectContaining({ id: putApp.body.id, hrid: 'mobile_app', name: 'Mobile app' })]);
    const dryApp = await auto.call<Record<string, unknown>>('PUT', 'applications', { body: { ...app, name: 'Renamed' }, query: '?dryRun=true' });
    expect(dryApp.body).toMatchObject({ name: 'Renamed', id: putApp.body.id });
    expect((await auto.call<Record<string, unknown>>('GET', 'application', { params: { hrid: 'mobile_app' } })).body.name).toBe('Mobile app');

    const sub = { hrid: 'mobile_keys', applicationHrid: 'mobile_app', planHrid: 'keys', apiKeys: [{ key: 'mobile-key-0001' }] };
    const putSub = await auto.call<Record<string, unknown>>('PUT', 'subscriptions', { params: { apiHrid: 'keyed' }, body: sub });
    expect(putSub.status).toBe(200);
    expect(putSub.body).toMatchObject({ hrid: 'mobile_keys', applicationHrid: 'mobile_app', planHrid: 'keys', apiHrid: 'keyed', id: expect.any(String), startingAt: expect.any(String) });
    expect(putSub.body).not.toHaveProperty('apiKeys');
    expect((await auto.call('GET', 'subscription', { params: { apiHrid: 'keyed', hrid: 'mobile_keys' } })).body).toEqual(putSub.body);

    const withKey = (key?: string) => fetch(`${gw.trafficUrl}/keyed/x`, { headers: key ? { 'x-gravitee-api-key': key } : {} });
    await waitFor('the declared key to be accepted', async () => (await withKey('mobile-key-0001')).status === 200);
    expect((await withKey()).status).toBe(401);

    // The second PUT rotates the key: the new one is accepted, the old one refused; same subscription.
    const rotated = await auto.call<Record<string, unknown>>('PUT', 'subscriptions', { params: { apiHrid: 'keyed' }, body: { ...sub, apiKeys: [{ key: 'mobile-key-0002' }] } });
    expect(rotated.body.id).toBe(putSub.body.id);
    await waitFor('the new key to be accepted', async () => (await withKey('mobile-key-0002')).status === 200);
    await waitFor('the old key to be refused', async () => (await withKey('mobile-key-0001')).status === 401);

    // What cannot be subscribed is severe: a key-less plan, an unknown application.
    for (const body of [
      { ...sub, hrid: 'open_sub', planHrid: 'open' },
      { ...sub, hrid: 'ghost_sub', applicationHrid: 'ghost' },
    ]) {
      const dry = await auto.call<{ errors: { severe: string[] } }>('PUT', 'subscriptions', { params: { apiHrid: 'keyed' }, body, query: '?dryRun=true' });
      expect(dry.body.errors.severe).toHaveLength(1);
      expect((await auto.call('PUT', 'subscriptions', { params: { apiHrid: 'keyed' }, body })).status).toBe(400);
    }
    expect((await auto.call('PUT', 'subscriptions', { params: { apiHrid: 'no-such-api' }, body: sub })).status).toBe(404);

    // Deleting the subscription revokes its key; deleting the application closes what it still had.
    expect((await auto.call('DELETE', 'subscription', { params: { apiHrid: 'keyed', hrid: 'mobile_keys' } })).status).toBe(204);
    await waitFor('the key of the deleted subscription to be refused', async () => (await withKey('mobile-key-0002')).status === 401);
    expect((await auto.call('GET', 'subscription', { params: { apiHrid: 'keyed', hrid: 'mobile_keys' } })).status).toBe(404);
    await auto.call('PUT', 'subscriptions', { params: { apiHrid: 'keyed' }, body: { ...sub, apiKeys: [{ key: 'mobile-key-0003' }] } });
    await waitFor('the re-declared subscription to be accepted', async () => (await withKey('mobile-key-0003')).status === 200);
    expect((await auto.call('DELETE', 'application', { params: { hrid: 'mobile_app' } })).status).toBe(204);
    await waitFor("the deleted application's key to be refused", async () => (await withKey('mobile-key-0003')).status === 401);
    expect((await auto.call('GET', 'application', { params: { hrid: 'mobile_app' } })).status).toBe(404);
    await gw.app.stop();

    // An environment an application lives in is in use, like one with an API.
    const sandbox = (await stack.api<{ id: string }>('POST', `/accounts/${acme.id}/environments`, { name: 'Sandbox' })).body;
    const inSandbox = new AutomationClient(stack, oas, (await issue(acme, { name: 'sandbox', environmentIds: [sandbox.id] })).cloudToken);
    expect((await inSandbox.call('PUT', 'applications', { body: { ...app, hrid: 'sandbox_app' } })).status).toBe(200);
    const inUse = await stack.api<{ message: string }>('DELETE', `/accounts/${acme.id}/environments/${sandbox.id}`);
    expect([inUse.status, inUse.body.message]).toEqual([409, 'environment "Sandbox" is used by 1 application; delete them first']);
    expect((await inSandbox.call('DELETE', 'application', { params: { hrid: 'sandbox_app' } })).status).toBe(204);
    expect((await stack.api('DELETE', `/accounts/${acme.id}/environments/${sandbox.id}`)).status).toBe(204);
  });

  it('stops accepting a revoked automation token at the gate', async () => {
    const { cloudToken, jti } = await issue(acme, { name: 'short-lived' });
    const client = new AutomationClient(stack, oas, cloudToken);
    expect((await client.call('GET', 'api', { params: { hrid: 'orders' } })).status).toBe(200);
    expect((await stack.api('POST', `/accounts/${acme.id}/tokens/${jti}/revoke`)).status).toBe(204);
    const refused = await waitFor('the gate to refuse the revoked token', async () => {
      const res = await client.call<{ code: string }>('GET', 'api', { params: { hrid: 'orders' } });
      return res.status === 401 ? res.body : undefined;
    });
    expect(refused.code).toBe('TOKEN_REVOKED');
  });
});
