import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/postgres-errors';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';
import { hridOf } from './environment-hrid';

export type NewAccount = Pick<AccountEntity, 'id' | 'name' | 'region' | 'organizationId' | 'analyticsIndexId'>;
export type NewEnvironment = Pick<EnvironmentEntity, 'id' | 'accountId' | 'name'>;

/** Accounts and their environments in PostgreSQL; environments are always listed oldest first. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** An account never exists without its first environment: both rows commit together. */
  async insertWithFirstEnvironment(account: NewAccount, environment: NewEnvironment): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(AccountEntity).insert(tx.getRepository(AccountEntity).create(account));
      await tx.getRepository(EnvironmentEntity).insert(tx.getRepository(EnvironmentEntity).create({ ...environment, hrid: hridOf(environment.name) }));
    });
  }

  listWithEnvironments(): Promise<AccountEntity[]> {
    return this.accounts.find({ relations: { environments: true }, order: { createdAt: 'ASC', environments: { createdAt: 'ASC' } } });
  }

  findByIdWithEnvironments(id: string): Promise<AccountEntity | null> {
    return this.accounts.findOne({ where: { id }, relations: { environments: true }, order: { environments: { createdAt: 'ASC' } } });
  }

  findByIdInOrganization(id: string, organizationId: string): Promise<AccountEntity | null> {
    return this.accounts.findOne({ where: { id, organizationId } });
  }

  /** False when the account already has an environment of that name. */
  async insertEnvironmentIfNameFree(environment: NewEnvironment): Promise<boolean> {
    try {
      const taken = await this.environments.find({ where: { accountId: environment.accountId }, select: { hrid: true } });
      await this.environments.insert(this.environments.create({ ...environment, hrid: hridOf(environment.name, taken.map((e) => e.hrid)) }));
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  findEnvironmentInAccount(accountId: string, environmentId: string): Promise<EnvironmentEntity | null> {
    return this.environments.findOne({ where: { id: environmentId, accountId } });
  }

  /** Those of the given environments that belong to the account, oldest first. */
  environmentsOfAccount(accountId: string, environmentIds: string[]): Promise<EnvironmentEntity[]> {
    return this.environments.find({ where: { id: In(environmentIds), accountId }, order: { createdAt: 'ASC' } });
  }
}
