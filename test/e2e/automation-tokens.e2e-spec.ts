import 'reflect-metadata';
import { fetch } from 'undici';
import { AutomationTokenClaims, decodeUnverified } from '@app/contracts';
import { Stack, startStack } from '../support/stack';

interface Account {
  id: string;
  organizationId: string;
  analyticsIndexId: string;
  environments: Array<{ id: string; name: string }>;
}
interface CreatedToken {
  jti: string;
  name: string;
  environmentIds: string[];
  scopes: string[];
  cloudToken: string;
  cloudGateUrl: string;
  automationApiUrl: string;
}

/** Automation tokens (SPEC §10) issued by the control plane, and what they open on its own API (SPEC §8). */
describe('automation tokens and the control-plane API (e2e)', () => {
  let stack: Stack;
  let a: Account;
  let b: Account;
  let staging: { id: string };

  /** The control-plane API with any bearer credential. */
  const call = async <T = unknown>(token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.controlPlaneUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const issue = async (account: Account, body: object) => {
    const res = await stack.api<CreatedToken>('POST', `/accounts/${account.id}/automation-tokens`, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  const api = (n: number) => ({ name: `api-${n}`, contextPath: `/a${n}`, target: 'http://127.0.0.1:9/' });

  beforeAll(async () => {
    stack = await startStack('autotok', { worker: false });
    a = (await stack.api<Account>('POST', '/accounts', { name: 'Acme', region: 'eu' })).body;
    staging = (await stack.api<{ id: string }>('POST', `/accounts/${a.id}/environments`, { name: 'Staging' })).body;
    a = (await stack.api<Account>('GET', `/accounts/${a.id}`)).body;
    b = (await stack.api<Account>('POST', '/accounts', { name: 'Other', region: 'us' })).body;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("issues an RS512 Cloud Token with SPEC §2's header and claims, scopes automation and rest, and no installation", async () => {
    const created = await issue(a, { name: 'terraform-ci' });
    const header: unknown = JSON.parse(Buffer.from(created.cloudToken.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'RS512', typ: 'JWT', kid: expect.any(String) });
    const claims = decodeUnverified<AutomationTokenClaims & Record<string, unknown>>(created.cloudToken);
    expect(claims).toEqual({
      iss: 'GraviteeCloud',
      aud: 'CloudGate',
      jti: created.jti,
      iat: expect.any(Number),
      exp: expect.any(Number),
      org: a.organizationId,
      envs: a.environments.map((e) => e.id),
      cpg: 'eu',
      cpr: 'westeurope',
      cpp: 'az',
      cp: 'cp-local',
      dpm: 'hybrid',
      target: 'apim',
      scopes: ['automation', 'rest'],
      acc: a.id,
      idx: a.analyticsIndexId,
    });
    expect(created).toMatchObject({ name: 'terraform-ci', scopes: ['automation', 'rest'], cloudGateUrl: stack.gateUrls.eu, automationApiUrl: `${stack.gateUrls.eu}/apim/automation` });

    // Listed with the others, never with the token itself.
    const listed = await stack.api<Array<Record<string, unknown>>>('GET', `/accounts/${a.id}/automation-tokens`);
    expect(listed.body.find((t) => t.jti === created.jti)).toEqual({
      jti: created.jti,
      name: 'terraform-ci',
      environmentIds: claims?.envs,
      scopes: ['automation', 'rest'],
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
      revoked: false,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.cloudToken.split('.')[2]);
    const all = await stack.api<Array<{ jti: string; kind: string; gatewayId: string | null; name: string | null }>>('GET', `/accounts/${a.id}/tokens`);
    expect(all.body.find((t) => t.jti === created.jti)).toMatchObject({ kind: 'automation', gatewayId: null, name: 'terraform-ci' });
  });

  it("limits a token to the environments asked for, which must be the account's", async () => {
    const narrow = await issue(a, { name: 'staging-only', environmentIds: [staging.id] });
    expect(decodeUnverified<AutomationTokenClaims>(narrow.cloudToken)?.envs).toEqual([staging.id]);
    const foreign = await stack.api<{ code: string }>('POST', `/accounts/${a.id}/automation-tokens`, { name: 'x', environmentIds: [b.environments[0].id] });
    expect(foreign.status).toBe(400);
    expect((await stack.api('POST', `/accounts/${a.id}/automation-tokens`, { name: '  ' })).status).toBe(400);
    expect((await stack.api('POST', `/accounts/${a.id}/automation-tokens`, { name: 'x', environmentIds: [] })).status).toBe(400);
    expect((await stack.api('POST', `/accounts/${a.id}/automation-tokens`, { name: 'x', environmentIds: ['nope'] })).status).toBe(400);
  });

  it('opens its own account on the control-plane API and nothing else (403)', async () => {
    const { cloudToken } = await issue(a, { name: 'scripts' });
    const [defaultEnv] = a.environments;

    const own = await call<Account[]>(cloudToken, 'GET', '/accounts');
    expect(own.status).toBe(200);
    expect(own.body.map((x) => x.id)).toEqual([a.id]);
    expect((await call(cloudToken, 'GET', `/accounts/${a.id}`)).status).toBe(200);
    expect((await call(cloudToken, 'POST', `/accounts/${a.id}/environments/${defaultEnv.id}/apis`, api(1))).status).toBe(201);
    expect((await call(cloudToken, 'GET', `/accounts/${a.id}/gateways`)).status).toBe(200);

    for (const [method, path, body] of [
      ['GET', `/accounts/${b.id}`],
      ['GET', `/accounts/${b.id}/gateways`],
      ['POST', `/accounts/${b.id}/environments/${b.environments[0].id}/apis`, api(2)],
      ['POST', `/accounts/${a.id}/environments/${b.environments[0].id}/apis`, api(3)],
      ['POST', '/accounts', { name: 'Mine now', region: 'eu' }],
      ['POST', '/admin/signing-keys/rotate'],
    ] as Array<[string, string, unknown?]>) {
      const res = await call<{ statusCode: number; code: string; message: string }>(cloudToken, method, path, body);
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 403, code: 'FORBIDDEN' });
    }
    // Nothing was created in the other account.
    expect((await stack.api<unknown[]>('GET', `/accounts/${b.id}/environments/${b.environments[0].id}/apis`)).body).toEqual([]);
  });

  it('keeps a token limited to some environments out of the others and of whole-account routes', async () => {
    const { cloudToken } = await issue(a, { name: 'staging', environmentIds: [staging.id] });
    expect((await call(cloudToken, 'POST', `/accounts/${a.id}/environments/${staging.id}/apis`, api(4))).status).toBe(201);
    expect((await call(cloudToken, 'GET', `/accounts/${a.id}`)).status).toBe(200);
    expect((await call(cloudToken, 'POST', `/accounts/${a.id}/environments/${a.environments[0].id}/apis`, api(5))).status).toBe(403);
    expect((await call(cloudToken, 'GET', `/accounts/${a.id}/gateways`)).status).toBe(403);
    expect((await call(cloudToken, 'POST', `/accounts/${a.id}/automation-tokens`, { name: 'wider' })).status).toBe(403);
  });

  it('refuses gateway tokens, forged and malformed tokens with 401, never 5xx', async () => {
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${a.id}/gateways`, {
      name: 'edge',
      platform: 'docker',
      environmentId: a.environments[0].id,
      accessPoints: ['gw.acme.example'],
    });
    const details = await stack.api<{ cloudToken: string }>('POST', `/accounts/${a.id}/gateways/${gateway.body.id}/installation-details`);
    const { cloudToken } = await issue(a, { name: 'to-forge' });
    const [h, p, s] = cloudToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const reencode = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    for (const token of [
      details.body.cloudToken,
      `${h}.${reencode({ ...claims, acc: b.id })}.${s}`,
      `${h}.${reencode({ ...claims, jti: 'not-a-uuid' })}.${s}`,
      `${reencode({ alg: 'none', typ: 'JWT', kid: 'x' })}.${p}.`,
      'a.b.c',
      `${h}.${p}.${s.slice(0, -4)}AAAA`,
    ]) {
      const res = await call<{ code: string }>(token, 'GET', `/accounts/${a.id}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    }
  });

  it('rotates a token (same name and environments, the old one refused) and revokes it', async () => {
    const first = await issue(a, { name: 'rotating', environmentIds: [staging.id] });
    const rotated = await stack.api<CreatedToken>('POST', `/accounts/${a.id}/automation-tokens/${first.jti}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ name: 'rotating', environmentIds: [staging.id] });
    expect(rotated.body.jti).not.toBe(first.jti);
    expect((await call(first.cloudToken, 'GET', `/accounts/${a.id}`)).status).toBe(401);
    expect((await call(rotated.body.cloudToken, 'GET', `/accounts/${a.id}`)).status).toBe(200);
    expect((await stack.api('POST', `/accounts/${a.id}/automation-tokens/${first.jti}/rotate`)).status).toBe(409);
    const listed = await stack.api<Array<{ jti: string; revoked: boolean }>>('GET', `/accounts/${a.id}/automation-tokens`);
    expect(listed.body.find((t) => t.jti === first.jti)?.revoked).toBe(true);

    expect((await stack.api('POST', `/accounts/${a.id}/tokens/${rotated.body.jti}/revoke`)).status).toBe(204);
    expect((await call(rotated.body.cloudToken, 'GET', `/accounts/${a.id}`)).status).toBe(401);
    // Another account cannot rotate it.
    expect((await stack.api('POST', `/accounts/${b.id}/automation-tokens/${rotated.body.jti}/rotate`)).status).toBe(404);
  });

  it('documents its calls in OpenAPI with their summaries and operation ids', async () => {
    const doc = (await (await fetch(`${stack.controlPlaneUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { operationId?: string; summary?: string }>> };
    const operation = (path: string, method: string) => doc.paths[path]?.[method];
    expect(operation('/api/v1/accounts/{accountId}/automation-tokens', 'post')).toMatchObject({ operationId: 'createAutomationToken', summary: expect.any(String) });
    expect(operation('/api/v1/accounts/{accountId}/automation-tokens', 'get')).toMatchObject({ operationId: 'listAutomationTokens', summary: expect.any(String) });
    expect(operation('/api/v1/accounts/{accountId}/automation-tokens/{jti}/rotate', 'post')).toMatchObject({ operationId: 'rotateAutomationToken', summary: expect.any(String) });
    expect(operation('/api/v1/accounts/{accountId}/environments/{envId}/applications', 'get')).toMatchObject({ operationId: 'listApplications', summary: expect.any(String) });
    expect(Object.keys(doc.paths).some((p) => p.includes('internal'))).toBe(false);
  });
});
