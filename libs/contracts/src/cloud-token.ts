/** Claims of a Cloud Token (SPEC §2). Names follow real Gravitee Cloud tokens; `acc` and `idx` are ours. */
export const CLOUD_TOKEN_AUDIENCE = 'CloudGate';
export const CLOUD_TOKEN_ALGORITHM = 'RS512';
/** Scopes of a hybrid gateway installation's token: it names the installation (`meta.GATEWAYID`). */
export const GATEWAY_SCOPES = ['sync', 'reports'] as const;
/** Scopes of an account's automation token (SPEC §10): the Automation API and the control-plane API, no installation. */
export const AUTOMATION_SCOPES = ['automation', 'rest'] as const;
export const CLOUD_TOKEN_SCOPES = [...GATEWAY_SCOPES, ...AUTOMATION_SCOPES] as const;
export type CloudTokenScope = (typeof CLOUD_TOKEN_SCOPES)[number];
export type GatewayScope = (typeof GATEWAY_SCOPES)[number];

export const isGatewayScope = (scope: CloudTokenScope): scope is GatewayScope => (GATEWAY_SCOPES as readonly string[]).includes(scope);
export const GEOGRAPHIES = ['eu', 'us'] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

/** Claims every Cloud Token carries, whatever it is for. */
export interface CloudTokenBaseClaims {
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
  acc: string;
  idx: string;
}

/** A hybrid gateway installation's token. */
export interface CloudTokenClaims extends CloudTokenBaseClaims {
  meta: { GATEWAYID: string };
}

/** An account's automation token: scopes `automation` and `rest`, no installation behind it. */
export interface AutomationTokenClaims extends CloudTokenBaseClaims {
  meta?: undefined;
}

export type AnyCloudTokenClaims = CloudTokenClaims | AutomationTokenClaims;

/** What a Cloud Gate knows about the caller once its token is verified; tenancy never comes from a body. */
export interface TokenIdentity {
  tokenId: string;
  accountId: string;
  organizationId: string;
  environmentIds: string[];
  analyticsIndexId: string;
  /** Set on gateway installation tokens only. */
  gatewayId?: string;
  geography: Geography;
  scopes: CloudTokenScope[];
}

/** The caller of a gateway route (`sync`, `reports`): always a gateway installation. */
export interface GatewayIdentity extends TokenIdentity {
  gatewayId: string;
}

export function identityFromClaims(claims: CloudTokenClaims): GatewayIdentity;
export function identityFromClaims(claims: AnyCloudTokenClaims): TokenIdentity;
export function identityFromClaims(claims: AnyCloudTokenClaims): TokenIdentity {
  return {
    tokenId: claims.jti,
    accountId: claims.acc,
    organizationId: claims.org,
    environmentIds: claims.envs,
    analyticsIndexId: claims.idx,
    ...(claims.meta?.GATEWAYID ? { gatewayId: claims.meta.GATEWAYID } : {}),
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
