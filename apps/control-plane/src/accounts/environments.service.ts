import { Injectable } from '@nestjs/common';
import { ControlPlaneError } from '../control-plane.errors';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { EnvironmentView } from './dto/account.dto';

/** An account's environments: listed, renamed, deleted once nothing uses them. */
@Injectable()
export class EnvironmentsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly repository: AccountsRepository,
  ) {}

  async list(accountId: string): Promise<EnvironmentView[]> {
    await this.accounts.require(accountId);
    return (await this.repository.listEnvironments(accountId)).map((e) => ({ id: e.id, name: e.name }));
  }

  async rename(accountId: string, environmentId: string, name: string | undefined): Promise<EnvironmentView> {
    await this.accounts.require(accountId);
    if (name !== undefined) {
      const outcome = await this.repository.renameEnvironment(accountId, environmentId, name);
      if (outcome === 'taken') {
        throw new ControlPlaneError('CONFLICT', `account ${accountId} already has an environment named ${JSON.stringify(name)}`, { field: 'name' });
      }
    }
    const environment = await this.accounts.requireEnvironment(accountId, environmentId);
    return { id: environment.id, name: environment.name };
  }

  async remove(accountId: string, environmentId: string): Promise<void> {
    await this.accounts.require(accountId);
    const name = JSON.stringify((await this.accounts.requireEnvironment(accountId, environmentId)).name);
    const result = await this.repository.deleteEnvironment(accountId, environmentId);
    switch (result.outcome) {
      case 'deleted':
        return;
      case 'missing':
        throw new ControlPlaneError('NOT_FOUND', `environment ${environmentId} does not exist in account ${accountId}`);
      case 'last':
        throw new ControlPlaneError('CONFLICT', `environment ${name} is the account's only environment; an account keeps at least one`);
      case 'in-use': {
        const users = [plural(result.gateways, 'gateway'), plural(result.apis, 'API'), plural(result.applications, 'application')].filter(Boolean).join(' and ') || 'a gateway, API or application created meanwhile';
        throw new ControlPlaneError('CONFLICT', `environment ${name} is used by ${users}; delete them first`, {
          gateways: result.gateways,
          apis: result.apis,
          applications: result.applications,
        });
      }
    }
  }
}

function plural(n: number, what: string): string {
  return n === 0 ? '' : `${n} ${what}${n === 1 ? '' : 's'}`;
}
