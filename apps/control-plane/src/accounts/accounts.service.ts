import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Geography } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { AccountEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { EnvironmentEntity } from './environment.entity';
import { AccountView, EnvironmentView } from './dto/account.dto';

const FIRST_ENVIRONMENT = 'Default';

@Injectable()
export class AccountsService {
  constructor(private readonly accounts: AccountsRepository) {}

  /** A new account comes with its organization, its analytics index id and a first environment. */
  async create(name: string, region: Geography): Promise<AccountView> {
    const account = {
      id: randomUUID(),
      name,
      region,
      organizationId: randomUUID(),
      // Lower-case hex: safe inside Elasticsearch index names.
      analyticsIndexId: `idx${randomBytes(8).toString('hex')}`,
    };
    await this.accounts.insertWithFirstEnvironment(account, { id: randomUUID(), accountId: account.id, name: FIRST_ENVIRONMENT });
    return this.get(account.id);
  }

  async list(): Promise<AccountView[]> {
    const rows = await this.accounts.listWithEnvironments();
    return rows.map(toView);
  }

  async get(id: string): Promise<AccountView> {
    return toView(await this.require(id));
  }

  async require(id: string): Promise<AccountEntity> {
    const account = await this.accounts.findByIdWithEnvironments(id);
    if (!account) throw new ControlPlaneError('NOT_FOUND', `account ${id} does not exist`);
    return account;
  }

  async addEnvironment(accountId: string, name: string): Promise<EnvironmentView> {
    await this.require(accountId);
    const environment = { id: randomUUID(), accountId, name };
    if (!(await this.accounts.insertEnvironmentIfNameFree(environment))) {
      throw new ControlPlaneError('CONFLICT', `account ${accountId} already has an environment named ${JSON.stringify(name)}`);
    }
    return { id: environment.id, name };
  }

  /** The environment, if it belongs to the account; a foreign environment is as unknown as a missing one. */
  async requireEnvironment(accountId: string, environmentId: string): Promise<EnvironmentEntity> {
    const environment = await this.accounts.findEnvironmentInAccount(accountId, environmentId);
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
