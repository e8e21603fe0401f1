/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON answers field by field */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { fetch } from 'undici';
import { decodeUnverified } from '@app/contracts';
import { Stack, startStack } from '../support/stack';
import { testEnv } from '../support/env';
import { waitFor } from '../support/wait-for';
import { GateClient } from './cloud-gate.support';
import { startEchoUpstream } from './gateway-helpers';

interface Account {
  id: string;
  environments: Array<{ id: string; name: string }>;
}

const jtiOf = (token: string) => decodeUnverified<{ jti: string }>(token)!.jti;

/**
 * What an operator does with what they created (SPEC §8), against the whole stack with a reference
 * gateway: gateway detail, statuses, rename, rotation, deletion; environments; API edits that reach
 * gateways at the next deploy; subscriptions closed so gateways refuse their key.
 */
describe('operator management (e2e)', () => {
  let stack: Stack;
  let gate: GateClient;
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

  beforeAll(async () => {
    [stack, upstream] = await Promise.all([startStack('operator', { worker: false }), startEchoUpstream()]);
    gate = new GateClient(stack.gateUrls.eu, testEnv.caFile);
  });

  afterAll(async () => {
    await gate?.close();
    await stack?.stop();
    await upstream?.stop();
  });

  async function newAccount(name: string): Promise<Account> {
    const account = await stack.api<Account>('POST', '/accounts', { name: `${name}-${randomUUID().slice(0, 6)}`, region: 'eu' });
    expect(account.status).toBe(201);
    return account.body;
  }

  async function newGateway(account: Account, name = 'edge-1'): Promise<{ id: string; details: (body?: unknown) => Promise<any> }> {
    const gw = await stack.api<any>('POST', `/accounts/${account.id}/gateways`, {
      name,
      platform: 'docker',
      environmentId: account.environments[0].id,
      accessPoints: ['gw.example.com'],
    });
    expect(gw.status).toBe(201);
    const details = async (body?: unknown) => {
      const res = await stack.api<any>('POST', `/accounts/${account.id}/gateways/${gw.body.id}/installation-details`, body);
      expect(res.status).toBe(201);
      return res.body;
    };
    return { id: gw.body.id, details };
  }

  const heartbeat = (token: string, environmentId: string, nodeId: string) =>
    gate.call('POST', '/sync/_bridge/events/_createOrPatch', {
      token,
      body: JSON.stringify({
        id: randomUUID(),
        type: 'GATEWAY_STARTED',
        payload: JSON.stringify({ id: nodeId, hostname: 'node-by-hand', version: '4.6.7' }),
        properties: { id: nodeId, node_id: nodeId, hostname: 'node-by-hand', version: '4.6.7', started_at: String(Date.now()), last_heartbeat_at: String(Date.now()) },
        environments: [environmentId],
        organizations: [],
      }),
    });

  const refusedAtGate = (token: string) =>
    waitFor(
      'the gate to refuse the token',
      async () => {
        const r = await gate.call('GET', '/sync/_bridge/environments', { token });
        return r.status === 401 ? r : undefined;
      },
      { timeoutMs: 5000, everyMs: 50 },
    );

  it('shows a gateway pending, then connected with its instance and tokens; renames it; rotates and deletes it, revoking its tokens at the gate', async () => {
    const account = await newAccount('ops');
    const environmentId = account.environments[0].id;
    const gw = await newGateway(account);
    const path = `/accounts/${account.id}/gateways/${gw.id}`;

    const initial = await stack.api<any>('GET', path);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ id: gw.id, status: 'pending', instances: [], tokens: [] });

    const first = await gw.details();
    let detail: any = (await stack.api<any>('GET', path)).body;
    expect(detail.status).toBe('pending');
    expect(detail.tokens).toEqual([
      {
        jti: jtiOf(first.cloudToken),
        kind: 'gateway',
        gatewayId: gw.id,
        name: null,
        environmentIds: [environmentId],
        kid: expect.any(String),
        issuedAt: expect.any(String),
        expiresAt: expect.any(String),
        revoked: false,
        revokedAt: null,
        lastSeenAt: null,
      },
    ]);

    // A real gateway connects: its instance appears with what its heartbeats say, its token is seen.
    const running = await stack.startGateway(first.cloudToken, first.licenseKey);
    const connected = await waitFor('the gateway to be connected with its token seen', async () => {
      const d = (await stack.api<any>('GET', path)).body;
      return d.status === 'connected' && d.tokens[0].lastSeenAt ? d : undefined;
    });
    expect(connected.instances).toEqual([
      expect.objectContaining({ nodeId: expect.any(String), hostname: expect.any(String), version: expect.any(String), status: 'connected', lastHeartbeatAt: expect.any(String) }),
    ]);
    expect(Date.parse(connected.tokens[0].lastSeenAt)).toBeGreaterThan(Date.parse(connected.tokens[0].issuedAt) - 1000);

    // Rename and new access points; bad input changes nothing.
    const renamed = await stack.api<any>('PATCH', path, { name: '  edge-renamed ', accessPoints: ['API.example.com', 'api.example.com', 'other.example.com:8443'] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'edge-renamed', accessPoints: ['api.example.com', 'other.example.com:8443'], environmentId });
    for (const bad of [{ name: '' }, { accessPoints: ['not a host'] }, { environmentId }, { name: 'x', platform: 'linux' }]) {
      const refused = await stack.api<any>('PATCH', path, bad);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    expect((await stack.api<any>('PATCH', `/accounts/${account.id}/gateways/${randomUUID()}`, { name: 'x' })).status).toBe(404);
    expect((await stack.api<any>('GET', path)).body).toMatchObject({ name: 'edge-renamed', accessPoints: ['api.example.com', 'other.example.com:8443'] });
    expect((await stack.api<any>('POST', `${path}/installation-details`, { revokePrevious: 'yes' })).status).toBe(400);

    // A second installation details call without rotation leaves the first token alone.
    const spare = await gw.details();
    // Rotation: a new token, every earlier one revoked; the running gateway's token is refused at the gate.
    const rotated = await gw.details({ revokePrevious: true });
    const tokens = (await stack.api<any[]>('GET', `/accounts/${account.id}/tokens`)).body;
    expect(tokens.map((t) => t.jti)).toEqual([rotated, spare, first].map((d) => jtiOf(d.cloudToken)));
    expect(tokens.map((t) => t.revoked)).toEqual([false, true, true]);
    expect(tokens.every((t) => t.kind === 'gateway' && t.gatewayId === gw.id)).toBe(true);
    await refusedAtGate(first.cloudToken);
    await refusedAtGate(spare.cloudToken);
    detail = (await stack.api<any>('GET', path)).body;
    expect(detail.status).toBe('revoked');
    expect(detail.tokens.map((t: any) => [t.jti, t.revoked])).toEqual([
      [jtiOf(rotated.cloudToken), false],
      [jtiOf(spare.cloudToken), true],
      [jtiOf(first.cloudToken), true],
    ]);
    expect((await stack.api<any[]>('GET', `/accounts/${account.id}/gateways`)).body.find((g) => g.id === gw.id).status).toBe('revoked');
    await running.app.stop();

    // The installation restarted with the new token is connected again.
    expect((await gate.call('GET', '/sync/_bridge/environments', { token: rotated.cloudToken })).status).toBe(200);
    expect((await heartbeat(rotated.cloudToken, environmentId, 'node-2')).status).toBe(200);
    await waitFor('the gateway on its new token to be connected', async () => (await stack.api<any>('GET', path)).body.status === 'connected');

    // Delete: 204, gone, every token revoked (and still listed), the gate refuses the live one within 5 s.
    const deleted = await stack.api('DELETE', path);
    expect(deleted.status).toBe(204);
    await refusedAtGate(rotated.cloudToken);
    expect((await stack.api('GET', path)).status).toBe(404);
    expect((await stack.api('DELETE', path)).status).toBe(404);
    expect((await stack.api('POST', `${path}/installation-details`)).status).toBe(404);
    const after = (await stack.api<any[]>('GET', `/accounts/${account.id}/tokens`)).body;
    expect(after.map((t) => [t.jti, t.revoked])).toEqual([rotated, spare, first].map((d) => [jtiOf(d.cloudToken), true]));
    expect((await stack.api<any[]>('GET', `/accounts/${account.id}/gateways`)).body).toEqual([]);
  });

  it('says revoked for an installation whose only token was revoked before it ever connected', async () => {
    const account = await newAccount('revoked');
    const gw = await newGateway(account);
    const { cloudToken } = await gw.details();
    expect((await stack.api('POST', `/accounts/${account.id}/tokens/${jtiOf(cloudToken)}/revoke`)).status).toBe(204);
    expect((await stack.api<any>('GET', `/accounts/${account.id}/gateways/${gw.id}`)).body.status).toBe('revoked');
  });

  it('lists, renames and deletes environments, refusing to delete one in use or the last one', async () => {
    const account = await newAccount('envs');
    const envs = `/accounts/${account.id}/environments`;
    const [first] = account.environments;
    const staging = (await stack.api<any>('POST', envs, { name: 'Staging' })).body;
    const spare = (await stack.api<any>('POST', envs, { name: 'Spare' })).body;
    expect((await stack.api<any>('GET', envs)).body).toEqual([{ id: first.id, name: first.name }, staging, spare]);

    const renamed = await stack.api<any>('PATCH', `${envs}/${staging.id}`, { name: 'Production' });
    expect(renamed).toEqual({ status: 200, body: { id: staging.id, name: 'Production' } });
    const clash = await stack.api<any>('PATCH', `${envs}/${spare.id}`, { name: 'Production' });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect((await stack.api<any>('PATCH', `${envs}/${spare.id}`, { name: ' ' })).status).toBe(400);
    expect((await stack.api<any>('PATCH', `${envs}/${randomUUID()}`, { name: 'X' })).status).toBe(404);

    // In use by a gateway and an API: 409, naming what uses it.
    await stack.api('POST', `/accounts/${account.id}/gateways`, { name: 'gw', platform: 'linux', environmentId: staging.id, accessPoints: ['gw.example'] });
    await stack.api('POST', `${envs}/${staging.id}/apis`, { name: 'A', contextPath: '/a', target: 'http://127.0.0.1:9/' });
    const used = await stack.api<any>('DELETE', `${envs}/${staging.id}`);
    expect(used.status).toBe(409);
    expect(used.body).toMatchObject({ code: 'CONFLICT', details: { gateways: 1, apis: 1 } });
    expect(used.body.message).toMatch(/1 gateway and 1 API/);

    expect((await stack.api('DELETE', `${envs}/${spare.id}`)).status).toBe(204);
    expect((await stack.api('DELETE', `${envs}/${spare.id}`)).status).toBe(404);
    expect((await stack.api<any>('GET', envs)).body.map((e: any) => e.id)).toEqual([first.id, staging.id]);

    // The last environment stays.
    const lone = await newAccount('lone');
    const last = await stack.api<any>('DELETE', `/accounts/${lone.id}/environments/${lone.environments[0].id}`);
    expect(last.status).toBe(409);
    // Another account's environment is unknown here.
    expect((await stack.api('DELETE', `/accounts/${lone.id}/environments/${first.id}`)).status).toBe(404);
  });

  it('sends an API edit to gateways at the next deploy only, and makes gateways refuse the key of a closed subscription', async () => {
    const account = await newAccount('apis');
    const environmentId = account.environments[0].id;
    const apis = `/accounts/${account.id}/environments/${environmentId}/apis`;
    const gw = await newGateway(account);
    const { cloudToken, licenseKey } = await gw.details();
    const running = await stack.startGateway(cloudToken, licenseKey);
    const call = (p: string, key?: string) => fetch(`${running.trafficUrl}${p}`, { headers: key ? { 'X-Gravitee-Api-Key': key } : {} });
    const served = async (p: string, key?: string) => {
      const res = await call(p, key);
      return res.status === 200 ? ((await res.json()) as { url: string }) : undefined;
    };
    const status = async (p: string, key?: string) => (await call(p, key)).status;

    const created = await stack.api<any>('POST', apis, {
      name: 'Echo',
      contextPath: '/echo',
      target: `${upstream.url}/v1`,
      plans: [{ name: 'Keys', security: 'api-key' }],
    });
    expect(created.status).toBe(201);
    const api = created.body;
    const other = (await stack.api<any>('POST', apis, { name: 'Other', contextPath: '/other', target: `${upstream.url}/o` })).body;
    const sub = (await stack.api<any>('POST', `${apis}/${api.id}/plans/${api.plans[0].id}/subscriptions`)).body;
    expect((await stack.api('POST', `${apis}/${api.id}/deploy`)).status).toBe(200);
    expect((await waitFor('the API to be served', () => served('/echo/x', sub.apiKey))).url).toBe('/v1/x');

    // Refused edits change nothing.
    const conflict = await stack.api<any>('PATCH', `${apis}/${api.id}`, { contextPath: '/other' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'CONFLICT', details: { field: 'contextPath' } });
    expect((await stack.api<any>('PATCH', `${apis}/${api.id}`, { contextPath: 'echo' })).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await stack.api<any>('PATCH', `${apis}/${api.id}`, { lifecycleState: 'STOPPED' })).status).toBe(400);
    expect((await stack.api<any>('PATCH', `${apis}/${api.id}`, { plans: [{ id: randomUUID(), name: 'X', security: 'key-less' }] })).status).toBe(400);
    const inUse = await stack.api<any>('PATCH', `${apis}/${api.id}`, { plans: [{ name: 'Open', security: 'key-less' }] });
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toMatch(/open subscription/);
    expect((await stack.api<any>('PATCH', `${apis}/${other.id}`, { name: 'x' })).status).toBe(200);
    expect((await stack.api<any>('PATCH', `/accounts/${account.id}/environments/${environmentId}/apis/${randomUUID()}`, { name: 'x' })).status).toBe(404);

    // The edit is stored and shown as not deployed yet.
    const edited = await stack.api<any>('PATCH', `${apis}/${api.id}`, {
      name: 'Echo v2',
      contextPath: '/echo2/',
      target: `${upstream.url}/v2`,
      plans: [{ id: api.plans[0].id, name: 'Gold keys', security: 'api-key', rateLimit: { limit: 1000, periodSeconds: 60 } }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Echo v2', contextPath: '/echo2', target: `${upstream.url}/v2`, deployed: true, undeployedChanges: true });
    expect(edited.body.plans).toEqual([{ id: api.plans[0].id, name: 'Gold keys', security: 'api-key', rateLimit: { limit: 1000, periodSeconds: 60 } }]);

    // Stop and start publish events, but what gateways serve is still the deployed definition.
    await stack.api('POST', `${apis}/${api.id}/stop`);
    await waitFor('the stopped API to be dropped', async () => (await status('/echo/x', sub.apiKey)) === 404);
    await stack.api('POST', `${apis}/${api.id}/start`);
    expect((await waitFor('the started API to be served again', () => served('/echo/x', sub.apiKey))).url).toBe('/v1/x');
    expect(await status('/echo2/x', sub.apiKey)).toBe(404);

    // The next deploy sends the edit; the subscription's key still works on its kept plan.
    const redeployed = await stack.api<any>('POST', `${apis}/${api.id}/deploy`);
    expect(redeployed.body).toMatchObject({ undeployedChanges: false });
    expect((await waitFor('the edited API to be served', () => served('/echo2/x', sub.apiKey))).url).toBe('/v2/x');
    expect(await status('/echo/x', sub.apiKey)).toBe(404);

    // Subscriptions, with their keys; closing one revokes its key and gateways refuse it.
    const second = (await stack.api<any>('POST', `${apis}/${api.id}/plans/${api.plans[0].id}/subscriptions`)).body;
    let subscriptions = (await stack.api<any[]>('GET', `${apis}/${api.id}/subscriptions`)).body;
    expect(subscriptions).toEqual([
      expect.objectContaining({ id: second.subscriptionId, apiKey: second.apiKey, status: 'ACCEPTED', apiKeyRevoked: false, planId: api.plans[0].id, planName: 'Gold keys' }),
      expect.objectContaining({ id: sub.subscriptionId, apiKey: sub.apiKey, status: 'ACCEPTED', apiKeyRevoked: false }),
    ]);
    await waitFor('the second key to be accepted', () => served('/echo2/y', second.apiKey));
    expect((await stack.api('DELETE', `${apis}/${api.id}/subscriptions/${sub.subscriptionId}`)).status).toBe(204);
    await waitFor('the gateway to refuse the closed key', async () => (await status('/echo2/x', sub.apiKey)) === 401, { timeoutMs: 10_000 });
    expect(await status('/echo2/y', second.apiKey)).toBe(200);
    subscriptions = (await stack.api<any[]>('GET', `${apis}/${api.id}/subscriptions`)).body;
    expect(subscriptions.find((s) => s.id === sub.subscriptionId)).toMatchObject({ status: 'CLOSED', apiKeyRevoked: true });
    expect((await stack.api('DELETE', `${apis}/${api.id}/subscriptions/${sub.subscriptionId}`)).status).toBe(204);
    expect((await stack.api('DELETE', `${apis}/${api.id}/subscriptions/${randomUUID()}`)).status).toBe(404);
    expect((await stack.api('DELETE', `${apis}/${other.id}/subscriptions/${second.subscriptionId}`)).status).toBe(404);

    // Undeploy: gateways drop it, the API stays.
    const undeployed = await stack.api<any>('POST', `${apis}/${api.id}/undeploy`);
    expect(undeployed.body).toMatchObject({ deployed: false, deployedAt: null, undeployedChanges: false });
    await waitFor('the undeployed API to be dropped', async () => (await status('/echo2/y', second.apiKey)) === 404);
    expect((await stack.api<any>('GET', `${apis}/${api.id}`)).status).toBe(200);
    await running.app.stop();
  });

  it('documents the new calls in OpenAPI with their summaries and operation ids', async () => {
    const doc = (await (await fetch(`${stack.controlPlaneUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { operationId?: string; summary?: string }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, ...op })));
    const find = (operationId: string) => operations.find((o) => o.operationId === operationId);
    const expected: Array<[string, string, string]> = [
      ['getGateway', 'get', '/api/v1/accounts/{accountId}/gateways/{gatewayId}'],
      ['updateGateway', 'patch', '/api/v1/accounts/{accountId}/gateways/{gatewayId}'],
      ['deleteGateway', 'delete', '/api/v1/accounts/{accountId}/gateways/{gatewayId}'],
      ['createInstallationDetails', 'post', '/api/v1/accounts/{accountId}/gateways/{gatewayId}/installation-details'],
      ['listTokens', 'get', '/api/v1/accounts/{accountId}/tokens'],
      ['listEnvironments', 'get', '/api/v1/accounts/{accountId}/environments'],
      ['updateEnvironment', 'patch', '/api/v1/accounts/{accountId}/environments/{envId}'],
      ['deleteEnvironment', 'delete', '/api/v1/accounts/{accountId}/environments/{envId}'],
      ['updateApi', 'patch', '/api/v1/accounts/{accountId}/environments/{envId}/apis/{apiId}'],
      ['undeployApi', 'post', '/api/v1/accounts/{accountId}/environments/{envId}/apis/{apiId}/undeploy'],
      ['listSubscriptions', 'get', '/api/v1/accounts/{accountId}/environments/{envId}/apis/{apiId}/subscriptions'],
      ['closeSubscription', 'delete', '/api/v1/accounts/{accountId}/environments/{envId}/apis/{apiId}/subscriptions/{subscriptionId}'],
    ];
    for (const [operationId, method, path] of expected) {
      expect(find(operationId)).toMatchObject({ method, path, summary: expect.any(String) });
    }
  });
});
