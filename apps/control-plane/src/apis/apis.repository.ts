import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/postgres-errors';
import { Transaction } from '../database/unit-of-work';
import { ApiEntity } from './api.entity';

export type NewApi = Pick<
  ApiEntity,
  'id' | 'accountId' | 'environmentId' | 'name' | 'contextPath' | 'target' | 'plans' | 'lifecycleState' | 'deployedAt' | 'deployedRecord'
>;

/** Where an API lives: it is only ever found within its account and environment. */
export interface ApiRef {
  accountId: string;
  environmentId: string;
  apiId: string;
}

/** API definitions in PostgreSQL. Methods taking a `Transaction` run inside it, the others on their own. */
@Injectable()
export class ApisRepository {
  constructor(@InjectRepository(ApiEntity) private readonly apis: Repository<ApiEntity>) {}

  /** False when another API of the environment already uses the context path. */
  async insertIfContextPathFree(api: NewApi): Promise<boolean> {
    try {
      await this.apis.insert(this.apis.create(api));
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** An API known to exist (e.g. just written); throws when it does not. */
  getById(id: string): Promise<ApiEntity> {
    return this.apis.findOneByOrFail({ id });
  }

  /** APIs deployed to gateways, across accounts, by lifecycle state (started or stopped). */
  async countDeployed(): Promise<Record<ApiEntity['lifecycleState'], number>> {
    const [started, stopped] = await Promise.all([
      this.apis.count({ where: { deployedAt: Not(IsNull()), lifecycleState: 'STARTED' } }),
      this.apis.count({ where: { deployedAt: Not(IsNull()), lifecycleState: 'STOPPED' } }),
    ]);
    return { STARTED: started, STOPPED: stopped };
  }

  listInEnvironment(accountId: string, environmentId: string): Promise<ApiEntity[]> {
    return this.apis.find({ where: { accountId, environmentId }, order: { createdAt: 'ASC' } });
  }

  /** The APIs of these environments (non-empty), or only those of them with the given ids, oldest first. */
  listInEnvironments(environmentIds: string[], ids?: string[]): Promise<ApiEntity[]> {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (ids && !ids.some((id) => UUID.test(id))) return Promise.resolve([]);
    return this.apis.find({
      where: { environmentId: In(environmentIds), ...(ids ? { id: In(ids.filter((id) => UUID.test(id))) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findInEnvironment(ref: ApiRef, tx?: Transaction): Promise<ApiEntity | null> {
    return this.repository(tx).findOne({ where: { id: ref.apiId, accountId: ref.accountId, environmentId: ref.environmentId } });
  }

  /** As `findInEnvironment`, holding the row locked until the transaction ends so concurrent changes queue up. */
  findInEnvironmentForUpdate(tx: Transaction, ref: ApiRef): Promise<ApiEntity | null> {
    return this.repository(tx).findOne({
      where: { id: ref.apiId, accountId: ref.accountId, environmentId: ref.environmentId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The API declared with this hrid in the environment, if any (locked until the transaction ends when one is given). */
  findByHrid(ref: Omit<ApiRef, 'apiId'>, hrid: string, tx?: Transaction): Promise<ApiEntity | null> {
    return this.repository(tx).findOne({
      where: { hrid, accountId: ref.accountId, environmentId: ref.environmentId },
      ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Whether another API of the environment serves this context path. */
  async contextPathTaken(environmentId: string, contextPath: string, exceptApiId: string | null): Promise<boolean> {
    const other = await this.apis.findOne({ where: { environmentId, contextPath }, select: { id: true } });
    return other !== null && other.id !== exceptApiId;
  }

  /** Inserts a new API inside the transaction; a taken context path or hrid fails it with a unique violation. */
  async insert(tx: Transaction, api: ApiEntity): Promise<void> {
    await this.repository(tx).insert(api);
  }

  async save(tx: Transaction, api: ApiEntity): Promise<void> {
    await this.repository(tx).save(api);
  }

  /** As `save`; false (and the transaction spoilt, so the caller must end it) when another API of the environment has the context path. */
  async saveIfContextPathFree(tx: Transaction, api: ApiEntity): Promise<boolean> {
    try {
      await this.repository(tx).save(api);
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Deletes the API; its subscriptions and keys go with it (ON DELETE CASCADE). */
  async delete(tx: Transaction, apiId: string): Promise<void> {
    await this.repository(tx).delete({ id: apiId });
  }

  private repository(tx: Transaction | undefined): Repository<ApiEntity> {
    return Transaction.managerOf(tx, this.apis.manager).getRepository(ApiEntity);
  }
}
