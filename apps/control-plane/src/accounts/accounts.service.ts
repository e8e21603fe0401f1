import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Geography } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { AccountEntity } from './account.entity';
import { EnvironmentEntity } from './environment.entity';
import { AccountView, EnvironmentView } from './dto/account.dto';

const FIRST_ENVIRONMENT = 'Default';

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new account comes with its organization, its analytics index id and a first environment. */
  async create(name: string, region: Geography): Promise<AccountView> {
    const account = this.accounts.create({
      id: randomUUID(),
      name,
      region,
      organizationId: randomUUID(),
      // Lower-case hex: safe inside Elasticsearch index names.
      analyticsIndexId: `idx${randomBytes(8).toString('hex')}`,
    });
    const environment = this.environments.create({ id: randomUUID(), accountId: account.id, name: FIRST_ENVIRONMENT });
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(AccountEntity).insert(account);
      await tx.getRepository(EnvironmentEntity).insert(environment);
    });
    return this.get(account.id);
  }

  async list(): Promise<AccountView[]> {
    const rows = await this.accounts.find({ relations: { environments: true }, order: { createdAt: 'ASC', environments: { createdAt: 'ASC' } } });
    return rows.map(toView);
  }

  async get(id: string): Promise<AccountView> {
    return toView(await this.require(id));
  }

  async require(id: string): Promise<AccountEntity> {
    const account = await this.accounts.findOne({ where: { id }, relations: { environments: true }, order: { environments: { createdAt: 'ASC' } } });
    if (!account) throw new ControlPlaneError('NOT_FOUND', `account ${id} does not exist`);
    return account;
  }

  async addEnvironment(accountId: string, name: string): Promise<EnvironmentView> {
    await this.require(accountId);
    const environment = this.environments.create({ id: randomUUID(), accountId, name });
    try {
      await this.environments.insert(environment);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ControlPlaneError('CONFLICT', `account ${accountId} already has an environment named ${JSON.stringify(name)}`);
      throw err;
    }
    return { id: environment.id, name };
  }

  /** The environment, if it belongs to the account; a foreign environment is as unknown as a missing one. */
  async requireEnvironment(accountId: string, environmentId: string): Promise<EnvironmentEntity> {
    const environment = await this.environments.findOne({ where: { id: environmentId, accountId } });
    if (!environment) throw new ControlPlaneError('NOT_FOUND', `environment ${environmentId} does not exist in account ${accountId}`);
    return environment;
  }
}

function toView(account: AccountEntity): AccountView {
  return {
    id: account.id,
    name: account.name,
    region: account.region,
    organizationId: account.organizationId,
    analyticsIndexId: account.analyticsIndexId,
    environments: (account.environments ?? []).map((e) => ({ id: e.id, name: e.name })),
    createdAt: account.createdAt.toISOString(),
  };
}
