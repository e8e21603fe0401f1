import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/control-plane/src/database/data-source';
import { Initial1764100000000 } from '../../apps/control-plane/src/database/migrations/1764100000000-initial';
import { ControlPlaneSchema1764200000000 } from '../../apps/control-plane/src/database/migrations/1764200000000-control-plane-schema';
import { ControlPlane, createTestDatabase, http, startControlPlane, verifyWithJwks } from '../e2e/control-plane.support';
import { startApp } from '../support/processes';

const ADMIN = `admin-${randomUUID()}`;
const newKek = () => randomBytes(32).toString('base64');
const PRIVATE_PEM = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/;

async function issueToken(cp: ControlPlane): Promise<{ cloudToken: string; licenseKey: string }> {
  const api = (path: string) => `${cp.base}/api/v1${path}`;
  const account = (await http('POST', api('/accounts'), { token: ADMIN, body: { name: 'Sealed', region: 'eu' } })).body;
  const gateway = (await http('POST', api(`/accounts/${account.id}/gateways`), { token: ADMIN, body: { name: 'gw', platform: 'docker', environmentId: account.environments[0].id, accessPoints: ['gw.example'] } })).body;
  return (await http('POST', api(`/accounts/${account.id}/gateways/${gateway.id}/installation-details`), { token: ADMIN })).body;
}

const jwksOf = async (cp: ControlPlane) => (await http('GET', `${cp.base}/.well-known/jwks.json`)).body;
const licensePublicKeyOf = async (cp: ControlPlane) => (await http('GET', `${cp.base}/api/v1/license/public-key`)).body.publicKey as string;

describe('signing and license keys at rest (real PostgreSQL, control plane processes)', () => {
  it('creates its key file (0600) at first start, keeps no private key in the clear in a database dump, and a restart with the same key keeps every issued token valid', async () => {
    const db = await createTestDatabase('kek_restart');
    // No KEY_ENCRYPTION_KEY: the key is made at first start, in a file of its own.
    const file = join(mkdtempSync(join(tmpdir(), 'kek-')), 'state', 'key-encryption-key');
    const env = { ADMIN_TOKEN: ADMIN, KEY_ENCRYPTION_KEY_FILE: file };
    try {
      const first = await startControlPlane(db.url, env);
      const issued = await issueToken(first);
      const licenseKey = await licensePublicKeyOf(first);
      await first.app.stop();
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const dump = execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(dump).toContain('kek1.');
      expect(dump).not.toMatch(PRIVATE_PEM);

      const second = await startControlPlane(db.url, env);
      try {
        expect(verifyWithJwks(issued.cloudToken, await jwksOf(second)).claims).toMatchObject({ aud: 'CloudGate' });
        expect(await licensePublicKeyOf(second)).toBe(licenseKey);
        const again = await issueToken(second);
        expect(verifyWithJwks(again.cloudToken, await jwksOf(second)).header.kid).toBe(verifyWithJwks(issued.cloudToken, await jwksOf(second)).header.kid);
      } finally {
        await second.app.stop();
      }
    } finally {
      await db.drop();
    }
  });

  it('stops with a message naming KEY_ENCRYPTION_KEY when started with another key', async () => {
    const db = await createTestDatabase('kek_wrong');
    try {
      const first = await startControlPlane(db.url, { ADMIN_TOKEN: ADMIN, KEY_ENCRYPTION_KEY: newKek() });
      await first.app.stop();
      const wrong = await startApp('control-plane', { DATABASE_URL: db.url, ADMIN_TOKEN: ADMIN, KEY_ENCRYPTION_KEY: newKek(), PORT: '0' });
      const code = await new Promise<number | null>((resolve) => wrong.process.once('exit', resolve));
      expect(code).toBe(1);
      expect(wrong.output()).toMatch(/control-plane: Invalid configuration:\n {2}- KEY_ENCRYPTION_KEY: the signing and license keys in the database were sealed with key-encryption key \S+, but this start has key \S+/);
      expect(wrong.output()).not.toMatch(/\n\s+at /);
    } finally {
      await db.drop();
    }
  });

  it('seals the keys an earlier version stored in the clear, and the tokens they signed stay valid', async () => {
    const db = await createTestDatabase('kek_migrate');
    const kid = `sig-legacy-${randomUUID().slice(0, 8)}`;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const legacyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // The schema as it was before keys were sealed, with a key stored as that version stored it.
    const before = new DataSource({ ...dataSourceOptions(db.url), entities: [], migrations: [Initial1764100000000, ControlPlaneSchema1764200000000], logging: false });
    await before.initialize();
    await before.query(`INSERT INTO key_material (kid, purpose, status, public_pem, private_pem) VALUES ($1, 'token-signing', 'active', $2, $3)`, [
      kid,
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      legacyPem,
    ]);
    await before.destroy();
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${part({ alg: 'RS512', typ: 'JWT', kid })}.${part({ aud: 'CloudGate', jti: randomUUID(), iat: now, exp: now + 3600 })}`;
    const legacyToken = `${input}.${createSign('RSA-SHA512').update(input).sign(privateKey).toString('base64url')}`;
    try {
      const cp = await startControlPlane(db.url, { ADMIN_TOKEN: ADMIN, KEY_ENCRYPTION_KEY: newKek() });
      try {
        expect(verifyWithJwks(legacyToken, await jwksOf(cp)).header.kid).toBe(kid);
        const check = new DataSource({ ...dataSourceOptions(db.url), entities: [], migrations: [], logging: false });
        await check.initialize();
        const rows: Array<{ private_key: string }> = await check.query('SELECT private_key FROM key_material');
        await check.destroy();
        expect(rows.length).toBeGreaterThanOrEqual(2);
        for (const row of rows) expect(row.private_key).toMatch(/^kek1\./);
        expect(JSON.stringify(rows)).not.toMatch(PRIVATE_PEM);
        expect(cp.app.output()).toMatch(/sealed 1 private key\(s\) stored in the clear/);
      } finally {
        await cp.app.stop();
      }
    } finally {
      await db.drop();
    }
  });
});
