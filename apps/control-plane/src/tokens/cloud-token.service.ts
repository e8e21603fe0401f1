import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { AUTOMATION_SCOPES, AutomationTokenClaims, CLOUD_TOKEN_AUDIENCE, CloudTokenBaseClaims, CloudTokenClaims, GATEWAY_SCOPES } from '@app/contracts';
import { AccountEntity } from '../accounts/account.entity';
import { Transaction } from '../database/unit-of-work';
import { GatewayEntity } from '../gateways/gateway.entity';
import { KeyStoreService } from '../keys/key-store.service';
import { TokensRepository } from './tokens.repository';
import { CloudTokenSigner } from './cloud-token.signer';

const DAY_SECONDS = 86_400;

/** Issues Cloud Tokens (SPEC §2, §10) and records each one in the registry before handing it out. */
@Injectable()
export class CloudTokenService {
  constructor(
    private readonly issued: TokensRepository,
    private readonly keys: KeyStoreService,
    private readonly config: ControlPlaneConfig,
    private readonly signer: CloudTokenSigner,
  ) {}

  claimsFor(account: AccountEntity, gateway: GatewayEntity, jti: string, nowSeconds: number): CloudTokenClaims {
    return { ...this.baseClaims(account, [gateway.environmentId], [...GATEWAY_SCOPES], jti, nowSeconds), meta: { GATEWAYID: gateway.id } };
  }

  /** An account's automation token: the Automation API and the control-plane API, for these environments. */
  automationClaimsFor(account: AccountEntity, environmentIds: string[], jti: string, nowSeconds: number): AutomationTokenClaims {
    return this.baseClaims(account, environmentIds, [...AUTOMATION_SCOPES], jti, nowSeconds);
  }

  /** Inside the caller's transaction when one is given, so the token exists only if the rest commits. */
  async issue(account: AccountEntity, gateway: GatewayEntity, tx?: Transaction): Promise<{ token: string; claims: CloudTokenClaims }> {
    const key = await this.keys.active('token-signing');
    const claims = this.claimsFor(account, gateway, randomUUID(), Math.floor(Date.now() / 1000));
    await this.issued.insert({
      jti: claims.jti,
      accountId: account.id,
      kind: 'gateway',
      gatewayId: gateway.id,
      name: null,
      environmentIds: claims.envs,
      kid: key.kid,
      issuedAt: new Date(claims.iat * 1000),
      expiresAt: new Date(claims.exp * 1000),
      revokedAt: null,
    }, tx);
    return { token: this.signer.sign(claims, key.kid, key.privatePem), claims };
  }

  async issueAutomation(account: AccountEntity, name: string, environmentIds: string[]): Promise<{ token: string; claims: AutomationTokenClaims }> {
    const key = await this.keys.active('token-signing');
    const claims = this.automationClaimsFor(account, environmentIds, randomUUID(), Math.floor(Date.now() / 1000));
    await this.issued.insert({
      jti: claims.jti,
      accountId: account.id,
      kind: 'automation',
      gatewayId: null,
      name,
      environmentIds: claims.envs,
      kid: key.kid,
      issuedAt: new Date(claims.iat * 1000),
      expiresAt: new Date(claims.exp * 1000),
      revokedAt: null,
    });
    return { token: this.signer.sign(claims, key.kid, key.privatePem), claims };
  }

  private baseClaims(account: AccountEntity, envs: string[], scopes: CloudTokenBaseClaims['scopes'], jti: string, nowSeconds: number): CloudTokenBaseClaims {
    return {
      iss: this.config.TOKEN_ISSUER,
      aud: CLOUD_TOKEN_AUDIENCE,
      jti,
      iat: nowSeconds,
      exp: nowSeconds + this.config.TOKEN_TTL_DAYS * DAY_SECONDS,
      org: account.organizationId,
      envs,
      cpg: account.region,
      cpr: this.config.CONTROL_PLANE_REGIONS[account.region] ?? account.region,
      cpp: this.config.CONTROL_PLANE_PROVIDER,
      cp: this.config.CONTROL_PLANE_ID,
      dpm: 'hybrid',
      target: 'apim',
      scopes,
      acc: account.id,
      idx: account.analyticsIndexId,
    };
  }
}
