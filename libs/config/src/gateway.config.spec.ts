import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfig, normalizeGatewayEnv } from './gateway.config';
import { ConfigValidationError, validateConfig } from './validate-config';

const yml = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'gravitee-yml-')), 'gravitee.yml');
  writeFileSync(file, text);
  return file;
};

describe('gateway settings as a Gravitee gateway reads them', () => {
  it('reads a gravitee.yml named by GRAVITEE_CONF, its keys as the variables of the same settings', () => {
    const file = yml(`management:
  type: http
  http:
    url: https://gate.example:8091/sync
    ssl:
      trustall: false
      verifyHostname: true
      truststore:
        type: pem
        path: /etc/ca.pem
cloud:
  token: the-token
ratelimit:
  type: redis
  redis:
    port: 6380
license:
  key: TElD
`);
    const config = validateConfig(GatewayConfig, normalizeGatewayEnv({ GRAVITEE_CONF: file }));
    expect(config).toMatchObject({
      GRAVITEE_MANAGEMENT_TYPE: 'http',
      GRAVITEE_MANAGEMENT_HTTP_URL: 'https://gate.example:8091/sync',
      GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTALL: false,
      GRAVITEE_MANAGEMENT_HTTP_SSL_VERIFYHOSTNAME: true,
      GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_TYPE: 'pem',
      GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH: '/etc/ca.pem',
      GRAVITEE_CLOUD_TOKEN: 'the-token',
      GRAVITEE_RATELIMIT_TYPE: 'redis',
      GRAVITEE_RATELIMIT_REDIS_PORT: 6380,
      GRAVITEE_LICENSE_KEY: 'TElD',
    });
  });

  it('lets variables, upper or lower case, win over the file', () => {
    const file = yml('cloud:\n  token: from-file\nlicense:\n  key: file-license\nratelimit:\n  type: redis\n');
    const config = validateConfig(GatewayConfig, normalizeGatewayEnv({ GRAVITEE_CONF: file, gravitee_cloud_token: 'from-env', GRAVITEE_RATELIMIT_TYPE: 'none' }));
    expect([config.GRAVITEE_CLOUD_TOKEN, config.GRAVITEE_LICENSE_KEY, config.GRAVITEE_RATELIMIT_TYPE]).toEqual(['from-env', 'file-license', 'none']);
  });

  it("takes the Cloud Token from the bridge client's Basic password when it is the only one given", () => {
    const env = normalizeGatewayEnv({ gravitee_management_http_authentication_basic_password: 'basic-token', gravitee_license_key: 'l' });
    expect(validateConfig(GatewayConfig, env).GRAVITEE_CLOUD_TOKEN).toBe('basic-token');
  });

  it('names GRAVITEE_CONF when the file is missing or not YAML', () => {
    expect(() => normalizeGatewayEnv({ GRAVITEE_CONF: '/nonexistent/gravitee.yml' })).toThrow(ConfigValidationError);
    expect(() => normalizeGatewayEnv({ GRAVITEE_CONF: '/nonexistent/gravitee.yml' })).toThrow(/GRAVITEE_CONF: cannot read/);
    expect(() => normalizeGatewayEnv({ GRAVITEE_CONF: yml('a: [b\n') })).toThrow(/GRAVITEE_CONF: .* is not YAML/);
  });

  it('refuses a truststore type the reference gateway cannot read', () => {
    expect(() => validateConfig(GatewayConfig, normalizeGatewayEnv({ gravitee_cloud_token: 't', gravitee_license_key: 'l', gravitee_management_http_ssl_truststore_type: 'jks' }))).toThrow(
      /GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_TYPE: must be one of pem/,
    );
  });
});
