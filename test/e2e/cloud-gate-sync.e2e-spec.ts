import { randomUUID } from 'node:crypto';
import { freePort, RunningApp, startApp } from '../support/processes';
import { testEnv } from '../support/env';
import {
  BRIDGE_VERSION,
  FakeControlPlane,
  GateClient,
  claimsFor,
  hmacWithPublicKey,
  newSigningKey,
  signToken,
  unsignedToken,
} from './cloud-gate.support';
import { waitFor } from '../support/wait-for';

const INTERNAL_TOKEN = `internal-${randomUUID()}`;

describe('Cloud Gate /sync and Cloud Token verification (e2e, HTTPS, fake control plane over real HTTP)', () => {
  let cp: FakeControlPlane;
  let gate: RunningApp;
  let client: GateClient;
  const token = (overrides = {}) => signToken(cp.keys[0], claimsFor(overrides));

  beforeAll(async () => {
    cp = await new FakeControlPlane(INTERNAL_TOKEN).start();
    const port = await freePort();
    gate = await startApp(
      'cloud-gate',
      {
        REGION: 'eu',
        PORT: String(port),
        CONTROL_PLANE_URL: cp.url,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        TLS_CERT_FILE: testEnv.tlsCertFile,
        TLS_KEY_FILE: testEnv.tlsKeyFile,
        KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}`,
        CLOUD_GATE_URLS: 'eu=https://127.0.0.1:8091,us=https://us.gate.test:8092',
        JWKS_REFRESH_MIN_INTERVAL_MS: '3000',
        SYNC_WAIT_MAX_MS: '20000',
        LOG_LEVEL: 'warn',
      },
      `https://127.0.0.1:${port}/metrics`,
    );
    client = new GateClient(`https://127.0.0.1:${port}`, testEnv.caFile);
    await waitFor('the change stream to connect', () => cp.streamCount === 1, { everyMs: 50 });
  });

  afterAll(async () => {
    await client?.close();
    await gate?.stop();
    await cp?.stop();
  });

  describe('bridge routes of SPEC §4', () => {
    const claims = claimsFor({ envs: ['env-a', 'env-b'], org: 'org-x', acc: 'acc-x', meta: { GATEWAYID: 'gw-x' } });
    let bearer: string;
    beforeAll(() => (bearer = signToken(cp.keys[0], claims)));

    const expectScoped = (pathPrefix: string) => {
      const call = cp.lastCall(pathPrefix)!;
      expect(call).toBeDefined();
      expect(call.headers['x-internal-token']).toBe(INTERNAL_TOKEN);
      expect(call.headers['x-scope-account']).toBe('acc-x');
      expect(call.headers['x-scope-org']).toBe('org-x');
      expect(call.headers['x-scope-envs']).toBe('env-a,env-b');
      expect(call.headers['x-scope-gateway']).toBe('gw-x');
      expect(call.headers['x-scope-token']).toBe(claims.jti);
      return call;
    };

    it('GET /sync/_bridge answers the version', async () => {
      const res = await client.call('GET', '/sync/_bridge', { token: bearer });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual(BRIDGE_VERSION);
      expectScoped('/internal/bridge');
    });

    it('eventsLatest/_search passes query and criteria through and answers the latest events of the token environments', async () => {
      const criteria = { types: ['PUBLISH_API', 'START_API'], properties: {}, from: 0, to: 0, environments: ['env-a'], organizations: ['org-x'] };
      const res = await client.call('POST', '/sync/_bridge/eventsLatest/_search?group=API_ID&page=0&size=100', { token: bearer, body: JSON.stringify(criteria) });
      expect(res.status).toBe(200);
      const events = res.json<Array<{ id: string; environments: string[]; type: string; payload: string }>>();
      expect(events.map((e) => e.id)).toEqual(['api-of-env-a', 'api-of-env-b']);
      expect(typeof events[0].payload).toBe('string');
      const call = expectScoped('/internal/bridge/eventsLatest/_search');
      expect(call.url).toBe('/internal/bridge/eventsLatest/_search?group=API_ID&page=0&size=100');
      expect(JSON.parse(call.body)).toEqual(criteria);
    });

    it('events/_search answers the paged form when asked', async () => {
      const res = await client.call('POST', '/sync/_bridge/events/_search?page=0&size=10', { token: bearer, body: '{"types":["PUBLISH_API"]}' });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ pageNumber: 0, pageElements: 2, totalElements: 2 });
      expectScoped('/internal/bridge/events/_search');
    });

    it('heartbeats through events/_createOrPatch are forwarded as sent, with the scope added', async () => {
      const heartbeat = { id: 'evt-1', type: 'GATEWAY_STARTED', payload: '{}', properties: { id: 'gw-x', node_id: 'n1' }, environments: ['env-a'] };
      const res = await client.call('POST', '/sync/_bridge/events/_createOrPatch', { token: bearer, body: JSON.stringify(heartbeat) });
      expect(res.status).toBe(200);
      expect(JSON.parse(expectScoped('/internal/bridge/events/_createOrPatch').body)).toEqual(heartbeat);
    });

    it.each([
      ['POST', '/sync/_bridge/keys/_findByCriteria', ['key-env-a', 'key-env-b']],
      ['POST', '/sync/_bridge/subscriptions/_search', ['sub-env-a', 'sub-env-b']],
      ['GET', '/sync/_bridge/environments', ['env-a', 'env-b']],
      ['GET', '/sync/_bridge/organizations', ['org-x']],
    ] as const)('%s %s answers for the token tenancy only', async (method, path, ids) => {
      const res = await client.call(method, path, { token: bearer, ...(method === 'POST' ? { body: '{"from":0,"to":0}' } : {}) });
      expect(res.status).toBe(200);
      expect(res.json<Array<{ id: string }>>().map((x) => x.id)).toEqual(ids);
      expectScoped(path.replace('/sync/_bridge', '/internal/bridge'));
    });

    it('GET /sync/_bridge/installation answers the installation', async () => {
      const res = await client.call('GET', '/sync/_bridge/installation', { token: bearer });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ id: 'installation-1' });
    });

    it('never takes tenancy from headers the gateway sends', async () => {
      const res = await client.call('GET', '/sync/_bridge/environments', {
        token: bearer,
        headers: { 'x-scope-envs': 'someone-elses-env', 'x-scope-org': 'org-evil', 'x-internal-token': 'guess' },
      });
      expect(res.json<Array<{ id: string }>>().map((x) => x.id)).toEqual(['env-a', 'env-b']);
      expectScoped('/internal/bridge/environments');
    });

    it('gzips answers when the gateway asks', async () => {
      const res = await client.call('POST', '/sync/_bridge/eventsLatest/_search?group=API_ID', { token: bearer, body: '{}', headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.raw[0]).toBe(0x1f);
      expect(res.json<unknown[]>()).toHaveLength(2);
      const plain = await client.call('GET', '/sync/_bridge', { token: bearer });
      expect(plain.headers['content-encoding']).toBeUndefined();
    });

    it('answers 503 CONTROL_PLANE_UNAVAILABLE with Retry-After when the control plane drops the call', async () => {
      cp.bridgeMode = 'down';
      try {
        const res = await client.call('GET', '/sync/_bridge/environments', { token: bearer });
        expect(res.status).toBe(503);
        expect(res.json()).toMatchObject({ code: 'CONTROL_PLANE_UNAVAILABLE' });
        expect(res.headers['retry-after']).toBeDefined();
      } finally {
        cp.bridgeMode = 'up';
      }
    });

    it('serves the license public key without a token', async () => {
      const res = await client.call('GET', '/license/public-key');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ algorithm: 'RSA', format: 'spki-pem', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
    });
  });

  describe('token verification (SPEC §2)', () => {
    const get = (bearer?: string) => client.call('GET', '/sync/_bridge/environments', { token: bearer });

    it('accepts a valid token', async () => {
      expect((await get(token())).status).toBe(200);
    });

    it.each([
      ['no token', () => undefined, 'TOKEN_MISSING'],
      ['an expired token', () => token({ iat: 1_600_000_000, exp: Math.floor(Date.now() / 1000) - 3600 }), 'TOKEN_EXPIRED'],
      ['a forged token (same kid, another key)', () => signToken({ ...newSigningKey(), kid: cp.keys[0].kid }, claimsFor()), 'TOKEN_INVALID'],
      ['alg none', () => unsignedToken(claimsFor(), cp.keys[0].kid), 'TOKEN_INVALID'],
      ['HS512 signed with the public key', () => hmacWithPublicKey(cp.keys[0], claimsFor()), 'TOKEN_INVALID'],
      ['a wrong audience', () => token({ aud: 'SomethingElse' }), 'TOKEN_INVALID'],
      ['a wrong issuer', () => token({ iss: 'Mallory' }), 'TOKEN_INVALID'],
      ['a token not valid yet', () => token({ nbf: Math.floor(Date.now() / 1000) + 3600 }), 'TOKEN_INVALID'],
      ['garbage', () => 'not.a.jwt', 'TOKEN_INVALID'],
    ])('rejects %s with 401', async (_, make, code) => {
      const res = await get(make());
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ statusCode: 401, code });
    });

    it('accepts the token as the password of Basic credentials, verified exactly as Bearer (Gravitee bridge client)', async () => {
      const basic = (bearer: string, user = 'gravitee') => ({ authorization: `Basic ${Buffer.from(`${user}:${bearer}`).toString('base64')}` });
      const viaBasic = (bearer: string, user?: string) => client.call('GET', '/sync/_bridge/environments', { headers: basic(bearer, user) });
      const claims = claimsFor({ envs: ['env-basic'] });
      const bearer = signToken(cp.keys[0], claims);
      expect((await viaBasic(bearer)).status).toBe(200);
      expect((await viaBasic(bearer, 'any-user-name')).status).toBe(200);
      expect(cp.lastCall('/internal/bridge/environments')!.headers['x-scope-envs']).toBe('env-basic');
      expect((await viaBasic(token({ iat: 1_600_000_000, exp: Math.floor(Date.now() / 1000) - 3600 }))).json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
      expect((await viaBasic(unsignedToken(claimsFor(), cp.keys[0].kid))).status).toBe(401);
      expect((await viaBasic(token({ scopes: ['reports'] }))).status).toBe(403);
      const noPassword = await client.call('GET', '/sync/_bridge/environments', { headers: { authorization: `Basic ${Buffer.from('gravitee').toString('base64')}` } });
      expect(noPassword.json()).toMatchObject({ statusCode: 401, code: 'TOKEN_MISSING' });
      cp.revoke(claims.jti);
      await waitFor('the revoked token to be refused over Basic too', async () => (await viaBasic(bearer)).status === 401, { timeoutMs: 5000, everyMs: 50 });
    });

    it('rejects a token lacking the sync scope with 403', async () => {
      const res = await get(token({ scopes: ['reports'] }));
      expect(res.status).toBe(403);
      expect(res.json()).toMatchObject({ code: 'SCOPE_MISSING' });
    });

    it('answers 421 naming the right region for a token of the other region', async () => {
      const res = await get(token({ cpg: 'us' }));
      expect(res.status).toBe(421);
      expect(res.json()).toMatchObject({ code: 'REGION_MISMATCH', details: { region: 'us', cloudGateUrl: 'https://us.gate.test:8092' } });
    });

    it('stops accepting a revoked token within 5 s (change stream)', async () => {
      const claims = claimsFor();
      const bearer = signToken(cp.keys[0], claims);
      expect((await get(bearer)).status).toBe(200);
      cp.revoke(claims.jti);
      const res = await waitFor('the revocation to reach the gate', async () => {
        const r = await get(bearer);
        return r.status === 401 ? r : undefined;
      }, { timeoutMs: 5000, everyMs: 50 });
      expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    });

    it('learns revocations made while its change stream was down when it reconnects', async () => {
      const claims = claimsFor();
      const bearer = signToken(cp.keys[0], claims);
      cp.refuseStreams = true;
      cp.dropStreams();
      cp.revoke(claims.jti, { announce: false });
      expect((await get(bearer)).status).toBe(200); // not known yet: nothing announced it
      cp.refuseStreams = false;
      const res = await waitFor('the revocation after reconnect', async () => {
        const r = await get(bearer);
        return r.status === 401 ? r : undefined;
      }, { timeoutMs: 5000, everyMs: 50 });
      expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    });

    it('fetches the JWKS again for an unknown kid (key rotation), but not on every unknown kid', async () => {
      const rotated = cp.rotateKeys(false);
      // Accepted once the refresh rate limit (3 s here) lets the gate fetch the JWKS again.
      await waitFor('the rotated key to be fetched', async () => (await get(signToken(rotated, claimsFor()))).status === 200, { timeoutMs: 10_000, everyMs: 250 });
      const fetches = cp.jwksFetches;
      const stranger = newSigningKey();
      for (let i = 0; i < 3; i++) expect((await get(signToken(stranger, claimsFor()))).status).toBe(401);
      expect(cp.jwksFetches - fetches).toBeLessThanOrEqual(1);
    });

    it('refreshes its keys when the control plane announces a rotation', async () => {
      const rotated = cp.rotateKeys(true);
      await waitFor('the announced key to be accepted', async () => (await get(signToken(rotated, claimsFor()))).status === 200, { timeoutMs: 5000, everyMs: 50 });
    });
  });

  describe('change notification long-poll', () => {
    const waiting = async () => {
      const res = await client.call('GET', '/metrics');
      return Number(/^cloud_gate_sync_waiting_requests (\d+)/m.exec(res.text)?.[1] ?? -1);
    };

    it('answers a waiting gateway as soon as one of its environments changes, and only then', async () => {
      const a = token({ envs: ['env-lp-a'] });
      const b = token({ envs: ['env-lp-b'] });
      const since = Date.now();
      const waitA = client.call('GET', `/sync/_bridge/changes?since=${since}&timeout=20000`, { token: a });
      const waitB = client.call('GET', `/sync/_bridge/changes?since=${since}&timeout=1500`, { token: b });
      await waitFor('both gateways to wait', async () => (await waiting()) === 2, { everyMs: 50 });
      cp.changeEnvironments(['env-lp-a', 'env-other']);
      const answerA = await waitA;
      expect(answerA.status).toBe(200);
      expect(answerA.json()).toMatchObject({ changed: true, environmentIds: ['env-lp-a'] });
      const answerB = await waitB;
      expect(answerB.json()).toMatchObject({ changed: false, environmentIds: [] });
    });

    it('answers at once when the change happened after `since` but before the wait began', async () => {
      const since = Date.now() - 1000;
      cp.changeEnvironments(['env-lp-c']);
      const bearer = token({ envs: ['env-lp-c'] });
      const res = await waitFor('the change to be seen', async () => {
        const r = await client.call('GET', `/sync/_bridge/changes?since=${since}&timeout=200`, { token: bearer });
        return r.json<{ changed: boolean }>().changed ? r : undefined;
      }, { everyMs: 50 });
      expect(res.json()).toMatchObject({ changed: true, environmentIds: ['env-lp-c'] });
    });

    it('rejects a malformed since with 400', async () => {
      const res = await client.call('GET', '/sync/_bridge/changes?since=yesterday', { token: token() });
      expect(res.status).toBe(400);
    });

    it('serves the long-poll without a request logger (every connected gateway holds one), other routes with one', async () => {
      // 4xx answers are access-logged at warn, the level this gate runs at.
      expect((await client.call('GET', '/sync/_bridge/changes?since=not-a-time', { token: token() })).status).toBe(400);
      expect((await client.call('GET', '/sync/_bridge/installation')).status).toBe(401);
      await waitFor('the access log line of the other route', () => gate.output().includes('"url":"/sync/_bridge/installation"'), { everyMs: 50 });
      expect(gate.output()).not.toContain('"url":"/sync/_bridge/changes');
    });
  });
});
