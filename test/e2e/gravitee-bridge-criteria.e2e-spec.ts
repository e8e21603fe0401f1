import 'reflect-metadata';
import { request } from 'undici';
import { Stack, startStack } from '../support/stack';
import { basicAuthorization, decodeAsClient } from './gravitee-client.support';

interface Subscription {
  id: string;
  api: string;
  plan: string;
  status: string;
}
interface ApiKey {
  id: string;
  key: string;
  subscriptions: string[];
  revoked: boolean;
}

/** A gateway of one environment: its Basic credentials and what was created there. */
interface Installation {
  authorization: string;
  apiId: string;
  planIds: { keyless?: string; apiKey: string };
  subscriptions: Array<{ id: string; apiKey: string }>;
}

/**
 * The criteria Gravitee's 4.1 gateway sends for subscriptions and API keys (its SubscriptionAppender,
 * SubscriptionFetcher, ApiKeyAppender and ApiKeyFetcher, with the client's `?order=ASC&field=updatedAt`),
 * against two environments of one account and a second account: each selects exactly the records
 * Gravitee's own repositories would, and only the token's.
 */
describe('Gravitee 4.1 key and subscription criteria', () => {
  let stack: Stack;
  let a1: Installation;
  let a2: Installation;
  let b1: Installation;
  let startedAt: number;

  async function installation(accountId: string, environmentId: string, name: string, withKeyless: boolean, subscriptions: number): Promise<Installation> {
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${accountId}/gateways`, { name, platform: 'linux', environmentId, accessPoints: [] });
    const token = (await stack.api<{ cloudToken: string }>('POST', `/accounts/${accountId}/gateways/${gateway.body.id}/installation-details`)).body.cloudToken;
    const api = await stack.api<{ id: string; plans: Array<{ id: string; security: string }> }>('POST', `/accounts/${accountId}/environments/${environmentId}/apis`, {
      name,
      contextPath: `/${name}`,
      target: 'http://127.0.0.1:9/',
      plans: [...(withKeyless ? [{ name: 'Open', security: 'key-less' }] : []), { name: 'Keys', security: 'api-key' }],
    });
    const apiKeyPlan = api.body.plans.find((p) => p.security === 'api-key')!.id;
    const created: Installation['subscriptions'] = [];
    for (let i = 0; i < subscriptions; i++) {
      const s = await stack.api<{ subscriptionId: string; apiKey: string }>('POST', `/accounts/${accountId}/environments/${environmentId}/apis/${api.body.id}/plans/${apiKeyPlan}/subscriptions`);
      created.push({ id: s.body.subscriptionId, apiKey: s.body.apiKey });
    }
    return {
      authorization: basicAuthorization(token),
      apiId: api.body.id,
      planIds: { keyless: api.body.plans.find((p) => p.security === 'key-less')?.id, apiKey: apiKeyPlan },
      subscriptions: created,
    };
  }

  const search = async <T>(gateway: Installation, path: string, body: unknown): Promise<T[]> => {
    const res = await request(`${stack.gateUrls.eu}/sync/_bridge/${path}`, {
      method: 'POST',
      headers: { authorization: gateway.authorization, 'content-type': 'application/json', 'user-agent': 'gio-client-bridge/4.1.0' },
      body: JSON.stringify(body),
      dispatcher: stack.gateAgent,
    });
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    return decodeAsClient(res.statusCode, text, { kind: 'list', model: path.startsWith('keys') ? 'ApiKey' : 'Subscription' }) as T[];
  };
  const subscriptions = (gateway: Installation, criteria: object, sort = 'order=ASC&field=updatedAt') =>
    search<Subscription>(gateway, `subscriptions/_search?${sort}`, { ...SUBSCRIPTION_CRITERIA, ...criteria });
  const keys = (gateway: Installation, criteria: object) => search<ApiKey>(gateway, 'keys/_findByCriteria?order=ASC&field=updatedAt', { ...KEY_CRITERIA, ...criteria });
  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();
  const keysOf = (rows: ApiKey[]) => rows.map((k) => k.key).sort();

  /** Every field the client serializes, unset as it sends them (null lists, -1 times). */
  const SUBSCRIPTION_CRITERIA = {
    ids: null,
    excludedApis: null,
    apis: null,
    plans: null,
    statuses: null,
    applications: null,
    planSecurityTypes: null,
    from: -1,
    to: -1,
    endingAtAfter: -1,
    endingAtBefore: -1,
    includeWithoutEnd: false,
    clientId: null,
  };
  const KEY_CRITERIA = { subscriptions: null, from: -1, to: -1, includeRevoked: false, expireAfter: -1, expireBefore: -1, includeWithoutExpiration: false };
  const INCREMENTAL_STATUSES = ['ACCEPTED', 'CLOSED', 'PAUSED', 'PENDING'];

  beforeAll(async () => {
    stack = await startStack('gravitee_criteria', { worker: false });
    startedAt = Date.now();
    const a = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Alpha', region: 'eu' });
    const a2Env = await stack.api<{ id: string }>('POST', `/accounts/${a.body.id}/environments`, { name: 'Staging' });
    const b = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Beta', region: 'eu' });
    a1 = await installation(a.body.id, a.body.environments[0].id, 'alpha-prod', true, 2);
    a2 = await installation(a.body.id, a2Env.body.id, 'alpha-staging', false, 1);
    b1 = await installation(b.body.id, b.body.environments[0].id, 'beta', true, 1);
    // The second subscription of a1 closed: its key is revoked with it.
    const closed = await stack.api('DELETE', `/accounts/${a.body.id}/environments/${a.body.environments[0].id}/apis/${a1.apiId}/subscriptions/${a1.subscriptions[1].id}`);
    expect(closed.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('initial sync of an API’s subscriptions: its plans, ACCEPTED, ending after now or never', async () => {
    const initial = (gw: Installation, plans: string[]) => subscriptions(gw, { plans, statuses: ['ACCEPTED'], endingAtAfter: Date.now(), includeWithoutEnd: true });
    const plansA1 = [a1.planIds.keyless!, a1.planIds.apiKey];
    expect(ids(await initial(a1, plansA1))).toEqual([a1.subscriptions[0].id]);
    // Plans of another environment or account select nothing, even when asked for by id.
    expect(ids(await initial(a1, [...plansA1, a2.planIds.apiKey, b1.planIds.apiKey]))).toEqual([a1.subscriptions[0].id]);
    expect(await initial(a2, plansA1)).toEqual([]);
    expect(await initial(b1, plansA1)).toEqual([]);
    expect(ids(await initial(a2, [a2.planIds.apiKey]))).toEqual([a2.subscriptions[0].id]);
    // "Ending after now" without "or never": our subscriptions never end, so none.
    expect(await subscriptions(a1, { plans: plansA1, statuses: ['ACCEPTED'], endingAtAfter: Date.now(), includeWithoutEnd: false })).toEqual([]);
  });

  it('incremental sync of subscriptions: every status the gateway follows, within its window', async () => {
    expect(ids(await subscriptions(a1, { plans: [a1.planIds.apiKey], statuses: INCREMENTAL_STATUSES }))).toEqual(ids(a1.subscriptions));
    const window = (gw: Installation, from: number, to: number) => subscriptions(gw, { statuses: INCREMENTAL_STATUSES, from: from - 30_000, to: to + 30_000 });
    expect(ids(await window(a1, startedAt, Date.now()))).toEqual(ids(a1.subscriptions));
    expect(ids(await window(a2, startedAt, Date.now()))).toEqual(ids(a2.subscriptions));
    expect(ids(await window(b1, startedAt, Date.now()))).toEqual(ids(b1.subscriptions));
    expect(await window(a1, Date.now() + 120_000, Date.now() + 180_000)).toEqual([]);
    expect((await subscriptions(a1, { statuses: ['CLOSED'] })).map((s) => [s.id, s.status])).toEqual([[a1.subscriptions[1].id, 'CLOSED']]);
  });

  it('the other subscription criteria: ids, apis, excluded apis, applications, plan security, client id, order', async () => {
    const all = ids(a1.subscriptions);
    expect(ids(await subscriptions(a1, { ids: [a1.subscriptions[0].id, b1.subscriptions[0].id] }))).toEqual([a1.subscriptions[0].id]);
    expect(ids(await subscriptions(a1, { apis: [a1.apiId] }))).toEqual(all);
    expect(await subscriptions(a1, { apis: [b1.apiId] })).toEqual([]);
    expect(await subscriptions(a1, { excludedApis: [a1.apiId] })).toEqual([]);
    expect(ids(await subscriptions(a1, { planSecurityTypes: ['API_KEY'] }))).toEqual(all);
    expect(await subscriptions(a1, { planSecurityTypes: ['KEY_LESS'] })).toEqual([]);
    expect(await subscriptions(a1, { planSecurityTypes: ['JWT'] })).toEqual([]);
    expect(await subscriptions(a1, { clientId: 'some-client' })).toEqual([]);
    const [first] = await subscriptions(a1, { ids: [a1.subscriptions[0].id] });
    expect(ids(await subscriptions(a1, { applications: [(first as unknown as { application: string }).application] }))).toEqual([a1.subscriptions[0].id]);
    // The closed one was updated last.
    expect((await subscriptions(a1, {}, 'order=ASC&field=updatedAt')).map((s) => s.id)).toEqual([a1.subscriptions[0].id, a1.subscriptions[1].id]);
    expect((await subscriptions(a1, {}, 'order=DESC&field=updatedAt')).map((s) => s.id)).toEqual([a1.subscriptions[1].id, a1.subscriptions[0].id]);
  });

  it('initial sync of API keys: the subscriptions’ keys, not revoked, expiring after now or never', async () => {
    const subs = a1.subscriptions.map((s) => s.id);
    expect(keysOf(await keys(a1, { subscriptions: subs, includeRevoked: false, expireAfter: Date.now(), includeWithoutExpiration: true }))).toEqual([a1.subscriptions[0].apiKey]);
    // Our keys never expire: "expiring after now" alone selects none, as Gravitee's repositories do for keys without expiry.
    expect(await keys(a1, { subscriptions: subs, expireAfter: Date.now(), includeWithoutExpiration: false })).toEqual([]);
    // Another environment's or account's subscriptions select nothing.
    expect(await keys(a1, { subscriptions: [a2.subscriptions[0].id, b1.subscriptions[0].id], includeWithoutExpiration: true })).toEqual([]);
    expect(await keys(b1, { subscriptions: subs })).toEqual([]);
  });

  it('incremental sync of API keys: revoked ones too, within the window, per environment and account', async () => {
    const incremental = (gw: Installation) => keys(gw, { includeRevoked: true, from: startedAt - 30_000, to: Date.now() + 30_000 });
    const a1Keys = await incremental(a1);
    expect(keysOf(a1Keys)).toEqual(a1.subscriptions.map((s) => s.apiKey).sort());
    expect(a1Keys.find((k) => k.key === a1.subscriptions[1].apiKey)).toMatchObject({ revoked: true, subscriptions: [a1.subscriptions[1].id] });
    expect(keysOf(await incremental(a2))).toEqual([a2.subscriptions[0].apiKey]);
    expect(keysOf(await incremental(b1))).toEqual([b1.subscriptions[0].apiKey]);
    expect(keysOf(await keys(a1, { includeRevoked: false }))).toEqual([a1.subscriptions[0].apiKey]);
    expect(await keys(a1, { includeRevoked: true, from: Date.now() + 120_000 })).toEqual([]);
  });
});
