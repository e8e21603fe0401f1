import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { GatewayConfig } from '@app/config';
import { cloudGateUrlFor } from '@app/contracts';
import { CloudGateClient } from '../cloud-gate/cloud-gate.client';
import { cloudGateDispatcher } from '../cloud-gate/dispatcher';
import { StateStore } from '../sync/state.store';
import type { GatewayStartup } from '../app.module';
import { readCloudToken } from './cloud-token';
import { GatewayContext } from './gateway-context';
import { checkLicense } from './license';
import { StartupRefusal } from './startup-refusal';

const VERSION = '4.8.0-hybrid-reference';

/**
 * Everything checked before the gateway starts: the Cloud Token's claims, its Cloud Gate, and the
 * license against the control plane's public license key (a configured file, else the gate's copy
 * fetched over verified TLS, else the copy kept from an earlier start).
 */
export async function prepareGateway(config: GatewayConfig): Promise<GatewayStartup> {
  const claims = readCloudToken(config.GRAVITEE_CLOUD_TOKEN);
  const gateUrl = cloudGateUrlFor(claims.cpg, config.GRAVITEE_CLOUD_GATE_URL_TEMPLATE, config.GRAVITEE_CLOUD_GATE_URLS);
  const cloudGate = new CloudGateClient(gateUrl, config.GRAVITEE_CLOUD_TOKEN.trim(), cloudGateDispatcher(config));
  const store = new StateStore(config.GATEWAY_STATE_DIR, { organizationId: claims.org, environmentIds: claims.envs, gatewayId: claims.meta.GATEWAYID });
  const publicKey = await licensePublicKey(config, cloudGate, store);
  const license = checkLicense(config.GRAVITEE_LICENSE_KEY, publicKey);
  const context = new GatewayContext(claims, license, randomUUID(), hostname(), VERSION, Date.now());
  return { context, cloudGate, store };
}

async function licensePublicKey(config: GatewayConfig, cloudGate: CloudGateClient, store: StateStore): Promise<string> {
  if (config.GRAVITEE_LICENSE_PUBLIC_KEY_FILE) {
    try {
      return await readFile(config.GRAVITEE_LICENSE_PUBLIC_KEY_FILE, 'utf8');
    } catch (err) {
      throw new StartupRefusal('GRAVITEE_LICENSE_PUBLIC_KEY_FILE', `cannot read ${config.GRAVITEE_LICENSE_PUBLIC_KEY_FILE}: ${(err as Error).message}`);
    }
  }
  try {
    const pem = await cloudGate.licensePublicKey();
    await store.savePublicKey(pem).catch(() => undefined);
    return pem;
  } catch (err) {
    const kept = await store.loadPublicKey();
    if (kept) return kept;
    throw new StartupRefusal(
      'GRAVITEE_LICENSE_KEY',
      `cannot verify the license: the license public key could not be fetched from ${cloudGate.baseUrl} (${(err as Error).message}) and none is kept in ${config.GATEWAY_STATE_DIR}; set GRAVITEE_LICENSE_PUBLIC_KEY_FILE or start while the Cloud Gate is reachable`,
    );
  }
}
