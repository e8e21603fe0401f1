import { StartupRefusal } from './startup-refusal';
import { CloudTokenClaims, GEOGRAPHIES, decodeUnverified } from '@app/contracts';

function refuse(problem: string): never {
  throw new StartupRefusal('GRAVITEE_CLOUD_TOKEN', problem);
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Reads the claims the gateway needs from its Cloud Token. The gateway cannot check the signature
 * (the Cloud Gate does); it refuses what is visibly unusable: not a JWT, expired, no geography.
 */
export function readCloudToken(token: string, now: number = Date.now()): CloudTokenClaims {
  const claims = decodeUnverified<Partial<CloudTokenClaims>>(token.trim());
  if (!claims || typeof claims !== 'object') refuse('not a Cloud Token (expected a signed JWT: three base64url parts)');
  if (typeof claims.exp !== 'number') refuse('the token has no expiry (exp)');
  if (claims.exp * 1000 <= now) refuse(`the token expired at ${new Date(claims.exp * 1000).toISOString()}; get a new one from the installation details`);
  if (typeof claims.cpg !== 'string' || !(GEOGRAPHIES as readonly string[]).includes(claims.cpg)) {
    refuse(`the token names no known control-plane geography (cpg ${JSON.stringify(claims.cpg)}; expected one of ${GEOGRAPHIES.join(', ')})`);
  }
  if (typeof claims.org !== 'string' || claims.org === '') refuse('the token names no organization (org)');
  if (!isStringArray(claims.envs) || claims.envs.length === 0) refuse('the token names no environments (envs)');
  if (!isStringArray(claims.scopes) || !claims.scopes.includes('sync')) refuse('the token does not carry the sync scope');
  if (typeof claims.meta?.GATEWAYID !== 'string') refuse('the token names no gateway installation (meta.GATEWAYID)');
  return claims as CloudTokenClaims;
}
