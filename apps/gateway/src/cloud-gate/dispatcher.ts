import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { GatewayConfig } from '@app/config';

/**
 * The connection pool to the Cloud Gate: TLS verified against the system CAs plus the configured CA
 * file, and through the management HTTP proxy when one is enabled.
 */
export function cloudGateDispatcher(config: GatewayConfig): Dispatcher {
  const ca = config.GRAVITEE_CLOUD_GATE_CA_FILE ? [...rootCertificates, readFileSync(config.GRAVITEE_CLOUD_GATE_CA_FILE, 'utf8')] : undefined;
  const tls = ca ? { ca } : {};
  if (!config.GRAVITEE_MANAGEMENT_HTTP_PROXY_ENABLED) {
    return new Agent({ connect: tls, keepAliveTimeout: 30_000 });
  }
  if (!config.GRAVITEE_MANAGEMENT_HTTP_PROXY_HOST) {
    throw new Error('GRAVITEE_MANAGEMENT_HTTP_PROXY_HOST must be set when GRAVITEE_MANAGEMENT_HTTP_PROXY_ENABLED=true');
  }
  const user = config.GRAVITEE_MANAGEMENT_HTTP_PROXY_USERNAME;
  const password = config.GRAVITEE_MANAGEMENT_HTTP_PROXY_PASSWORD ?? '';
  return new ProxyAgent({
    uri: `http://${config.GRAVITEE_MANAGEMENT_HTTP_PROXY_HOST}:${config.GRAVITEE_MANAGEMENT_HTTP_PROXY_PORT}`,
    token: user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined,
    requestTls: tls,
  });
}
