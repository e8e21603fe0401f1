import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { IssuedTokenEntity, TokenKind } from './issued-token.entity';

/** The registry of issued Cloud Tokens; a token is recorded before it is handed out. */
@Injectable()
export class TokensRepository {
  constructor(@InjectRepository(IssuedTokenEntity) private readonly issued: Repository<IssuedTokenEntity>) {}

  async insert(token: Omit<IssuedTokenEntity, 'lastSeenAt' | 'createdAt'>, tx?: Transaction): Promise<void> {
    await Transaction.managerOf(tx, this.issued.manager).getRepository(IssuedTokenEntity).insert({ ...token, lastSeenAt: null });
  }

  /** Tokens that still open a Cloud Gate: neither revoked nor expired. */
  countLive(now: Date): Promise<number> {
    return this.issued.count({ where: { revokedAt: IsNull(), expiresAt: MoreThan(now) } });
  }

  listAll(): Promise<IssuedTokenEntity[]> {
    return this.issued.find();
  }

  /** The account's tokens (of one kind, if given), most recently issued first. */
  listForAccount(accountId: string, kind?: TokenKind): Promise<IssuedTokenEntity[]> {
    return this.issued.find({ where: { accountId, ...(kind ? { kind } : {}) }, order: { createdAt: 'DESC' } });
  }

  /** One installation's tokens, most recently issued first. */
  listForGateway(accountId: string, gatewayId: string): Promise<IssuedTokenEntity[]> {
    return this.issued.find({ where: { accountId, gatewayId }, order: { createdAt: 'DESC' } });
  }

  findInAccount(accountId: string, jti: string): Promise<IssuedTokenEntity | null> {
    return this.issued.findOne({ where: { jti, accountId } });
  }

  /** Marks the token revoked unless it already is, so a concurrent revocation keeps the first time. */
  async markRevoked(jti: string, revokedAt: Date): Promise<void> {
    await this.issued.update({ jti, revokedAt: IsNull() }, { revokedAt });
  }

  /**
   * Revokes every token of the installation not revoked yet (but `keep`), inside the caller's
   * transaction; answers the tokens it revoked.
   */
  async revokeAllOfGateway(tx: Transaction, accountId: string, gatewayId: string, revokedAt: Date, keep?: string): Promise<string[]> {
    const query = Transaction.managerOf(tx, this.issued.manager)
      .getRepository(IssuedTokenEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt })
      .where('account_id = :accountId AND gateway_id = :gatewayId AND revoked_at IS NULL', { accountId, gatewayId });
    if (keep) query.andWhere('jti <> :keep', { keep });
    const result = await query.returning(['jti']).execute();
    return (result.raw as Array<{ jti: string }>).map((r) => r.jti);
  }

  /** Moves the token's last use forward (never back). */
  async markSeen(jti: string, at: Date): Promise<void> {
    await this.issued
      .createQueryBuilder()
      .update()
      .set({ lastSeenAt: at })
      .where('jti = :jti AND (last_seen_at IS NULL OR last_seen_at < :at)', { jti, at })
      .execute();
  }

  /** Tokens revoked at or after a time, oldest revocation first. */
  revokedSince(since: Date): Promise<IssuedTokenEntity[]> {
    return this.issued
      .createQueryBuilder('t')
      .where('t.revoked_at IS NOT NULL')
      .andWhere('t.revoked_at >= :since', { since })
      .orderBy('t.revoked_at', 'ASC')
      .getMany();
  }

  /** Revoked tokens that have not expired yet, oldest revocation first. */
  revokedUnexpired(): Promise<IssuedTokenEntity[]> {
    return this.issued
      .createQueryBuilder('t')
      .where('t.revoked_at IS NOT NULL')
      .andWhere('t.expires_at > now()')
      .orderBy('t.revoked_at', 'ASC')
      .getMany();
  }
}
