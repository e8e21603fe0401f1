import { Injectable } from '@nestjs/common';
import { AccountEntity } from '../accounts/account.entity';
import { AccountsRepository } from '../accounts/accounts.repository';
import { EnvironmentEntity } from '../accounts/environment.entity';
import { ControlPlaneError } from '../control-plane.errors';
import { TokensService } from '../tokens/tokens.service';
import { BridgeScope } from './bridge-scope';

export interface ResolvedScope extends BridgeScope {
  account: AccountEntity;
  environments: EnvironmentEntity[];
}

/**
 * Defence in depth behind the gate: the declared scope is narrowed to environments that really
 * belong to the declared account and organization, so a wrong header can never widen access.
 */
@Injectable()
export class BridgeScopeService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tokens: TokensService,
  ) {}

  /** Every bridge call passes here, so this is also where a token's last use is noted. */
  async resolve(scope: BridgeScope): Promise<ResolvedScope> {
    const account = await this.accounts.findByIdInOrganization(scope.accountId, scope.organizationId);
    if (!account) throw new ControlPlaneError('NOT_FOUND', `account ${scope.accountId} with organization ${scope.organizationId} does not exist`);
    await this.tokens.seen(scope.tokenId);
    const environments = scope.environmentIds.length
      ? await this.accounts.environmentsOfAccount(account.id, scope.environmentIds)
      : [];
    return { ...scope, account, environments, environmentIds: environments.map((e) => e.id) };
  }
}

/** Environments a request may see: the scope's, further narrowed by what the criteria ask for. */
export function narrow(scopeIds: string[], requested?: string[] | null): string[] {
  if (!requested || requested.length === 0) return scopeIds;
  return scopeIds.filter((id) => requested.includes(id));
}
