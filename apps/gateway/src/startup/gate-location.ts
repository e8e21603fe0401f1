import { homedir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfig } from '@app/config';
import { cloudGateUrlFor } from '@app/contracts';

/** Where the gateway finds its Cloud Gate, and which setting said so (named when the gate cannot be reached). */
export interface GateLocation {
  /** The gate's base URL: `/sync/_bridge/*`, `/reports` and `/license/public-key` hang off it. */
  baseUrl: string;
  /** Where the URL came from, as the user would look for it. */
  setting: string;
  /** The variable to fix when the gate cannot be reached. */
  variable: string;
}

/**
 * Gravitee's bridge setting `management.http.url` (the gate's `/sync` URL) wins; else the local map of
 * gates per geography; else the production template filled with the token's `cpg`.
 */
export function locateCloudGate(config: GatewayConfig, geography: string): GateLocation {
  if (config.GRAVITEE_MANAGEMENT_HTTP_URL) {
    const url = new URL(config.GRAVITEE_MANAGEMENT_HTTP_URL);
    const path = url.pathname.replace(/\/+$/, '').replace(/\/sync$/, '');
    return { baseUrl: `${url.origin}${path}`, setting: 'gravitee_management_http_url', variable: 'GRAVITEE_MANAGEMENT_HTTP_URL' };
  }
  const url = cloudGateUrlFor(geography, config.GRAVITEE_CLOUD_GATE_URL_TEMPLATE, config.GRAVITEE_CLOUD_GATE_URLS);
  if (config.GRAVITEE_CLOUD_GATE_URLS?.[geography]) return { baseUrl: url, setting: 'GRAVITEE_CLOUD_GATE_URLS', variable: 'GRAVITEE_CLOUD_GATE_URLS' };
  return {
    baseUrl: url,
    setting: `the token's geography (cpg ${geography}) in GRAVITEE_CLOUD_GATE_URL_TEMPLATE; set gravitee_management_http_url for a self-hosted control plane`,
    variable: 'GRAVITEE_MANAGEMENT_HTTP_URL',
  };
}

/** The CA files trusted for the gate: Gravitee's PEM truststore setting, and ours. */
export function gateCaFiles(config: GatewayConfig): Array<{ file: string; setting: string }> {
  const files: Array<{ file: string; setting: string }> = [];
  if (config.GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH) files.push({ file: config.GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH, setting: 'gravitee_management_http_ssl_truststore_path' });
  if (config.GRAVITEE_CLOUD_GATE_CA_FILE) files.push({ file: config.GRAVITEE_CLOUD_GATE_CA_FILE, setting: 'GRAVITEE_CLOUD_GATE_CA_FILE' });
  return files;
}

/** One folder per installation and traffic port, so a second gateway on this host never shares the first one's state. */
export function defaultStateDir(gatewayId: string, httpPort: number): string {
  return join(homedir(), '.cache', 'hybrid-gateway', `${gatewayId.replace(/[^A-Za-z0-9._-]/g, '_')}-${httpPort}`);
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME/;

/** What to tell the user when the gate did not answer: an untrusted certificate, or no connection at all. */
export function unreachableGateAdvice(networkCode: string | undefined, location: GateLocation, caFiles: string[]): { setting: string; advice: string } {
  if (networkCode && TLS_CODES.test(networkCode)) {
    return {
      setting: 'GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH',
      advice:
        caFiles.length > 0
          ? `the Cloud Gate's certificate is not signed by the CA in ${caFiles.join(', ')}`
          : "the Cloud Gate's certificate is not trusted: set gravitee_management_http_ssl_truststore_type=pem and gravitee_management_http_ssl_truststore_path to the control plane's CA file",
    };
  }
  return { setting: location.variable, advice: `check that the Cloud Gate is up and reachable from here (the gate URL comes from ${location.setting})` };
}
