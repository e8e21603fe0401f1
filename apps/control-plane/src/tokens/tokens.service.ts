import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { IssuedTokenEntity } from './issued-token.entity';

export interface TokenView {
  jti: string;
  gatewayId: string;
  kid: string;
  issuedAt: string;
  expiresAt: string;
  revoked: boolean;
  revokedAt: string | null;
}

@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(IssuedTokenEntity) private readonly issued: Repository<IssuedTokenEntity>,
    private readonly accounts: AccountsService,
    private readonly changes: ChangeBus,
  ) {}

  async list(accountId: string): Promise<TokenView[]> {
    await this.accounts.require(accountId);
    const rows = await this.issued.find({ where: { accountId }, order: { issuedAt: 'DESC' } });
    return rows.map(toView);
  }

  /** Idempotent: revoking a revoked token keeps its first revocation time. Gates hear about it at once. */
  async revoke(accountId: string, jti: string): Promise<void> {
    await this.accounts.require(accountId);
    const token = await this.issued.findOne({ where: { jti, accountId } });
    if (!token) throw new ControlPlaneError('NOT_FOUND', `token ${jti} was not issued for account ${accountId}`);
    if (token.revokedAt) return;
    const revokedAt = new Date();
    await this.issued.update({ jti, revokedAt: IsNull() }, { revokedAt });
    await this.changes.publish({ event: 'revocation', data: { jti, revokedAt: revokedAt.getTime() } });
  }

  /** Revoked tokens for the gates: since a time, or every revoked token not yet expired. */
  async revokedSince(since: number | undefined): Promise<Array<{ jti: string; revokedAt: number }>> {
    const query = this.issued.createQueryBuilder('t').where('t.revoked_at IS NOT NULL');
    if (since === undefined) query.andWhere('t.expires_at > now()');
    else query.andWhere('t.revoked_at >= :since', { since: new Date(since) });
    const rows = await query.orderBy('t.revoked_at', 'ASC').getMany();
    return rows.map((t) => ({ jti: t.jti, revokedAt: (t.revokedAt as Date).getTime() }));
  }
}

function toView(t: IssuedTokenEntity): TokenView {
  return {
    jti: t.jti,
    gatewayId: t.gatewayId,
    kid: t.kid,
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revoked: t.revokedAt !== null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
