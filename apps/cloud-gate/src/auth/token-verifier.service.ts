import { KeyObject, verify as verifySignature } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import {
  CLOUD_TOKEN_ALGORITHM,
  CLOUD_TOKEN_AUDIENCE,
  AnyCloudTokenClaims,
  CLOUD_TOKEN_SCOPES,
  GEOGRAPHIES,
  TokenIdentity,
  identityFromClaims,
  isGatewayScope,
} from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { JwksService } from './jwks.service';
import { RevocationStore } from './revocation.store';

interface JwsHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
  crit?: unknown;
}

const invalid = (message: string) => new CloudGateError('TOKEN_INVALID', message);

/** Tokens whose signature was verified, so a gateway's every call does not pay an RS512 verification. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Cloud Token verification exactly as SPEC §2: RS512 against the control plane's JWKS, audience,
 * issuer, expiry and not-before with clock skew, claim shapes, revocation. Scope and region are the
 * guard's business (they depend on the route and on this gate).
 */
@Injectable()
export class TokenVerifier {
  private readonly verified = new Map<string, { key: KeyObject; kid: string; claims: AnyCloudTokenClaims }>();

  constructor(
    private readonly config: CloudGateConfig,
    private readonly jwks: JwksService,
    private readonly revocations: RevocationStore,
  ) {}

  async verify(token: string): Promise<TokenIdentity> {
    // A cached signature check holds only while the very key object it was checked with is still the
    // control plane's key for that kid; times and revocation are checked on every call.
    const cached = this.verified.get(token);
    if (cached && this.jwks.peek(cached.kid) === cached.key) return this.admit(cached.claims);
    if (cached) this.verified.delete(token);

    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw invalid('the token is not a JWS compact serialization');
    const [encodedHeader, encodedPayload, encodedSignature] = parts;
    const header = decodeJson<JwsHeader>(encodedHeader, 'header');
    // Decided from the header before any key is touched: `none` and HMAC never reach verification.
    if (header.alg !== CLOUD_TOKEN_ALGORITHM) throw invalid(`alg must be ${CLOUD_TOKEN_ALGORITHM}`);
    if (header.typ !== undefined && header.typ !== 'JWT') throw invalid('typ must be JWT');
    if (typeof header.kid !== 'string' || header.kid === '') throw invalid('kid is missing');
    // RFC 7515 §4.1.11: extensions named in `crit` must be understood, and this gate understands none.
    if (header.crit !== undefined) throw invalid('the token header names critical extensions (crit), which this gate does not support');

    const key = await this.jwks.keyFor(header.kid);
    if (!key) throw invalid('the token was not signed by a key of this control plane');
    const signature = Buffer.from(encodedSignature, 'base64url');
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
    if (signature.length === 0 || !verifySignature('sha512', signed, key, signature)) throw invalid('bad signature');

    const claims = decodeJson<Partial<AnyCloudTokenClaims>>(encodedPayload, 'payload');
    this.checkTimes(claims);
    this.checkAudienceAndIssuer(claims);
    const checked = checkShape(claims);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { key, kid: header.kid, claims: checked });
    return this.admit(checked);
  }

  private admit(claims: AnyCloudTokenClaims): TokenIdentity {
    this.checkTimes(claims);
    if (this.revocations.isRevoked(claims.jti)) throw new CloudGateError('TOKEN_REVOKED', 'the token has been revoked');
    return identityFromClaims(claims);
  }

  private checkTimes(claims: Partial<AnyCloudTokenClaims>): void {
    const now = Date.now() / 1000;
    const skew = this.config.TOKEN_CLOCK_SKEW_SECONDS;
    if (typeof claims.exp !== 'number') throw invalid('exp is missing');
    if (now > claims.exp + skew) throw new CloudGateError('TOKEN_EXPIRED', 'the token has expired');
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now + skew < claims.nbf)) throw invalid('the token is not valid yet');
    // A token issued in the future was not issued by a control plane whose clock we share.
    if (claims.iat !== undefined && (typeof claims.iat !== 'number' || now + skew < claims.iat)) throw invalid('the token is issued in the future (iat)');
  }

  private checkAudienceAndIssuer(claims: Partial<AnyCloudTokenClaims>): void {
    const aud: unknown = claims.aud;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(CLOUD_TOKEN_AUDIENCE)) throw invalid(`aud must be ${CLOUD_TOKEN_AUDIENCE}`);
    if (claims.iss !== this.config.TOKEN_ISSUER) throw invalid('unexpected issuer');
  }
}

function decodeJson<T>(segment: string, what: string): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as T;
  } catch {
    /* reported below */
  }
  throw invalid(`the token ${what} is not a JSON object`);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Tenancy comes from these claims, so a token missing any of them is useless, however well signed.
 * A token for gateway routes (`sync`, `reports`) must name its installation; an automation token
 * (`automation`, `rest`) has none, and is good only where the automation scope is needed.
 */
function checkShape(claims: Partial<AnyCloudTokenClaims>): AnyCloudTokenClaims {
  const missing: string[] = [];
  if (!isText(claims.jti)) missing.push('jti');
  if (!isText(claims.org)) missing.push('org');
  if (!isText(claims.acc)) missing.push('acc');
  if (!isText(claims.idx)) missing.push('idx');
  if (!Array.isArray(claims.envs) || !claims.envs.every(isText)) missing.push('envs');
  if (!GEOGRAPHIES.includes(claims.cpg as never)) missing.push('cpg');
  const scopesOk = Array.isArray(claims.scopes) && claims.scopes.length > 0 && claims.scopes.every((s) => CLOUD_TOKEN_SCOPES.includes(s));
  if (!scopesOk) missing.push('scopes');
  if (scopesOk && claims.scopes?.some(isGatewayScope) && !isText(claims.meta?.GATEWAYID)) missing.push('meta.GATEWAYID');
  if (missing.length > 0) throw invalid(`claims missing or malformed: ${missing.join(', ')}`);
  return claims as AnyCloudTokenClaims;
}
