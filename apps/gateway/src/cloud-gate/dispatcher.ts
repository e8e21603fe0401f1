import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { GatewayConfig } from '@app/config';

/** How the gateway checks the Cloud Gate's certificate: the extra CAs (PEM) to trust, or Gravitee's `trustall`/`verifyHostname`. */
export interface GateTls {
  ca?: string[];
  trustAll: boolean;
  verifyHostname: boolean;
}

/**
 * The connection pool to the Cloud Gate: TLS verified against the system CAs plus the configured CAs,
 * and through the management HTTP proxy when one is enabled.
 */
export function cloudGateDispatcher(config: GatewayConfig, gateTls: GateTls): Dispatcher {
  const tls = {
    ...(gateTls.ca && gateTls.ca.length > 0 ? { ca: [...rootCertificates, ...gateTls.ca] } : {}),
    ...(gateTls.trustAll ? { rejectUnauthorized: false } : {}),
    ...(!gateTls.verifyHostname ? { checkServerIdentity: () => undefined } : {}),
  };
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
