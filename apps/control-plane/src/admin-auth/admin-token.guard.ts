import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ControlPlaneError } from '../control-plane.errors';
import { AutomationPrincipal, AutomationTokenVerifier, looksLikeCloudToken } from '../tokens/automation-token.verifier';
import { AdminTokenService } from './admin-token.service';
import { AUTOMATION_ACCESS_KEY, AutomationAccess, OperatorRequest } from './operator';

const forbidden = (message: string) => new ControlPlaneError('FORBIDDEN', message);

/**
 * `Authorization: Bearer <credential>` on every operator route (SPEC §8): the admin token opens every
 * account; an account's automation token (SPEC §10) opens that account only, and only its environments
 * (`403` elsewhere). See `AutomationAccess` for the routes that are not under one environment.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: AdminTokenService,
    private readonly automationTokens: AutomationTokenVerifier,
    private readonly accounts: AccountsRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<OperatorRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new ControlPlaneError('UNAUTHORIZED', 'an admin or automation token is required: Authorization: Bearer <token>');
    if (this.tokens.matches(match[1])) {
      req.operator = { kind: 'admin' };
      return true;
    }
    if (!looksLikeCloudToken(match[1])) throw new ControlPlaneError('UNAUTHORIZED', 'the admin token is not valid');
    const principal = await this.automationTokens.verify(match[1]);
    const access = this.reflector.getAllAndOverride<AutomationAccess | undefined>(AUTOMATION_ACCESS_KEY, [context.getHandler(), context.getClass()]);
    await this.authorize(principal, req.params as Record<string, string | undefined>, access);
    req.operator = principal;
    return true;
  }

  private async authorize(principal: AutomationPrincipal, params: Record<string, string | undefined>, access: AutomationAccess | undefined): Promise<void> {
    const { accountId, envId } = params;
    if (accountId === undefined) {
      if (access === 'own-accounts') return;
      throw forbidden('automation tokens cannot use this route; it needs the admin token');
    }
    if (accountId !== principal.accountId) throw forbidden(`this automation token belongs to account ${principal.accountId}, not ${accountId}`);
    if (envId !== undefined) {
      if (!principal.environmentIds.includes(envId)) throw forbidden(`this automation token does not cover environment ${envId}`);
      return;
    }
    if (access === 'any-environment') return;
    const account = await this.accounts.findByIdWithEnvironments(accountId);
    const uncovered = (account?.environments ?? []).filter((e) => !principal.environmentIds.includes(e.id));
    if (uncovered.length > 0) {
      throw forbidden(`this route acts on the whole account; this automation token covers only environments ${principal.environmentIds.join(', ')}`);
    }
  }
}
