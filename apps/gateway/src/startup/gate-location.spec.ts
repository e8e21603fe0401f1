import 'reflect-metadata';
import { GatewayConfig, normalizeGatewayEnv, validateConfig } from '@app/config';
import { locateCloudGate, unreachableGateAdvice } from './gate-location';

const config = (env: Record<string, string>) => validateConfig(GatewayConfig, normalizeGatewayEnv({ gravitee_cloud_token: 't', gravitee_license_key: 'l', ...env }));

describe('locateCloudGate', () => {
  it("uses Gravitee's bridge URL (the gate's /sync) over the map and the template", () => {
    const location = locateCloudGate(config({ gravitee_management_http_url: 'https://gate.example:8091/sync/', GRAVITEE_CLOUD_GATE_URLS: 'eu=https://other:1' }), 'eu');
    expect(location).toEqual({ baseUrl: 'https://gate.example:8091', setting: 'gravitee_management_http_url', variable: 'GRAVITEE_MANAGEMENT_HTTP_URL' });
  });

  it('keeps a path prefix in front of /sync', () => {
    expect(locateCloudGate(config({ gravitee_management_http_url: 'https://edge.example/cloud/sync' }), 'eu').baseUrl).toBe('https://edge.example/cloud');
  });

  it("falls back to the local map, then to the production template with the token's geography", () => {
    expect(locateCloudGate(config({ GRAVITEE_CLOUD_GATE_URLS: 'eu=https://127.0.0.1:8091' }), 'eu')).toEqual({
      baseUrl: 'https://127.0.0.1:8091',
      setting: 'GRAVITEE_CLOUD_GATE_URLS',
      variable: 'GRAVITEE_CLOUD_GATE_URLS',
    });
    const production = locateCloudGate(config({}), 'us');
    expect(production.baseUrl).toBe('https://us.cloudgate.gravitee.io');
    expect(production.setting).toMatch(/set gravitee_management_http_url for a self-hosted control plane/);
  });
});

describe('unreachableGateAdvice', () => {
  const location = { baseUrl: 'https://127.0.0.1:8091', setting: 'gravitee_management_http_url', variable: 'GRAVITEE_MANAGEMENT_HTTP_URL' };

  it('blames the truststore for a certificate the gateway does not trust', () => {
    expect(unreachableGateAdvice('SELF_SIGNED_CERT_IN_CHAIN', location, []).advice).toMatch(/gravitee_management_http_ssl_truststore_path/);
    expect(unreachableGateAdvice('UNABLE_TO_VERIFY_LEAF_SIGNATURE', location, ['/tmp/ca.pem']).advice).toMatch(/not signed by the CA in \/tmp\/ca\.pem/);
  });

  it('says where the gate URL came from when nothing answers', () => {
    expect(unreachableGateAdvice('ECONNREFUSED', location, [])).toEqual({ setting: 'GRAVITEE_MANAGEMENT_HTTP_URL', advice: expect.stringMatching(/gravitee_management_http_url/) });
  });
});
