import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';

/** Which analytics index id an account's documents were written under (token claim `idx`). */
export interface AccountIndexResolver {
  /** Rejects with `NOT_FOUND` for an unknown account. */
  analyticsIndexIdOf(accountId: string): Promise<string>;
}

export const ACCOUNT_INDEX_RESOLVER = Symbol('AccountIndexResolver');

/** The account record is the only source of the index id: never a query parameter. */
@Injectable()
export class AccountsIndexResolver implements AccountIndexResolver {
  constructor(private readonly accounts: AccountsService) {}

  async analyticsIndexIdOf(accountId: string): Promise<string> {
    return (await this.accounts.require(accountId)).analyticsIndexId;
  }
}
