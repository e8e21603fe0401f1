import { KeyObject, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { CloudGateConfig } from '@app/config';
import { CloudGateError } from '../cloud-gate.errors';
import { JwksService } from './jwks.service';
import { RevocationStore } from './revocation.store';
import { TokenVerifier } from './token-verifier.service';

function sign(privateKey: KeyObject, kid: string, claims: Record<string, unknown>, extraHeader: Record<string, unknown> = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS512', typ: 'JWT', kid, ...extraHeader })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createSign('sha512').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

describe('TokenVerifier signature cache', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: 'GraviteeCloud', aud: 'CloudGate', jti: randomUUID(), iat: now, exp: now + 3600, org: 'org', envs: ['env'], cpg: 'eu', cpr: 'westeurope', cpp: 'az', cp: 'cp',
    dpm: 'hybrid', target: 'apim', scopes: ['sync', 'reports'], meta: { GATEWAYID: 'gw' }, acc: 'acc', idx: 'idx', ...extra,
  });
  let keys: Map<string, KeyObject>;
  let revoked: Set<string>;
  let lookups: number;
  let verifier: TokenVerifier;

  beforeEach(() => {
    keys = new Map([['k1', publicKey]]);
    revoked = new Set();
    lookups = 0;
    const jwks = { keyFor: async (kid: string) => (lookups++, keys.get(kid)), peek: (kid: string) => keys.get(kid) } as unknown as JwksService;
    const revocations = { isRevoked: (jti: string) => revoked.has(jti) } as unknown as RevocationStore;
    const config = Object.assign(new CloudGateConfig(), { TOKEN_ISSUER: 'GraviteeCloud', TOKEN_CLOCK_SKEW_SECONDS: 30 });
    verifier = new TokenVerifier(config, jwks, revocations);
  });

  it('verifies a token once, then answers from the cache', async () => {
    const token = sign(privateKey, 'k1', claims());
    await verifier.verify(token);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(lookups).toBe(1);
  });

  it('still refuses a cached token once it is revoked', async () => {
    const c = claims();
    const token = sign(privateKey, 'k1', c);
    await verifier.verify(token);
    revoked.add(c.jti);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' } satisfies Partial<CloudGateError>);
  });

  it('checks the signature again when the key of its kid is gone or replaced', async () => {
    const token = sign(privateKey, 'k1', claims());
    await verifier.verify(token);
    keys = new Map([['k1', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey]]);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    keys = new Map();
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('never caches a token that failed', async () => {
    const token = sign(privateKey, 'k1', claims({ aud: 'Elsewhere' }));
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(lookups).toBe(2);
  });

  it('refuses a header with crit, however well signed', async () => {
    await expect(verifier.verify(sign(privateKey, 'k1', claims(), { crit: ['exp'] }))).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringMatching(/crit/) });
    await expect(verifier.verify(sign(privateKey, 'k1', claims(), { crit: [] }))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses an iat or nbf later than now plus the skew allowance, and admits one within it', async () => {
    const at = Math.floor(Date.now() / 1000);
    const tenYears = 10 * 365 * 86_400;
    await expect(verifier.verify(sign(privateKey, 'k1', claims({ iat: at + tenYears, exp: at + tenYears + 3600 })))).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringMatching(/iat/) });
    // The allowance is 30 s: ten minutes ahead is past it however slowly this test runs.
    await expect(verifier.verify(sign(privateKey, 'k1', claims({ iat: at + 600 })))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(sign(privateKey, 'k1', claims({ nbf: at + 600 })))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(sign(privateKey, 'k1', claims({ iat: 'tomorrow' })))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(sign(privateKey, 'k1', claims({ iat: at + 10, nbf: at + 10 })))).resolves.toMatchObject({ tokenId: expect.any(String) });
  });
});

describe('TokenVerifier claim shapes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const base = {
    iss: 'GraviteeCloud', aud: 'CloudGate', iat: now, exp: now + 3600, org: 'org', envs: ['env'], cpg: 'eu', cpr: 'westeurope', cpp: 'az', cp: 'cp',
    dpm: 'hybrid', target: 'apim', acc: 'acc', idx: 'idx',
  };
  const jwks = { keyFor: async () => publicKey, peek: () => publicKey } as unknown as JwksService;
  const revocations = { isRevoked: () => false } as unknown as RevocationStore;
  const config = Object.assign(new CloudGateConfig(), { TOKEN_ISSUER: 'GraviteeCloud', TOKEN_CLOCK_SKEW_SECONDS: 30 });
  const verifier = new TokenVerifier(config, jwks, revocations);

  it('verifies an automation token, which names no gateway installation', async () => {
    const identity = await verifier.verify(sign(privateKey, 'k1', { ...base, jti: randomUUID(), scopes: ['automation', 'rest'] }));
    expect(identity).toMatchObject({ organizationId: 'org', environmentIds: ['env'], scopes: ['automation', 'rest'] });
    expect(identity.gatewayId).toBeUndefined();
  });

  it('refuses a token for gateway routes that names no installation', async () => {
    const token = sign(privateKey, 'k1', { ...base, jti: randomUUID(), scopes: ['sync', 'reports'] });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('meta.GATEWAYID') });
  });

  it('refuses unknown or empty scopes', async () => {
    await expect(verifier.verify(sign(privateKey, 'k1', { ...base, jti: randomUUID(), scopes: ['admin'] }))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(sign(privateKey, 'k1', { ...base, jti: randomUUID(), scopes: [] }))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
