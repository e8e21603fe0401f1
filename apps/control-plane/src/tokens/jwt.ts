import { createSign } from 'node:crypto';
import { CLOUD_TOKEN_ALGORITHM } from '@app/contracts';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** JWS compact serialization, RS512, with the signing key's `kid` so verifiers pick the right JWKS key. */
export function signRs512(claims: object, kid: string, privateKeyPem: string): string {
  const signingInput = `${b64url({ alg: CLOUD_TOKEN_ALGORITHM, typ: 'JWT', kid })}.${b64url(claims)}`;
  const signature = createSign('RSA-SHA512').update(signingInput).sign(privateKeyPem).toString('base64url');
  return `${signingInput}.${signature}`;
}
