import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { IssuedTokenEntity, TokenKind } from './issued-token.entity';

/** The registry of issued Cloud Tokens; a token is recorded before it is handed out. */
@Injectable()
export class TokensRepository {
  constructor(@InjectRepository(IssuedTokenEntity) private readonly issued: Repository<IssuedTokenEntity>) {}

  async insert(token: IssuedTokenEntity): Promise<void> {
    await this.issued.insert(token);
  }

  /** The account's tokens (of one kind, if given), most recently issued first. */
  listForAccount(accountId: string, kind?: TokenKind): Promise<IssuedTokenEntity[]> {
    return this.issued.find({ where: { accountId, ...(kind ? { kind } : {}) }, order: { issuedAt: 'DESC' } });
  }

  findInAccount(accountId: string, jti: string): Promise<IssuedTokenEntity | null> {
    return this.issued.findOne({ where: { jti, accountId } });
  }

  /** Marks the token revoked unless it already is, so a concurrent revocation keeps the first time. */
  async markRevoked(jti: string, revokedAt: Date): Promise<void> {
    await this.issued.update({ jti, revokedAt: IsNull() }, { revokedAt });
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
