/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON answers field by field */
import 'reflect-metadata';
import { cloudGateUrlFor, decodeLicense, decodeUnverified, verifyLicense } from '@app/contracts';
import { ControlPlane, GATE_URLS, createTestDatabase, http, startControlPlane, verifyWithJwks } from './control-plane.support';

/**
 * The control plane over HTTP, as an operator and the tools around Gravitee Cloud use it:
 * accounts → environments → gateways → installation details, token and license checks,
 * key rotation, revocation, refused input, and a restart on the same database.
 */
describe('control plane', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let cp: ControlPlane;
  let admin: string;
  const api = (path: string) => `${cp.base}/api/v1${path}`;

  beforeAll(async () => {
    db = await createTestDatabase('cp_e2e');
    cp = await startControlPlane(db.url);
    const printed = /Admin token: (\S+)/.exec(cp.app.output());
    if (!printed) throw new Error(`no admin token printed:\n${cp.app.output()}`);
    admin = printed[1];
  });

  afterAll(async () => {
    await cp?.app.stop();
    await db?.drop();
  });

  it('prints the generated admin token once and refuses operator calls without it', async () => {
    expect(cp.app.output().match(/Admin token: /g)).toHaveLength(1);
    expect((await http('GET', api('/accounts'))).status).toBe(401);
    const wrong = await http('GET', api('/accounts'), { token: 'not-the-admin-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await http('GET', api('/accounts'), { token: admin })).status).toBe(200);
  });

  it('documents the operator API in OpenAPI', async () => {
    const doc = await http('GET', `${cp.base}/api/docs-json`);
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/accounts',
        '/api/v1/accounts/{accountId}/gateways/{gatewayId}/installation-details',
        '/api/v1/accounts/{accountId}/tokens/{jti}/revoke',
        '/api/v1/accounts/{accountId}/environments/{envId}/apis/{apiId}/plans/{planId}/subscriptions',
        '/.well-known/jwks.json',
      ]),
    );
    expect(paths.some((p) => p.startsWith('/internal'))).toBe(false);
    expect(paths).not.toContain('/metrics');
    expect(doc.body.components.schemas.CreateGatewayDto.properties.platform.enum).toEqual(['docker', 'kubernetes', 'openshift', 'linux']);
  });

  describe('account → environment → gateway → installation details', () => {
    let account: any;
    let environment: any;
    let gateway: any;
    let details: any;

    beforeAll(async () => {
      const created = await http('POST', api('/accounts'), { token: admin, body: { name: 'Acme', region: 'us' } });
      expect(created.status).toBe(201);
      account = created.body;
      const env = await http('POST', api(`/accounts/${account.id}/environments`), { token: admin, body: { name: 'Production' } });
      expect(env.status).toBe(201);
      environment = env.body;
      const gw = await http('POST', api(`/accounts/${account.id}/gateways`), {
        token: admin,
        body: { name: 'edge-1', platform: 'kubernetes', environmentId: environment.id, accessPoints: ['apis.acme.example'] },
      });
      expect(gw.status).toBe(201);
      gateway = gw.body;
      const d = await http('POST', api(`/accounts/${account.id}/gateways/${gateway.id}/installation-details`), { token: admin });
      expect(d.status).toBe(201);
      details = d.body;
    });

    it('creates the account with its organization, analytics index and a first environment', async () => {
      expect(account).toMatchObject({ name: 'Acme', region: 'us' });
      expect(account.organizationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(account.analyticsIndexId).toMatch(/^[a-z0-9]+$/);
      expect(account.environments).toHaveLength(1);
      const fetched = await http('GET', api(`/accounts/${account.id}`), { token: admin });
      expect(fetched.body.environments.map((e: any) => e.name)).toEqual([account.environments[0].name, 'Production']);
      expect(gateway).toMatchObject({ name: 'edge-1', platform: 'kubernetes', environmentId: environment.id, accessPoints: ['apis.acme.example'] });
      expect(gateway.status).toBe('pending');
      expect(gateway.instances).toEqual([]);
    });

    it('issues a Cloud Token with exactly the SPEC header and claims, signed by a JWKS key', async () => {
      const jwks = (await http('GET', `${cp.base}/.well-known/jwks.json`)).body;
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS512' });
      const { header, claims } = verifyWithJwks(details.cloudToken, jwks);
      expect(header).toEqual({ alg: 'RS512', typ: 'JWT', kid: jwks.keys[0].kid });
      const now = Math.floor(Date.now() / 1000);
      expect(Object.keys(claims).sort()).toEqual(
        ['acc', 'aud', 'cp', 'cpg', 'cpp', 'cpr', 'dpm', 'envs', 'exp', 'iat', 'idx', 'iss', 'jti', 'meta', 'org', 'scopes', 'target'].sort(),
      );
      expect(claims).toMatchObject({
        iss: 'GraviteeCloud',
        aud: 'CloudGate',
        org: account.organizationId,
        envs: [environment.id],
        cpg: 'us',
        cpr: 'eastus',
        cpp: 'az',
        cp: 'cp-local',
        dpm: 'hybrid',
        target: 'apim',
        scopes: ['sync', 'reports'],
        meta: { GATEWAYID: gateway.id },
        acc: account.id,
        idx: account.analyticsIndexId,
      });
      expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Math.abs(claims.iat - now)).toBeLessThan(120);
      expect(claims.exp - claims.iat).toBe(365 * 86_400);
      const tokens = (await http('GET', api(`/accounts/${account.id}/tokens`), { token: admin })).body;
      expect(tokens).toEqual([expect.objectContaining({ jti: claims.jti, gatewayId: gateway.id, revoked: false, revokedAt: null })]);
    });

    it('issues a License3j license that verifies with the published license public key', async () => {
      const published = await http('GET', api('/license/public-key'));
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ algorithm: 'RSA', format: 'spki-pem' });
      const bytes = Buffer.from(details.licenseKey, 'base64');
      expect(bytes.readInt32BE(0)).toBe(0x21ce4e5e);
      const license = verifyLicense(bytes, published.body.publicKey);
      expect(license).toMatchObject({ company: 'Acme', tier: 'universe', signatureDigest: 'SHA-256' });
      expect(license.expiryDate.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
      // One changed byte breaks the signature.
      const tampered = Buffer.from(bytes);
      tampered[tampered.indexOf(Buffer.from('Acme'))] = 'a'.charCodeAt(0);
      expect(decodeLicense(tampered).company).toBe('acme');
      expect(() => verifyLicense(tampered, published.body.publicKey)).toThrow(/signature/);
    });

    it('points the operator way of reading the token (org, envs, cpg unverified) at the right gate', () => {
      const claims = decodeUnverified<{ org: string; envs: string[]; cpg: string }>(details.cloudToken);
      expect(claims).toMatchObject({ org: account.organizationId, envs: [environment.id], cpg: 'us' });
      const overrides = Object.fromEntries(GATE_URLS.split(',').map((p) => p.split('=')));
      expect(cloudGateUrlFor(claims!.cpg, 'https://{cpg}.cloudgate.gravitee.io', overrides)).toBe('https://127.0.0.1:8092');
      expect(cloudGateUrlFor(claims!.cpg, 'https://{cpg}.cloudgate.gravitee.io')).toBe('https://us.cloudgate.gravitee.io');
      expect(details.cloudGateUrl).toBe('https://127.0.0.1:8092');
    });

    it('fills the install snippets with the real token, license and version', () => {
      const { docker, helm, openshift, linux } = details.install;
      expect(docker).toContain(`-e gravitee_cloud_token=${details.cloudToken}`);
      expect(docker).toContain(`-e gravitee_license_key=${details.licenseKey}`);
      expect(docker).toContain('graviteeio/apim-gateway:4.6.7');
      for (const yaml of [helm, openshift]) {
        expect(yaml).toContain(`value: "${details.cloudToken}"`);
        expect(yaml).toContain(`key: "${details.licenseKey}"`);
        expect(yaml).toMatch(/tag: 4\.6\.7/);
      }
      expect(openshift).toContain('- apis.acme.example');
      expect(linux).toContain(`token: ${details.cloudToken}`);
      expect(linux).toContain(`key: ${details.licenseKey}`);
    });

    it('keeps tokens issued before a key rotation verifiable, and signs new ones with the new key', async () => {
      const before = details.cloudToken as string;
      const rotated = await http('POST', api('/admin/signing-keys/rotate'), { token: admin });
      expect(rotated.status).toBe(201);
      const after = (await http('POST', api(`/accounts/${account.id}/gateways/${gateway.id}/installation-details`), { token: admin })).body;
      const jwks = (await http('GET', `${cp.base}/.well-known/jwks.json`)).body;
      expect(jwks.keys[0].kid).toBe(rotated.body.kid);
      expect(jwks.keys.map((k: any) => k.kid)).toContain(rotated.body.retiredKid);
      expect(verifyWithJwks(after.cloudToken, jwks).header.kid).toBe(rotated.body.kid);
      expect(verifyWithJwks(before, jwks).header.kid).toBe(rotated.body.retiredKid);
    });

    it('revokes a token by jti and lists it as revoked', async () => {
      const jti = decodeUnverified<{ jti: string }>(details.cloudToken)!.jti;
      const revoked = await http('POST', api(`/accounts/${account.id}/tokens/${jti}/revoke`), { token: admin });
      expect(revoked.status).toBe(204);
      const tokens = (await http('GET', api(`/accounts/${account.id}/tokens`), { token: admin })).body as any[];
      const entry = tokens.find((t) => t.jti === jti);
      expect(entry).toMatchObject({ revoked: true });
      expect(Date.parse(entry.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(tokens.filter((t) => t.revoked)).toHaveLength(1);
      // Unknown jti of this account, or a jti of nobody: 404.
      expect((await http('POST', api(`/accounts/${account.id}/tokens/00000000-0000-4000-8000-000000000000/revoke`), { token: admin })).status).toBe(404);
    });

    describe('bad input gets a clear 4xx and changes nothing', () => {
      async function counts() {
        const accounts = (await http('GET', api('/accounts'), { token: admin })).body as any[];
        const gateways = (await http('GET', api(`/accounts/${account.id}/gateways`), { token: admin })).body as any[];
        const apis = (await http('GET', api(`/accounts/${account.id}/environments/${environment.id}/apis`), { token: admin })).body as any[];
        const envs = accounts.reduce((n, a) => n + a.environments.length, 0);
        return { accounts: accounts.length, envs, gateways: gateways.length, apis: apis.length };
      }

      it.each([
        ['unknown region', 'POST', '/accounts', { name: 'X', region: 'asia' }, 400, /region must be one of eu, us/],
        ['empty account name', 'POST', '/accounts', { name: '   ', region: 'eu' }, 400, /name must not be empty/],
        ['unexpected field', 'POST', '/accounts', { name: 'X', region: 'eu', plan: 'gold' }, 400, /property plan should not exist/],
      ])('%s', async (_label, method, path, body, status, message) => {
        const before = await counts();
        const res = await http(method, api(path), { token: admin, body });
        expect(res.status).toBe(status);
        expect(res.body).toMatchObject({ statusCode: status, error: 'Bad Request' });
        expect(res.body.message).toMatch(message);
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String), errors: expect.any(Array) })]));
        expect(await counts()).toEqual(before);
      });

      it('refuses an unknown platform, an empty gateway name, an unknown or foreign environment', async () => {
        const before = await counts();
        const other = (await http('POST', api('/accounts'), { token: admin, body: { name: 'Other', region: 'eu' } })).body;
        const base = { name: 'gw', platform: 'docker', environmentId: environment.id, accessPoints: [] };
        const platform = await http('POST', api(`/accounts/${account.id}/gateways`), { token: admin, body: { ...base, platform: 'windows' } });
        expect(platform.status).toBe(400);
        expect(platform.body.message).toMatch(/platform must be one of docker, kubernetes, openshift, linux/);
        const empty = await http('POST', api(`/accounts/${account.id}/gateways`), { token: admin, body: { ...base, name: '' } });
        expect(empty.status).toBe(400);
        expect(empty.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
        const unknownEnv = await http('POST', api(`/accounts/${account.id}/gateways`), {
          token: admin,
          body: { ...base, environmentId: '00000000-0000-4000-8000-000000000000' },
        });
        expect(unknownEnv.status).toBe(404);
        expect(unknownEnv.body.message).toMatch(/environment .* does not exist/);
        const foreignEnv = await http('POST', api(`/accounts/${account.id}/gateways`), {
          token: admin,
          body: { ...base, environmentId: other.environments[0].id },
        });
        expect(foreignEnv.status).toBe(404);
        const after = await counts();
        expect(after).toEqual({ ...before, accounts: before.accounts + 1, envs: before.envs + 1 });
      });

      it('refuses a context path already used in the environment with 409, but allows it in another', async () => {
        const body = { name: 'Echo', contextPath: '/clash', target: 'http://127.0.0.1:9/echo' };
        expect((await http('POST', api(`/accounts/${account.id}/environments/${environment.id}/apis`), { token: admin, body })).status).toBe(201);
        const before = await counts();
        const clash = await http('POST', api(`/accounts/${account.id}/environments/${environment.id}/apis`), {
          token: admin,
          body: { ...body, name: 'Echo 2', contextPath: '/clash/' },
        });
        expect(clash.status).toBe(409);
        expect(clash.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
        expect(clash.body.message).toMatch(/context path \/clash is already used/);
        expect(await counts()).toEqual(before);
        const elsewhere = await http('POST', api(`/accounts/${account.id}/environments/${account.environments[0].id}/apis`), { token: admin, body });
        expect(elsewhere.status).toBe(201);
      });

      it.each([
        ['GET', '/accounts/not-a-uuid'],
        ['GET', '/accounts/123/gateways'],
        ['POST', '/accounts/x/environments'],
        ['POST', '/accounts/00000000-0000-4000-8000-000000000000/tokens/nope/revoke'],
      ])('refuses a malformed id in %s %s with 400', async (method, path) => {
        const res = await http(method, api(path), { token: admin, body: method === 'POST' ? { name: 'x' } : undefined });
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/uuid/i);
      });

      it('answers 404 for unknown ids', async () => {
        const missing = '00000000-0000-4000-8000-000000000000';
        expect((await http('GET', api(`/accounts/${missing}`), { token: admin })).status).toBe(404);
        expect((await http('POST', api(`/accounts/${account.id}/gateways/${missing}/installation-details`), { token: admin })).status).toBe(404);
        expect((await http('POST', api(`/accounts/${account.id}/environments/${environment.id}/apis/${missing}/deploy`), { token: admin })).status).toBe(404);
        expect((await http('GET', api(`/accounts/${missing}/tokens`), { token: admin })).status).toBe(404);
      });
    });

    it('keeps accounts, keys and issued tokens valid across a restart', async () => {
      const jwksBefore = (await http('GET', `${cp.base}/.well-known/jwks.json`)).body;
      const licenseKeyBefore = (await http('GET', api('/license/public-key'))).body.publicKey;
      const fresh = (await http('POST', api(`/accounts/${account.id}/gateways/${gateway.id}/installation-details`), { token: admin })).body;
      await cp.app.stop();
      cp = await startControlPlane(db.url, {}, cp.port);
      expect(cp.app.output()).not.toMatch(/Admin token:/);
      expect((await http('GET', api(`/accounts/${account.id}`), { token: admin })).body).toMatchObject({ id: account.id, name: 'Acme' });
      const jwksAfter = (await http('GET', `${cp.base}/.well-known/jwks.json`)).body;
      expect(jwksAfter).toEqual(jwksBefore);
      expect(verifyWithJwks(fresh.cloudToken, jwksAfter).claims.acc).toBe(account.id);
      const licenseKeyAfter = (await http('GET', api('/license/public-key'))).body.publicKey;
      expect(licenseKeyAfter).toBe(licenseKeyBefore);
      expect(() => verifyLicense(Buffer.from(fresh.licenseKey, 'base64'), licenseKeyAfter)).not.toThrow();
      const tokens = (await http('GET', api(`/accounts/${account.id}/tokens`), { token: admin })).body as any[];
      expect(tokens.filter((t) => t.revoked)).toHaveLength(1);
      expect(tokens.length).toBe(3);
    });
  });
});
