import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { testEnv } from '../support/env';
import { GateClient } from './cloud-gate.support';

interface Account {
  id: string;
  environments: Array<{ id: string }>;
}

/** The Cloud Gates in front of the real control plane: scoping, change notification, revocation, regions. */
describe('Cloud Gate with the real control plane (e2e)', () => {
  let stack: Stack;
  let eu: GateClient;
  let us: GateClient;

  async function installation(name: string): Promise<{ accountId: string; environmentId: string; token: string }> {
    const account = await stack.api<Account>('POST', '/accounts', { name, region: 'eu' });
    expect(account.status).toBe(201);
    const environmentId = account.body.environments[0].id;
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/gateways`, {
      name: `${name}-gw`,
      platform: 'docker',
      environmentId,
      accessPoints: ['gw.example'],
    });
    const details = await stack.api<{ cloudToken: string }>('POST', `/accounts/${account.body.id}/gateways/${gateway.body.id}/installation-details`);
    expect(details.status).toBe(201);
    return { accountId: account.body.id, environmentId, token: details.body.cloudToken };
  }

  const latestApis = async (token: string) => {
    const res = await eu.call('POST', '/sync/_bridge/eventsLatest/_search?group=API_ID&page=0&size=100', {
      token,
      body: JSON.stringify({ types: ['PUBLISH_API', 'START_API', 'STOP_API', 'UNPUBLISH_API'], properties: {}, environments: [], organizations: [] }),
    });
    expect(res.status).toBe(200);
    const body = res.json<unknown>();
    const events = (Array.isArray(body) ? body : (body as { content: unknown[] }).content) as Array<{ id: string; environments: string[] }>;
    return events;
  };

  beforeAll(async () => {
    stack = await startStack('cgcp', { worker: false });
    eu = new GateClient(stack.gateUrls.eu, testEnv.caFile);
    us = new GateClient(stack.gateUrls.us, testEnv.caFile);
  });

  afterAll(async () => {
    await eu?.close();
    await us?.close();
    await stack?.stop();
  });

  it('releases a waiting gateway when its API is deployed, and scopes the bridge to its own environment', async () => {
    const a = await installation(`acme-${randomUUID().slice(0, 6)}`);
    const b = await installation(`other-${randomUUID().slice(0, 6)}`);

    const envs = await eu.call('GET', '/sync/_bridge/environments', { token: a.token });
    expect(envs.status).toBe(200);
    expect(JSON.stringify(envs.json())).toContain(a.environmentId);
    expect(JSON.stringify(envs.json())).not.toContain(b.environmentId);

    const since = Date.now();
    const waitA = eu.call('GET', `/sync/_bridge/changes?since=${since}&timeout=20000`, { token: a.token });
    const api = await stack.api<{ id: string }>('POST', `/accounts/${a.accountId}/environments/${a.environmentId}/apis`, {
      name: 'echo',
      contextPath: '/echo',
      target: 'http://127.0.0.1:9/',
    });
    expect(api.status).toBe(201);
    const deployed = await stack.api('POST', `/accounts/${a.accountId}/environments/${a.environmentId}/apis/${api.body.id}/deploy`);
    expect(deployed.status).toBeLessThan(300);

    const answer = await waitA;
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ changed: true, environmentIds: [a.environmentId] });
    await waitFor('the first installation to sync the deployed API', async () => (await latestApis(a.token)).some((e) => e.id === api.body.id));
    expect((await latestApis(b.token)).some((e) => e.id === api.body.id)).toBe(false);
  });

  it('sends a token to its own region (421 at the other gate) and serves the control plane license key', async () => {
    const a = await installation(`region-${randomUUID().slice(0, 6)}`);
    const wrong = await us.call('GET', '/sync/_bridge', { token: a.token });
    expect(wrong.status).toBe(421);
    expect(wrong.json()).toMatchObject({ code: 'REGION_MISMATCH', details: { region: 'eu', cloudGateUrl: stack.gateUrls.eu } });
    const version = await eu.call('GET', '/sync/_bridge', { token: a.token });
    expect(version.json()).toHaveProperty('version');

    const key = await eu.call('GET', '/license/public-key');
    const direct = await fetch(`${stack.controlPlaneUrl}/api/v1/license/public-key`);
    expect(key.status).toBe(200);
    expect(key.json()).toEqual(await direct.json());
  });

  it('accepts heartbeats and reports from a real token, and stops accepting it within 5 s of revocation', async () => {
    const a = await installation(`revoke-${randomUUID().slice(0, 6)}`);
    const heartbeat = await eu.call('POST', '/sync/_bridge/events/_createOrPatch', {
      token: a.token,
      body: JSON.stringify({
        id: randomUUID(),
        type: 'GATEWAY_STARTED',
        payload: '{}',
        properties: { id: randomUUID(), node_id: 'node-1', hostname: 'host-1', version: '4.6.7', started_at: String(Date.now()), last_heartbeat_at: String(Date.now()) },
        environments: [a.environmentId],
        organizations: [],
      }),
    });
    expect(heartbeat.status).toBeLessThan(300);
    const report = JSON.stringify({ type: 'metrics', timestamp: Date.now(), requestId: randomUUID(), apiId: 'api-1', status: 200 });
    expect((await eu.call('POST', '/reports', { token: a.token, body: report })).status).toBe(202);

    const jti = JSON.parse(Buffer.from(a.token.split('.')[1], 'base64url').toString()).jti as string;
    const revoked = await stack.api('POST', `/accounts/${a.accountId}/tokens/${jti}/revoke`);
    expect(revoked.status).toBe(204);
    const res = await waitFor('the revocation to reach the gate', async () => {
      const r = await eu.call('GET', '/sync/_bridge/environments', { token: a.token });
      return r.status === 401 ? r : undefined;
    }, { timeoutMs: 5000, everyMs: 50 });
    expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });
});
