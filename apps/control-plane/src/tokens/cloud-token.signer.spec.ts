import 'reflect-metadata';
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { CloudTokenClaims } from '@app/contracts';
import { CloudTokenSigner } from './cloud-token.signer';

describe('CloudTokenSigner', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const claims = {
    iss: 'GraviteeCloud', aud: 'CloudGate', jti: 'j-1', iat: 1_800_000_000, exp: 1_900_000_000, org: 'o', envs: ['e'], cpg: 'eu', cpr: 'westeurope',
    cpp: 'az', cp: 'cp', dpm: 'hybrid', target: 'apim', scopes: ['sync', 'reports'], meta: { GATEWAYID: 'g' }, acc: 'a', idx: 'i',
  } satisfies CloudTokenClaims;

  it('produces an RS512 JWS whose header names the key and whose claims are exactly the given ones', () => {
    const jwt = new CloudTokenSigner(new JwtService()).sign(claims, 'kid-1', privateKey);
    const [header, payload, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'kid-1' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(claims);
    const verify = (input: string) => createVerify('RSA-SHA512').update(input).verify(createPublicKey(publicKey), Buffer.from(signature, 'base64url'));
    expect(verify(`${header}.${payload}`)).toBe(true);
    expect(verify(`${header}.${payload}x`)).toBe(false);
  });
});
