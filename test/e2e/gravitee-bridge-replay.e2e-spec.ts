import 'reflect-metadata';
import { request } from 'undici';
import { Stack, startStack } from '../support/stack';
import {
  Codec,
  RecordedRequest,
  assertModel,
  basicAuthorization,
  completeTruncated,
  decodeAsClient,
  latestRecordedTime,
  recordedLines,
  shiftTimes,
} from './gravitee-client.support';

/** Ids of the throw-away account the recording was made with. */
const RECORDED = {
  environment: '5cb002c1-3c40-4432-9de8-71a0c82b74ca',
  keylessPlan: '4e17c960-7ce8-4632-8f12-efe05c1052f5',
  apiKeyPlan: 'fc872bc2-6a99-43c1-a5df-99eed582c628',
  subscription: '4fcfa043-6031-43e7-b1c1-3a0caf7e1340',
  /** The node that sent GATEWAY_STARTED (event e46d9173-...) and its first NODE_INFOS. */
  node: '20b34a0b-e9ee-49b6-b34a-0be9ee39b68d',
  heartbeatEvent: 'e46d9173-5554-4a23-ad91-735554da23a1',
};

/** How the client's repository for each route decodes the answer (Http*Repository at 7641129e5d4). */
function codecOf(method: string, path: string): Codec {
  const route = `${method} ${path.replace(/^\/sync\/_bridge/, '').split('?')[0]}`;
  if (route === 'GET ' || route === 'GET /') return { kind: 'json', model: 'Version' };
  if (route === 'GET /installation') return { kind: 'optional', model: 'Installation' };
  if (route === 'GET /environments' || route === 'GET /environments/_byOrganizationsAndHrids') return { kind: 'list', model: 'Environment' };
  if (route.startsWith('GET /environments/')) return { kind: 'optional', model: 'Environment' };
  if (route === 'GET /organizations' || route === 'GET /organizations/_byHrids') return { kind: 'list', model: 'Organization' };
  if (route.startsWith('GET /organizations/')) return { kind: 'optional', model: 'Organization' };
  if (route === 'POST /events/_createOrPatch') return { kind: 'json', model: 'Event' };
  if (route === 'POST /eventsLatest/_search') return { kind: 'list', model: 'Event' };
  if (route === 'POST /events/_search') return path.includes('page=') ? { kind: 'page', model: 'Event' } : { kind: 'list', model: 'Event' };
  if (route.endsWith('/node/monitoring')) return { kind: 'json', model: 'Monitoring' };
  if (route === 'POST /plans/' || route === 'POST /plans' || /^GET \/apis\/[^/]+\/plans$/.test(route)) return { kind: 'list', model: 'Plan' };
  if (route === 'GET /apis') return { kind: 'list', model: 'Api' };
  if (route.startsWith('GET /apis/')) return { kind: 'optional', model: 'Api' };
  if (route === 'POST /subscriptions/_search') return { kind: 'list', model: 'Subscription' };
  if (route === 'POST /keys/_findByCriteria' || route === 'POST /keys/_search') return { kind: 'list', model: 'ApiKey' };
  if (route === 'GET /dictionaries') return { kind: 'list', model: 'Dictionary' };
  throw new Error(`no codec for ${route}`);
}

interface Answer {
  status: number;
  text: string;
  decoded: unknown;
}

/**
 * Gravitee's 4.1.0 gateway, as recorded against our gate (test/fixtures/gravitee-4.1/bridge-requests.ndjson),
 * replayed against a real Cloud Gate, control plane and PostgreSQL with a fresh account's ids: every answer
 * must be what its bridge client decodes, as its code decodes it.
 */
