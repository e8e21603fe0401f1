import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { ApplicationEntity } from './application.entity';

/** Applications in PostgreSQL, only ever found within their account and environment. */
@Injectable()
export class ApplicationsRepository {
  constructor(@InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>) {}

  listInEnvironment(accountId: string, environmentId: string): Promise<ApplicationEntity[]> {
    return this.applications.find({ where: { accountId, environmentId }, order: { createdAt: 'ASC' } });
  }

  /** Locked until the transaction ends when one is given. */
  findByHrid(accountId: string, environmentId: string, hrid: string, tx?: Transaction): Promise<ApplicationEntity | null> {
    return this.repository(tx).findOne({ where: { accountId, environmentId, hrid }, ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The applications of the environment among these ids. */
  findByIds(environmentId: string, ids: string[]): Promise<ApplicationEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.applications.find({ where: { environmentId, id: In(ids) } });
  }

  async insert(tx: Transaction, application: ApplicationEntity): Promise<void> {
    await this.repository(tx).insert(application);
  }

  async save(tx: Transaction, application: ApplicationEntity): Promise<void> {
    await this.repository(tx).save(application);
  }

  async delete(tx: Transaction, id: string): Promise<void> {
    await this.repository(tx).delete({ id });
  }

  private repository(tx: Transaction | undefined): Repository<ApplicationEntity> {
    return Transaction.managerOf(tx, this.applications.manager).getRepository(ApplicationEntity);
  }
}
