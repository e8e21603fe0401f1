import { Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey, verify as verifySignature } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { AutomationTokenClaims, CLOUD_TOKEN_ALGORITHM, CLOUD_TOKEN_AUDIENCE } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { KeyStoreService } from '../keys/key-store.service';
import { TokensRepository } from './tokens.repository';

/** The caller of the control-plane API when it presents an account's automation token. */
export interface AutomationPrincipal {
  kind: 'automation';
  tokenId: string;
  accountId: string;
  environmentIds: string[];
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const refused = (why: string) => new ControlPlaneError('UNAUTHORIZED', `the automation token is not valid: ${why}`);

/** Whether a bearer credential has the form of a Cloud Token (a JWS), rather than of the admin token. */
export const looksLikeCloudToken = (credential: string): boolean => JWS.test(credential);

/**
 * Verifies an automation token presented to the control-plane API (SPEC §8, §10) as a Cloud Gate
 * would (RS512 with one of our signing keys, `aud`, `iss`, times with skew, no `crit`), then against
 * the registry, which is here: the token must be an automation token of its account, not revoked.
 */
@Injectable()
export class AutomationTokenVerifier {
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(
    private readonly keys: KeyStoreService,
    private readonly issued: TokensRepository,
    private readonly config: ControlPlaneConfig,
  ) {}

  async verify(token: string): Promise<AutomationPrincipal> {
    if (!looksLikeCloudToken(token)) throw refused('not a JWS compact serialization');
    const [encodedHeader, encodedPayload, encodedSignature] = token.split('.');
    const header = decodeObject(encodedHeader, 'header');
    if (header.alg !== CLOUD_TOKEN_ALGORITHM) throw refused(`alg must be ${CLOUD_TOKEN_ALGORITHM}`);
    if (header.typ !== undefined && header.typ !== 'JWT') throw refused('typ must be JWT');
    if (header.crit !== undefined) throw refused('crit is not supported');
    if (typeof header.kid !== 'string' || header.kid === '') throw refused('kid is missing');
    const key = await this.publicKey(header.kid);
    if (!key) throw refused('it was not signed by a key of this control plane');
    const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
    if (!verifySignature('sha512', signed, key, Buffer.from(encodedSignature, 'base64url'))) throw refused('bad signature');

    const claims = decodeObject(encodedPayload, 'payload') as Partial<AutomationTokenClaims>;
    this.checkClaims(claims);
    const row = await this.issued.findInAccount(claims.acc as string, claims.jti as string);
    if (!row || row.kind !== 'automation') throw refused('it is not an automation token of its account');
    if (row.revokedAt) throw new ControlPlaneError('UNAUTHORIZED', 'the automation token has been revoked');
    return { kind: 'automation', tokenId: row.jti, accountId: row.accountId, environmentIds: row.environmentIds };
  }

  private checkClaims(claims: Partial<AutomationTokenClaims>): void {
    const now = Date.now() / 1000;
    const skew = this.config.TOKEN_CLOCK_SKEW_SECONDS;
    if (typeof claims.exp !== 'number') throw refused('exp is missing');
    if (now > claims.exp + skew) throw new ControlPlaneError('UNAUTHORIZED', 'the automation token has expired');
    for (const time of [claims.nbf, claims.iat]) {
      if (time !== undefined && (typeof time !== 'number' || time > now + skew)) throw refused('it is not valid yet');
    }
    const audiences: unknown[] = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(CLOUD_TOKEN_AUDIENCE)) throw refused(`aud must be ${CLOUD_TOKEN_AUDIENCE}`);
    if (claims.iss !== this.config.TOKEN_ISSUER) throw refused('unexpected issuer');
    if (!Array.isArray(claims.scopes) || !claims.scopes.includes('rest')) throw refused('it lacks the rest scope');
    // Both are looked up as UUIDs in the registry: anything else could never have been issued here.
    if (typeof claims.jti !== 'string' || !UUID.test(claims.jti) || typeof claims.acc !== 'string' || !UUID.test(claims.acc)) throw refused('jti or acc is malformed');
  }

  private async publicKey(kid: string): Promise<KeyObject | undefined> {
    const cached = this.publicKeys.get(kid);
    if (cached) return cached;
    const row = await this.keys.byKid(kid);
    if (!row) return undefined;
    const key = createPublicKey(row.publicPem);
    this.publicKeys.set(kid, key);
    return key;
  }
}

function decodeObject(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw refused(`its ${what} is not a JSON object`);
}
