import { startApp } from '../support/processes';

/** A bad setting stops the process with a message naming the variable, not a stack trace. */
describe('boot with bad configuration', () => {
  it.each([
    ['control-plane', { PORT: 'http' }, /control-plane: Invalid configuration:\n {2}- PORT: must be an integer between 0 and 65535/],
    ['cloud-gate', { REGION: 'asia' }, /cloud-gate: Invalid configuration:\n {2}- REGION: must be one of eu, us \(got "asia"\)/],
    ['cloud-gate', { REGION: 'eu' }, /TLS_CERT_FILE, TLS_KEY_FILE: the Cloud Gate serves HTTPS/],
    ['ingest-worker', { KAFKA_BROKERS: 'not a broker' }, /KAFKA_BROKERS: must be a comma-separated list like 127.0.0.1:9092/],
    ['gateway', {}, /GRAVITEE_CLOUD_TOKEN: must be set/],
  ] as const)('%s exits 1 with %j', async (name, env, message) => {
    const app = await startApp(name, { ...env });
    const code = await new Promise<number | null>((resolve) => app.process.once('exit', resolve));
    expect(code).toBe(1);
    expect(app.output()).toMatch(message);
    expect(app.output()).not.toMatch(/\n\s+at /);
  });
});
