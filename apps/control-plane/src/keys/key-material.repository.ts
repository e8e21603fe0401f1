import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { KeyMaterialEntity, KeyPurpose } from './key-material.entity';

/** Key pairs in PostgreSQL; a unique index keeps at most one active key per purpose. */
@Injectable()
export class KeyMaterialRepository {
  constructor(
    @InjectRepository(KeyMaterialEntity) private readonly keys: Repository<KeyMaterialEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findActive(purpose: KeyPurpose): Promise<KeyMaterialEntity | null> {
    return this.keys.findOne({ where: { purpose, status: 'active' } });
  }

  /** The active key of a purpose, which must exist; throws when it does not. */
  requireActive(purpose: KeyPurpose): Promise<KeyMaterialEntity> {
    return this.keys.findOneOrFail({ where: { purpose, status: 'active' } });
  }

  /** Inserts the key unless its purpose already has an active one (a concurrent starter won); then nothing happens. */
  async insertUnlessActiveExists(key: KeyMaterialEntity): Promise<void> {
    await this.keys.createQueryBuilder().insert().values(key).orIgnore().execute();
  }

  /**
   * In one transaction, retires the active key of the fresh key's purpose (locking it, so concurrent
   * rotations queue up) and inserts the fresh one. Returns the retired key's id, if there was one.
   */
  async replaceActive(fresh: KeyMaterialEntity): Promise<string | null> {
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(KeyMaterialEntity);
      const current = await repo.findOne({ where: { purpose: fresh.purpose, status: 'active' }, lock: { mode: 'pessimistic_write' } });
      if (current) await repo.update({ kid: current.kid }, { status: 'retired', retiredAt: new Date() });
      await repo.insert(fresh);
      return current?.kid ?? null;
    });
  }

  /** Every key, for the checks at start (a handful: one per purpose plus retired signing keys). */
  all(): Promise<KeyMaterialEntity[]> {
    return this.keys.find();
  }

  /** Replaces a plaintext private key by its sealed form, unless another starter already did. */
  async sealInPlace(kid: string, plaintext: string, sealed: string): Promise<void> {
    await this.keys.update({ kid, sealedPrivateKey: plaintext }, { sealedPrivateKey: sealed });
  }

  findSigningKey(kid: string): Promise<KeyMaterialEntity | null> {
    return this.keys.findOne({ where: { kid, purpose: 'token-signing' } });
  }

  /** Every signing key that still verifies an unexpired token, the active one first, then newest first. */
  publishedSigningKeys(): Promise<KeyMaterialEntity[]> {
    return this.keys
      .createQueryBuilder('k')
      .where(`k.purpose = 'token-signing'`)
      .andWhere(
        `(k.status = 'active' OR EXISTS (SELECT 1 FROM issued_tokens t WHERE t.kid = k.kid AND t.expires_at > now()))`,
      )
      .orderBy(`CASE WHEN k.status = 'active' THEN 0 ELSE 1 END`)
      .addOrderBy('k.created_at', 'DESC')
      .getMany();
  }
}