describe('Gravitee 4.1 bridge client, replayed', () => {
  let stack: Stack;
  let accountId: string;
  let organizationId: string;
  let environmentId: string;
  let apiId: string;
  let plans: { keyless: string; apiKey: string };
  let subscriptionId: string;
  let apiKey: string;
  let authorization: string;
  let gatewayId: string;

  const send = async (method: string, path: string, body?: unknown, auth = authorization): Promise<{ status: number; text: string }> => {
    const res = await request(`${stack.gateUrls.eu}${path}`, {
      method: method as 'GET',
      headers: { authorization: auth, 'user-agent': 'gio-client-bridge/4.1.0', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      dispatcher: stack.gateAgent,
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  /** One call as the client makes it, its answer decoded as the client decodes it. */
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const { status, text } = await send(method, path, body);
    return { status, text, decoded: decodeAsClient(status, text, codecOf(method, path)) };
  };

  beforeAll(async () => {
    stack = await startStack('gravitee_replay', { worker: false });
    const account = await stack.api<{ id: string; organizationId: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Replay Corp', region: 'eu' });
    accountId = account.body.id;
    organizationId = account.body.organizationId;
    environmentId = account.body.environments[0].id;
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${accountId}/gateways`, { name: 'gravitee-4-1', platform: 'linux', environmentId, accessPoints: ['gw.replay.example'] });
    gatewayId = gateway.body.id;
    const details = await stack.api<{ cloudToken: string }>('POST', `/accounts/${accountId}/gateways/${gatewayId}/installation-details`);
    authorization = basicAuthorization(details.body.cloudToken);
    const api = await stack.api<{ id: string; plans: Array<{ id: string; security: string }> }>('POST', `/accounts/${accountId}/environments/${environmentId}/apis`, {
      name: 'Echo',
      contextPath: '/fid-echo',
      target: 'http://127.0.0.1:18999/echo',
      plans: [
        { name: 'Open', security: 'key-less' },
        { name: 'Keys', security: 'api-key' },
      ],
    });
    apiId = api.body.id;
    plans = { keyless: api.body.plans[0].id, apiKey: api.body.plans[1].id };
    const subscription = await stack.api<{ subscriptionId: string; apiKey: string }>(
      'POST',
      `/accounts/${accountId}/environments/${environmentId}/apis/${apiId}/plans/${plans.apiKey}/subscriptions`,
    );
    subscriptionId = subscription.body.subscriptionId;
    apiKey = subscription.body.apiKey;
    expect((await stack.api('POST', `/accounts/${accountId}/environments/${environmentId}/apis/${apiId}/deploy`)).status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers every recorded request with what the client decodes, and never with a 4xx Gravitee’s server would not give', async () => {
    const recorded = recordedLines<RecordedRequest>('bridge-requests.ndjson');
    // The recording's clock, moved so that its last request is 10 minutes from now: every window it asked for
    // then lies in the next minutes, and the first sync's `to` covers what this account just deployed.
    const delta = Date.now() + 600_000 - latestRecordedTime(recorded.map((r) => completeTruncated(r.body)));
    const ids: Array<[string, string]> = [
      [RECORDED.environment, environmentId],
      [RECORDED.keylessPlan, plans.keyless],
      [RECORDED.apiKeyPlan, plans.apiKey],
      [RECORDED.subscription, subscriptionId],
    ];
    const mapIds = (text: string) => ids.reduce((t, [from, to]) => t.split(from).join(to), text);

    const answers: Array<{ request: RecordedRequest; answer: Answer }> = [];
    for (const line of recorded) {
      expect(line.auth).toBe('Basic');
      const mapped = JSON.parse(mapIds(JSON.stringify(line))) as RecordedRequest;
      const body = mapped.body === null ? undefined : shiftTimes(completeTruncated(mapped.body), delta);
      const answer = await call(mapped.method, mapped.url, body);
      answers.push({ request: mapped, answer });
    }
    const of = (method: string, pathStart: string, nth = 0) => answers.filter((a) => a.request.method === method && a.request.url.startsWith(pathStart))[nth]?.answer;

    // The one 404 Gravitee's own server gives too: no NODE_INFOS of that node yet, an empty body.
    const refused = answers.filter((a) => a.answer.status >= 400);
    expect(refused.map((a) => `${a.request.method} ${a.request.url} -> ${a.answer.status}`)).toEqual([
      `GET /sync/_bridge/node/monitoring?nodeId=${RECORDED.node}&type=NODE_INFOS -> 404`,
    ]);
    expect(refused[0].answer.text).toBe('');

    // Start-up: the installation, then the token's environments, by hrids (empty: all) and as a whole.
    expect(of('GET', '/sync/_bridge/environments/_byOrganizationsAndHrids')!.decoded).toEqual([
      expect.objectContaining({ id: environmentId, organizationId, hrids: ['default'] }),
    ]);
    expect(of('GET', `/sync/_bridge/environments/${environmentId}`)!.decoded).toMatchObject({ id: environmentId, organizationId });

    // The first sync (`from: -30001`) finds the deployed API, with a payload the 4.1 gateway deploys.
    const [apiEvent] = of('POST', '/sync/_bridge/eventsLatest/_search?group=API_ID')!.decoded as Array<{ id: string; type: string; payload: string; properties: Record<string, string> }>;
    expect(apiEvent).toMatchObject({ id: apiId, type: 'PUBLISH_API', properties: { api_id: apiId } });
    const record = JSON.parse(apiEvent.payload) as { definition: string; environmentId: string };
    assertModel('Api', record);
    expect(record.environmentId).toBe(environmentId);
    assertModel('ApiDefinitionV4', JSON.parse(record.definition));

    // Its subscriptions and keys, with the criteria the client sends.
    expect(of('POST', '/sync/_bridge/subscriptions/_search')!.decoded).toEqual([expect.objectContaining({ id: subscriptionId, api: apiId, plan: plans.apiKey, status: 'ACCEPTED' })]);
    expect(of('POST', '/sync/_bridge/keys/_findByCriteria')!.decoded).toEqual([expect.objectContaining({ key: apiKey, subscriptions: [subscriptionId], revoked: false })]);
    expect(of('POST', '/sync/_bridge/plans/')!.decoded).toEqual([]);

    // Heartbeats: the first event whole, then a patch with `payload: null` answered with the stored event.
    const started = of('POST', '/sync/_bridge/events/_createOrPatch', 0)!.decoded as { id: string; payload: string };
    const patched = of('POST', '/sync/_bridge/events/_createOrPatch', 1)!.decoded as { id: string; type: string; payload: string; properties: Record<string, string> };
    expect(started.id).toBe(RECORDED.heartbeatEvent);
    expect(patched).toMatchObject({ id: RECORDED.heartbeatEvent, type: 'GATEWAY_STARTED', payload: started.payload, properties: { cluster_primary_node: 'true', last_heartbeat_at: expect.any(String) } });
    expect(JSON.parse(patched.payload)).toMatchObject({ id: RECORDED.node, version: expect.stringMatching(/^4\.1\.0/) });

    // Node monitoring: created, then updated (`id: null`) as the same record.
    const created = of('POST', '/sync/_bridge/node/monitoring', 0)!.decoded as { id: string; type: string };
    const updated = of('PUT', '/sync/_bridge/node/monitoring', 0)!.decoded as { id: string; type: string; payload: string };
    expect(created.type).toBe('NODE_INFOS');
    expect(updated).toMatchObject({ id: created.id, type: 'NODE_INFOS' });
    expect(JSON.parse(updated.payload)).toMatchObject({ status: 'STOPPED' });
    expect((await call('GET', `/sync/_bridge/node/monitoring?nodeId=${RECORDED.node}&type=NODE_INFOS`)).decoded).toMatchObject({ id: created.id, nodeId: RECORDED.node });

    // What the user sees: one instance of that node, with its version and hostname.
    const listed = await stack.api<Array<{ id: string; status: string; instances: Array<Record<string, unknown>> }>>('GET', `/accounts/${accountId}/gateways`);
    const gateway = listed.body.find((g) => g.id === gatewayId)!;
    expect(gateway.status).toBe('connected');
    expect(gateway.instances).toEqual([
      expect.objectContaining({ nodeId: RECORDED.node, status: 'connected', hostname: 'vm', version: expect.stringMatching(/^4\.1\.0/), jvm: expect.stringContaining('OpenJDK') }),
    ]);
    expect((gateway.instances[0].plugins as Array<{ id: string }>).map((p) => p.id)).toContain('key-less');
  });

  it('answers the client’s other routes in its models, and a missing entity with an empty 404', async () => {
    expect((await call('GET', '/sync/_bridge/apis')).decoded).toEqual([expect.objectContaining({ id: apiId, definitionVersion: '4.0.0', environmentId })]);
    expect((await call('GET', '/sync/_bridge/apis?excludeDefinition=true&excludePicture=true')).decoded).toEqual([expect.not.objectContaining({ definition: expect.anything() })]);
    expect((await call('GET', `/sync/_bridge/apis/${apiId}`)).decoded).toMatchObject({ id: apiId, lifecycleState: 'STARTED' });
    const apiPlans = (await call('GET', `/sync/_bridge/apis/${apiId}/plans`)).decoded as Array<{ id: string; security: string }>;
    expect(apiPlans.map((p) => [p.id, p.security])).toEqual([
      [plans.keyless, 'KEY_LESS'],
      [plans.apiKey, 'API_KEY'],
    ]);
    expect((await call('POST', '/sync/_bridge/plans/', [apiId, 'not-an-api'])).decoded).toHaveLength(2);
    expect((await call('GET', `/sync/_bridge/organizations/${organizationId}`)).decoded).toMatchObject({ id: organizationId, name: 'Replay Corp', hrids: ['replay-corp'] });
    expect((await call('GET', '/sync/_bridge/organizations/_byHrids?hrids=replay-corp')).decoded).toEqual([expect.objectContaining({ id: organizationId })]);
    expect((await call('GET', '/sync/_bridge/organizations/_byHrids?hrids=someone-else')).decoded).toEqual([]);
    expect((await call('GET', `/sync/_bridge/environments/_byOrganizationsAndHrids?organizationsIds=${organizationId}&hrids=default`)).decoded).toEqual([
      expect.objectContaining({ id: environmentId }),
    ]);
    expect((await call('GET', '/sync/_bridge/environments/_byOrganizationsAndHrids?organizationsIds=&hrids=production')).decoded).toEqual([]);
    expect((await call('GET', '/sync/_bridge/dictionaries')).decoded).toEqual([]);
    expect((await call('POST', '/sync/_bridge/keys/_search', { includeRevoked: false })).decoded).toEqual([
      expect.objectContaining({ key: apiKey, subscription: subscriptionId, plan: plans.apiKey, api: apiId }),
    ]);
    expect((await call('POST', '/sync/_bridge/events/_search?page=0&size=10', { types: ['PUBLISH_API'], from: -1, to: -1 })).decoded).toMatchObject({ totalElements: 1 });

    for (const path of [`/sync/_bridge/environments/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, '/sync/_bridge/organizations/other-org', '/sync/_bridge/apis/nope']) {
      const missing = await call('GET', path);
      expect({ path, status: missing.status, text: missing.text, decoded: missing.decoded }).toEqual({ path, status: 404, text: '', decoded: null });
    }
  });

  it('keeps another account’s bridge apart, over Basic credentials too', async () => {
    const other = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Other', region: 'eu' });
    const gw = await stack.api<{ id: string }>('POST', `/accounts/${other.body.id}/gateways`, { name: 'o', platform: 'docker', environmentId: other.body.environments[0].id, accessPoints: [] });
    const token = (await stack.api<{ cloudToken: string }>('POST', `/accounts/${other.body.id}/gateways/${gw.body.id}/installation-details`)).body.cloudToken;
    const theirs = basicAuthorization(token, 'someone');
    expect(JSON.parse((await send('GET', '/sync/_bridge/apis', undefined, theirs)).text)).toEqual([]);
    expect((await send('GET', `/sync/_bridge/environments/${environmentId}`, undefined, theirs)).status).toBe(404);
    expect((await send('GET', `/sync/_bridge/apis/${apiId}`, undefined, theirs)).status).toBe(404);
    expect(JSON.parse((await send('POST', '/sync/_bridge/plans', [apiId], theirs)).text)).toEqual([]);
    expect(JSON.parse((await send('POST', '/sync/_bridge/keys/_findByCriteria', { subscriptions: [subscriptionId] }, theirs)).text)).toEqual([]);
    expect((await send('GET', `/sync/_bridge/node/monitoring?nodeId=${RECORDED.node}&type=NODE_INFOS`, undefined, theirs)).status).toBe(404);
  });
});
