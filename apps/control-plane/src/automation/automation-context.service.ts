import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ControlPlaneError } from '../control-plane.errors';
import { TokensService } from '../tokens/tokens.service';
import { AutomationScope } from './automation-scope';

/** The organization and environment an Automation API call acts in, once checked against the caller's scope. */
export interface AutomationContext {
  accountId: string;
  organizationId: string;
  environmentId: string;
}

/**
 * Defence in depth behind the gate (which answers 403 first): the path's organization and environment
 * must be the token's, and really belong to its account; anything else is as unknown as a missing one.
 */
@Injectable()
export class AutomationContextService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tokens: TokensService,
  ) {}

  /** Every Automation API call passes here, so this is also where the token's last use is noted. */
  async resolve(scope: AutomationScope, orgId: string, envId: string): Promise<AutomationContext> {
    const unknown = () => new ControlPlaneError('NOT_FOUND', `environment ${envId} of organization ${orgId} does not exist`);
    if (orgId !== scope.organizationId || !scope.environmentIds.includes(envId)) throw unknown();
    const account = await this.accounts.findByIdInOrganization(scope.accountId, scope.organizationId);
    if (!account || !(await this.accounts.findEnvironmentInAccount(account.id, envId))) throw unknown();
    await this.tokens.seen(scope.tokenId);
    return { accountId: account.id, organizationId: account.organizationId, environmentId: envId };
  }
}
