import { CloudGateConfig } from './cloud-gate.config';
import { ControlPlaneConfig } from './control-plane.config';
import { GatewayConfig, normalizeGatewayEnv } from './gateway.config';
import { IngestWorkerConfig } from './ingest-worker.config';
import { ConfigValidationError, validateConfig } from './validate-config';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('validateConfig', () => {
  it('fills defaults and converts types', () => {
    const config = validateConfig(ControlPlaneConfig, { PORT: '9000', CLOUD_GATE_URLS: 'eu=https://a:1, us=https://b:2' });
    expect(config.PORT).toBe(9000);
    expect(config.TOKEN_ISSUER).toBe('GraviteeCloud');
    expect(config.CLOUD_GATE_URLS).toEqual({ eu: 'https://a:1', us: 'https://b:2' });
  });

  it('names every bad variable with the expected form', () => {
    const problems = problemsOf(() => validateConfig(ControlPlaneConfig, { PORT: 'eighty', DATABASE_URL: 'mysql://x', CLOUD_GATE_URL_TEMPLATE: 'https://gate' }));
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/integer between 0 and 65535.*got "eighty"/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres/);
    expect(problems.find((p) => p.startsWith('CLOUD_GATE_URL_TEMPLATE:'))).toMatch(/\{cpg\}/);
  });

  it('requires the region of a Cloud Gate and derives its port from it', () => {
    expect(problemsOf(() => validateConfig(CloudGateConfig, {}))[0]).toMatch(/^REGION: must be one of eu, us \(it is not set\)/);
    expect(validateConfig(CloudGateConfig, { REGION: 'us' }).port).toBe(8092);
    expect(validateConfig(CloudGateConfig, { REGION: 'eu' }).port).toBe(8091);
    expect(validateConfig(CloudGateConfig, { REGION: 'eu', PORT: '9999' }).port).toBe(9999);
  });

  it('parses broker lists and rejects malformed ones', () => {
    expect(validateConfig(IngestWorkerConfig, { KAFKA_BROKERS: 'a:1,b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(problemsOf(() => validateConfig(IngestWorkerConfig, { KAFKA_BROKERS: 'nohost' }))[0]).toMatch(/^KAFKA_BROKERS: must be a comma-separated list/);
    expect(problemsOf(() => validateConfig(IngestWorkerConfig, { INGEST_REGIONS: 'eu,asia' }))[0]).toMatch(/^INGEST_REGIONS/);
  });

  it('reads the gateway variables in the lower-case form of the seed', () => {
    const config = validateConfig(GatewayConfig, normalizeGatewayEnv({ gravitee_cloud_token: 't', gravitee_license_key: 'l', gravitee_ratelimit_type: 'redis' }));
    expect(config.GRAVITEE_CLOUD_TOKEN).toBe('t');
    expect(config.GRAVITEE_RATELIMIT_TYPE).toBe('redis');
    expect(problemsOf(() => validateConfig(GatewayConfig, {})).map((p) => p.split(':')[0])).toEqual(['GRAVITEE_CLOUD_TOKEN', 'GRAVITEE_LICENSE_KEY']);
  });

  it('treats an empty variable as unset', () => {
    expect(validateConfig(ControlPlaneConfig, { PORT: '' }).PORT).toBe(8083);
  });
});
