import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ControlPlaneConfig } from '@app/config';
import { cloudGateUrlFor, encodeLicense } from '@app/contracts';
import { AccountsService } from '../accounts/accounts.service';
import { AccountEntity } from '../accounts/account.entity';
import { ControlPlaneError } from '../control-plane.errors';
import { UnitOfWork } from '../database/unit-of-work';
import { KeyStoreService } from '../keys/key-store.service';
import { CloudTokenService } from '../tokens/cloud-token.service';
import { TokensService } from '../tokens/tokens.service';
import { InstallationDetailsView } from './dto/gateway.dto';
import { GatewaysRepository } from './gateways.repository';
import { BridgeValues, installSnippets } from './install-snippets';

/** Where Gravitee Cloud's own gates are: a gateway finds them from its token alone, with the seed's snippets as they are. */
export const PRODUCTION_GATE_TEMPLATE = 'https://{cpg}.cloudgate.gravitee.io';

const DAY_MS = 86_400_000;
/** What a hybrid gateway of this control plane is licensed for. */
const LICENSE_TIER = 'universe';
const LICENSE_PACKS = 'observability,event-native';
const LICENSE_FEATURES = 'apim-bridge-gateway,apim-en-endpoint-kafka,apim-policy-data-logging-masking';

/** Installation details: a fresh Cloud Token, a signed license and install instructions. */
@Injectable()
export class InstallationService {
  /** Read once at boot: a missing CA file stops the control plane rather than every install snippet. */
  private readonly gateCaPem?: string;

  constructor(
    private readonly accounts: AccountsService,
    private readonly gateways: GatewaysRepository,
    private readonly cloudTokens: CloudTokenService,
    private readonly tokens: TokensService,
    private readonly unitOfWork: UnitOfWork,
    private readonly keys: KeyStoreService,
    private readonly config: ControlPlaneConfig,
  ) {
    if (config.CLOUD_GATE_CA_FILE) {
      try {
        this.gateCaPem = readFileSync(config.CLOUD_GATE_CA_FILE, 'utf8');
      } catch (err) {
        throw new Error(`CLOUD_GATE_CA_FILE: cannot read ${config.CLOUD_GATE_CA_FILE} (${(err as Error).message})`);
      }
    }
  }

  /** The bridge settings snippets carry when the region's gate is not Gravitee Cloud's. */
  private bridge(region: string, gateUrl: string): BridgeValues | undefined {
    const selfHosted = Boolean(this.config.CLOUD_GATE_URLS?.[region]) || this.config.CLOUD_GATE_URL_TEMPLATE !== PRODUCTION_GATE_TEMPLATE;
    if (!selfHosted) return undefined;
    const ca = this.gateCaPem && this.config.CLOUD_GATE_CA_FILE ? { pem: this.gateCaPem, path: this.config.CLOUD_GATE_CA_FILE, name: this.config.CONTROL_PLANE_ID } : undefined;
    return { gateUrl, ca };
  }

  /**
   * A new token (and license) for the installation; with `revokePrevious` (rotation) its earlier tokens
   * are revoked in the same transaction. The gateway row is held so a concurrent delete cannot miss the new token.
   */
  async details(accountId: string, gatewayId: string, { revokePrevious = false } = {}): Promise<InstallationDetailsView> {
    const account = await this.accounts.require(accountId);
    const { gateway, token, revoked } = await this.unitOfWork.run(async (tx) => {
      const locked = await this.gateways.findInAccountLocked(tx, accountId, gatewayId, 'share');
      if (!locked) throw new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
      const issued = await this.cloudTokens.issue(account, locked, tx);
      const revocations = revokePrevious ? await this.tokens.revokeInstallation(tx, accountId, gatewayId, issued.claims.jti) : [];
      return { gateway: locked, token: issued.token, revoked: revocations };
    });
    await this.tokens.announce(revoked);
    const licenseKey = (await this.license(account)).toString('base64');
    const cloudGateUrl = cloudGateUrlFor(account.region, this.config.CLOUD_GATE_URL_TEMPLATE, this.config.CLOUD_GATE_URLS);
    return {
      cloudToken: token,
      licenseKey,
      cloudGateUrl,
      install: installSnippets({
        cloudToken: token,
        licenseKey,
        image: this.config.GATEWAY_IMAGE.replace(/\{version\}/g, this.config.GATEWAY_VERSION),
        accessPoints: gateway.accessPoints,
        bridge: this.bridge(account.region, cloudGateUrl),
      }),
    };
  }

  private async license(account: AccountEntity): Promise<Buffer> {
    const key = await this.keys.active('license');
    return encodeLicense(
      {
        company: account.name,
        email: `admin+${account.id}@${account.organizationId}.cloud.local`,
        licenseId: randomUUID(),
        expiryDate: new Date(Date.now() + this.config.LICENSE_TTL_DAYS * DAY_MS),
        tier: LICENSE_TIER,
        packs: LICENSE_PACKS,
        features: LICENSE_FEATURES,
      },
      key.privatePem,
    );
  }
}
