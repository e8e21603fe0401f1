import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation } from '../database/postgres-errors';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';
import { hridOf } from './environment-hrid';

export type NewAccount = Pick<AccountEntity, 'id' | 'name' | 'region' | 'organizationId' | 'analyticsIndexId'>;
export type NewEnvironment = Pick<EnvironmentEntity, 'id' | 'accountId' | 'name'>;

/** What deleting an environment came to. */
export type EnvironmentDeletion =
  | { outcome: 'deleted' }
  | { outcome: 'missing' }
  | { outcome: 'last' }
  | { outcome: 'in-use'; gateways: number; apis: number; applications: number };

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

  listEnvironments(accountId: string): Promise<EnvironmentEntity[]> {
    return this.environments.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }

  /** `missing` when the environment is not the account's, `taken` when another of its environments has the name. */
  async renameEnvironment(accountId: string, environmentId: string, name: string): Promise<'renamed' | 'missing' | 'taken'> {
    try {
      const result = await this.environments.update({ id: environmentId, accountId }, { name });
      return (result.affected ?? 0) > 0 ? 'renamed' : 'missing';
    } catch (err) {
      if (isUniqueViolation(err)) return 'taken';
      throw err;
    }
  }

  /**
   * Deletes an environment no gateway, API or application uses, unless it is the account's last one. The
   * account row is held so two deletions cannot both leave it without an environment; the foreign keys of
   * gateways, APIs and applications refuse a deletion that races with a new one.
   */
  async deleteEnvironment(accountId: string, environmentId: string): Promise<EnvironmentDeletion> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        await tx.getRepository(AccountEntity).findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
        const environments = await tx.getRepository(EnvironmentEntity).find({ where: { accountId }, select: { id: true } });
        if (!environments.some((e) => e.id === environmentId)) return { outcome: 'missing' } as const;
        if (environments.length === 1) return { outcome: 'last' } as const;
        const [usage] = (await tx.query(
          `SELECT (SELECT count(*) FROM gateways WHERE environment_id = $1)::int AS gateways,
                  (SELECT count(*) FROM apis WHERE environment_id = $1)::int AS apis,
                  (SELECT count(*) FROM applications WHERE environment_id = $1)::int AS applications`,
          [environmentId],
        )) as Array<{ gateways: number; apis: number; applications: number }>;
        if (usage.gateways > 0 || usage.apis > 0 || usage.applications > 0) return { outcome: 'in-use', ...usage } as const;
        await tx.getRepository(EnvironmentEntity).delete({ id: environmentId, accountId });
        return { outcome: 'deleted' } as const;
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) return { outcome: 'in-use', gateways: 0, apis: 0, applications: 0 };
      throw err;
    }
  }
}
