import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { Transaction } from '../database/unit-of-work';
import { TokenView } from './dto/token.dto';
import { IssuedTokenEntity } from './issued-token.entity';
import { TokensRepository } from './tokens.repository';

/** A token's last use is written at most this often per control-plane process. */
const SEEN_EVERY_MS = 15_000;
/** Tokens whose last write this process remembers; past it the memory starts over (one extra write each). */
const SEEN_REMEMBERED = 10_000;

export interface Revocation {
  jti: string;
  revokedAt: number;
}

@Injectable()
export class TokensService {
  private readonly seenWrittenAt = new Map<string, number>();

  constructor(
    private readonly issued: TokensRepository,
    private readonly accounts: AccountsService,
    private readonly changes: ChangeBus,
  ) {}

  async list(accountId: string): Promise<TokenView[]> {
    await this.accounts.require(accountId);
    const rows = await this.issued.listForAccount(accountId);
    return rows.map(toView);
  }

  /** Every token of every account (the control plane's own metrics). */
  async all(): Promise<TokenView[]> {
    return (await this.issued.listAll()).map(toView);
  }

  /** An installation's tokens, newest first (the caller has checked the gateway is the account's). */
  async ofGateway(accountId: string, gatewayId: string): Promise<TokenView[]> {
    return (await this.issued.listForGateway(accountId, gatewayId)).map(toView);
  }

  /** Idempotent: revoking a revoked token keeps its first revocation time. Gates hear about it at once. */
  async revoke(accountId: string, jti: string): Promise<void> {
    await this.accounts.require(accountId);
    const token = await this.issued.findInAccount(accountId, jti);
    if (!token) throw new ControlPlaneError('NOT_FOUND', `token ${jti} was not issued for account ${accountId}`);
    if (token.revokedAt) return;
    const revokedAt = new Date();
    await this.issued.markRevoked(jti, revokedAt);
    await this.announce([{ jti, revokedAt: revokedAt.getTime() }]);
  }

  /**
   * Revokes every live token of an installation (but `keep`) inside the caller's transaction; the
   * caller announces the answer with `announce` once the transaction has committed.
   */
  async revokeInstallation(tx: Transaction, accountId: string, gatewayId: string, keep?: string): Promise<Revocation[]> {
    const revokedAt = new Date();
    const jtis = await this.issued.revokeAllOfGateway(tx, accountId, gatewayId, revokedAt, keep);
    return jtis.map((jti) => ({ jti, revokedAt: revokedAt.getTime() }));
  }

  /** Tells the gates about committed revocations. */
  async announce(revocations: Revocation[]): Promise<void> {
    for (const data of revocations) await this.changes.publish({ event: 'revocation', data });
  }

  /** A gate forwarded a call made with the token: its last use moves forward (written at most every 15 s). */
  async seen(jti: string, at = Date.now()): Promise<void> {
    const written = this.seenWrittenAt.get(jti);
    if (written !== undefined && at - written < SEEN_EVERY_MS) return;
    if (this.seenWrittenAt.size >= SEEN_REMEMBERED) this.seenWrittenAt.clear();
    this.seenWrittenAt.set(jti, at);
    await this.issued.markSeen(jti, new Date(at));
  }

  /** Revoked tokens for the gates: since a time, or every revoked token not yet expired. */
  async revokedSince(since: number | undefined): Promise<Revocation[]> {
    const rows = since === undefined ? await this.issued.revokedUnexpired() : await this.issued.revokedSince(new Date(since));
    return rows.map((t) => ({ jti: t.jti, revokedAt: (t.revokedAt as Date).getTime() }));
  }
}

function toView(t: IssuedTokenEntity): TokenView {
  return {
    jti: t.jti,
    kind: t.kind,
    gatewayId: t.gatewayId,
    name: t.name,
    environmentIds: t.environmentIds,
    kid: t.kid,
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revoked: t.revokedAt !== null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastSeenAt: t.lastSeenAt?.toISOString() ?? null,
  };
}
