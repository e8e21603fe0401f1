import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { GatewayConfig } from '@app/config';
import { CloudGateClient, CloudGateError } from '../cloud-gate/cloud-gate.client';
import { cloudGateDispatcher } from '../cloud-gate/dispatcher';
import { StateStore } from '../sync/state.store';
import type { GatewayStartup } from '../app.module';
import { readCloudToken } from './cloud-token';
import { GatewayContext } from './gateway-context';
import { GateLocation, defaultStateDir, gateCaFiles, locateCloudGate, unreachableGateAdvice } from './gate-location';
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
  const location = locateCloudGate(config, claims.cpg);
  const caFiles = gateCaFiles(config);
  const ca = caFiles.map(({ file, setting }) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new StartupRefusal(setting.toUpperCase(), `cannot read the Cloud Gate's CA file ${file}: ${(err as Error).message}`);
    }
  });
  const tls = { ca, trustAll: config.GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTALL, verifyHostname: config.GRAVITEE_MANAGEMENT_HTTP_SSL_VERIFYHOSTNAME };
  const cloudGate = new CloudGateClient(location.baseUrl, config.GRAVITEE_CLOUD_TOKEN.trim(), cloudGateDispatcher(config, tls));
  const stateDir = config.GATEWAY_STATE_DIR ?? defaultStateDir(claims.meta.GATEWAYID, config.GATEWAY_HTTP_PORT);
  const store = new StateStore(stateDir, { organizationId: claims.org, environmentIds: claims.envs, gatewayId: claims.meta.GATEWAYID });
  const publicKey = await licensePublicKey(config, cloudGate, store, stateDir, location, caFiles.map((f) => f.file));
  const license = checkLicense(config.GRAVITEE_LICENSE_KEY, publicKey);
  const context = new GatewayContext(claims, license, randomUUID(), hostname(), VERSION, Date.now());
  return { context, cloudGate, store, stateDir };
}

async function licensePublicKey(
  config: GatewayConfig,
  cloudGate: CloudGateClient,
  store: StateStore,
  stateDir: string,
  location: GateLocation,
  caFiles: string[],
): Promise<string> {
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
    const why = `the license cannot be checked before a first contact with the gate (nothing kept in ${stateDir})`;
    if (err instanceof CloudGateError && err.failure === 'network') {
      const { setting, advice } = unreachableGateAdvice(err.networkCode, location, caFiles);
      throw new StartupRefusal(setting, `cannot reach the Cloud Gate at ${cloudGate.baseUrl} (${err.message.replace(/^Cloud Gate \S+ unreachable: /, '')}): ${advice}; ${why}`);
    }
    throw new StartupRefusal(
      location.variable,
      `${cloudGate.baseUrl} does not answer as a Cloud Gate (${(err as Error).message}; the gate URL comes from ${location.setting}); ${why}`,
    );
  }
}
