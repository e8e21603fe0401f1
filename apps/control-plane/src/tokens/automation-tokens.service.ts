import { Injectable } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import { AUTOMATION_SCOPES, cloudGateUrlFor } from '@app/contracts';
import { AccountEntity } from '../accounts/account.entity';
import { AccountsService } from '../accounts/accounts.service';
import { ControlPlaneError } from '../control-plane.errors';
import { AutomationTokenCreatedView, AutomationTokenView, CreateAutomationTokenDto } from './dto/automation-token.dto';
import { CloudTokenService } from './cloud-token.service';
import { IssuedTokenEntity } from './issued-token.entity';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

/** Where the Automation API lives behind a Cloud Gate (SPEC §10), as the Terraform provider derives it. */
export const AUTOMATION_API_PATH = '/apim/automation';

/** Account-scoped automation tokens (SPEC §10): issued, listed, rotated; revoked like every token. */
@Injectable()
export class AutomationTokensService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly cloudTokens: CloudTokenService,
    private readonly issued: TokensRepository,
    private readonly tokens: TokensService,
    private readonly config: ControlPlaneConfig,
  ) {}

  async create(accountId: string, input: CreateAutomationTokenDto): Promise<AutomationTokenCreatedView> {
    const account = await this.accounts.require(accountId);
    return this.issue(account, input.name, environmentsOf(account, input.environmentIds));
  }

  async list(accountId: string): Promise<AutomationTokenView[]> {
    await this.accounts.require(accountId);
    return (await this.issued.listForAccount(accountId, 'automation')).map(toView);
  }

  /** A new token with the same name and environments; the old one is revoked once the new one exists. */
  async rotate(accountId: string, jti: string): Promise<AutomationTokenCreatedView> {
    const account = await this.accounts.require(accountId);
    const current = await this.issued.findInAccount(accountId, jti);
    if (!current || current.kind !== 'automation') throw new ControlPlaneError('NOT_FOUND', `automation token ${jti} was not issued for account ${accountId}`);
    if (current.revokedAt) throw new ControlPlaneError('CONFLICT', `automation token ${jti} is revoked; create a new one instead`);
    const remaining = current.environmentIds.filter((id) => (account.environments ?? []).some((e) => e.id === id));
    if (remaining.length === 0) throw new ControlPlaneError('CONFLICT', `none of the environments of automation token ${jti} exists any more`);
    const created = await this.issue(account, current.name ?? 'automation', remaining);
    await this.tokens.revoke(accountId, jti);
    return created;
  }

  private async issue(account: AccountEntity, name: string, environmentIds: string[]): Promise<AutomationTokenCreatedView> {
    const { token, claims } = await this.cloudTokens.issueAutomation(account, name, environmentIds);
    const cloudGateUrl = cloudGateUrlFor(account.region, this.config.CLOUD_GATE_URL_TEMPLATE, this.config.CLOUD_GATE_URLS);
    return {
      jti: claims.jti,
      name,
      environmentIds: claims.envs,
      scopes: [...AUTOMATION_SCOPES],
      issuedAt: new Date(claims.iat * 1000).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      revoked: false,
      revokedAt: null,
      cloudToken: token,
      cloudGateUrl,
      automationApiUrl: `${cloudGateUrl}${AUTOMATION_API_PATH}`,
    };
  }
}

/** The requested environments, each of which must be the account's; none requested means all of them. */
function environmentsOf(account: AccountEntity, requested: string[] | undefined): string[] {
  const own = (account.environments ?? []).map((e) => e.id);
  if (!requested) return own;
  const unknown = requested.filter((id) => !own.includes(id));
  if (unknown.length > 0) {
    throw new ControlPlaneError('INVALID_REQUEST', `environmentIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an environment' : 'are not environments'} of account ${account.id}`, {
      fields: [{ field: 'environmentIds', errors: ['each environment must belong to the account'] }],
    });
  }
  return [...new Set(requested)];
}

function toView(t: IssuedTokenEntity): AutomationTokenView {
  return {
    jti: t.jti,
    name: t.name ?? '',
    environmentIds: t.environmentIds,
    scopes: [...AUTOMATION_SCOPES],
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revoked: t.revokedAt !== null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
