import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { AutomationPrincipal } from '../tokens/automation-token.verifier';

/** Who calls the control-plane API: the operator with the admin token, or an account's automation token. */
export type Operator = { kind: 'admin' } | AutomationPrincipal;

export type OperatorRequest = Request & { operator?: Operator };

/**
 * What an automation token may do on a route, beyond the rule every route follows (its own account
 * only, and on routes under `environments/:envId` only its own environments):
 * - `account` (default for routes with no `:envId`): only a token that covers every environment of the account;
 * - `any-environment`: any token of the account (reading the account itself);
 * - `own-accounts`: a route without `:accountId` that answers only the token's account (`GET /accounts`).
 * Routes without `:accountId` and without `own-accounts` are for the admin token only.
 */
export type AutomationAccess = 'account' | 'any-environment' | 'own-accounts';

export const AUTOMATION_ACCESS_KEY = 'control-plane:automation-access';
export const AutomationAccess = (access: AutomationAccess) => SetMetadata(AUTOMATION_ACCESS_KEY, access);

/** The authenticated caller, set by AdminTokenGuard. */
export const CurrentOperator = createParamDecorator((_: unknown, ctx: ExecutionContext): Operator => {
  const operator = ctx.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator) throw new Error('@CurrentOperator() used on a route without AdminTokenGuard');
  return operator;
});
