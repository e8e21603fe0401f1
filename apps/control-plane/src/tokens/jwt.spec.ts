import 'reflect-metadata';
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { signRs512 } from './jwt';

describe('signRs512', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  it('produces a JWS whose RS512 signature verifies and whose header names the key', () => {
    const jwt = signRs512({ sub: 'x', n: 1 }, 'kid-1', privateKey);
    const [header, payload, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'kid-1' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ sub: 'x', n: 1 });
    const ok = createVerify('RSA-SHA512').update(`${header}.${payload}`).verify(createPublicKey(publicKey), Buffer.from(signature, 'base64url'));
    expect(ok).toBe(true);
    const tampered = createVerify('RSA-SHA512').update(`${header}.${payload}x`).verify(createPublicKey(publicKey), Buffer.from(signature, 'base64url'));
    expect(tampered).toBe(false);
  });
});
