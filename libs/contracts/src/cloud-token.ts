/** Claims of a Cloud Token (SPEC §2). Names follow real Gravitee Cloud tokens; `acc` and `idx` are ours. */
export const CLOUD_TOKEN_AUDIENCE = 'CloudGate';
export const CLOUD_TOKEN_ALGORITHM = 'RS512';
export const CLOUD_TOKEN_SCOPES = ['sync', 'reports'] as const;
export type CloudTokenScope = (typeof CLOUD_TOKEN_SCOPES)[number];
export const GEOGRAPHIES = ['eu', 'us'] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

export interface CloudTokenClaims {
  iss: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  org: string;
  envs: string[];
  cpg: Geography;
  cpr: string;
  cpp: string;
  cp: string;
  dpm: 'hybrid';
  target: 'apim';
  scopes: CloudTokenScope[];
  meta: { GATEWAYID: string };
  acc: string;
  idx: string;
}

/** What a Cloud Gate knows about the caller once its token is verified; tenancy never comes from a body. */
export interface GatewayIdentity {
  tokenId: string;
  accountId: string;
  organizationId: string;
  environmentIds: string[];
  analyticsIndexId: string;
  gatewayId: string;
  geography: Geography;
  scopes: CloudTokenScope[];
}

export function identityFromClaims(claims: CloudTokenClaims): GatewayIdentity {
  return {
    tokenId: claims.jti,
    accountId: claims.acc,
    organizationId: claims.org,
    environmentIds: claims.envs,
    analyticsIndexId: claims.idx,
    gatewayId: claims.meta.GATEWAYID,
    geography: claims.cpg,
    scopes: claims.scopes,
  };
}

/** Resolves the Cloud Gate base URL from a geography, the way gateways and the control plane both do. */
export function cloudGateUrlFor(geography: string, template: string, overrides?: Record<string, string>): string {
  const explicit = overrides?.[geography];
  return (explicit ?? template.replace(/\{cpg\}/g, geography)).replace(/\/+$/, '');
}

/** Decodes a JWT payload without verifying it (as the Kubernetes operator reads `org`, `envs`, `cpg`). */
export function decodeUnverified<T = Record<string, unknown>>(jwt: string): T | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
