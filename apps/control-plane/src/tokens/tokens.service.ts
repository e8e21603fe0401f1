import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { IssuedTokenEntity, TokenKind } from './issued-token.entity';
import { TokensRepository } from './tokens.repository';

export interface TokenView {
  jti: string;
  kind: TokenKind;
  /** The installation of a `gateway` token. */
  gatewayId: string | null;
  /** The name of an `automation` token. */
  name: string | null;
  environmentIds: string[];
  kid: string;
  issuedAt: string;
  expiresAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly issued: TokensRepository,
    private readonly accounts: AccountsService,
    private readonly changes: ChangeBus,
  ) {}

  async list(accountId: string): Promise<TokenView[]> {
    await this.accounts.require(accountId);
    const rows = await this.issued.listForAccount(accountId);
    return rows.map(toTokenView);
  }

  /** Idempotent: revoking a revoked token keeps its first revocation time. Gates hear about it at once. */
  async revoke(accountId: string, jti: string): Promise<void> {
    await this.accounts.require(accountId);
    const token = await this.issued.findInAccount(accountId, jti);
    if (!token) throw new ControlPlaneError('NOT_FOUND', `token ${jti} was not issued for account ${accountId}`);
    if (token.revokedAt) return;
    const revokedAt = new Date();
    await this.issued.markRevoked(jti, revokedAt);
    await this.changes.publish({ event: 'revocation', data: { jti, revokedAt: revokedAt.getTime() } });
  }

  /** Revoked tokens for the gates: since a time, or every revoked token not yet expired. */
  async revokedSince(since: number | undefined): Promise<Array<{ jti: string; revokedAt: number }>> {
    const rows = since === undefined ? await this.issued.revokedUnexpired() : await this.issued.revokedSince(new Date(since));
    return rows.map((t) => ({ jti: t.jti, revokedAt: (t.revokedAt as Date).getTime() }));
  }
}

export function toTokenView(t: IssuedTokenEntity): TokenView {
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
  };
}
