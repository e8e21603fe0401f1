import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fetch } from 'undici';
import { createTestDatabase } from '../support/database';
import { freePort, startApp } from '../support/processes';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';

/** The value of the Prometheus sample `name` whose labels are exactly `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(m[3]);
  }
  return undefined;
}

describe('control plane metrics and health', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('observability', { worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('exports gateways by status, deployed APIs and live tokens', async () => {
    const metrics = async () => (await fetch(`${stack.controlPlaneUrl}/metrics`)).text();
    const account = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Metrics', region: 'eu' });
    const env = account.body.environments[0].id;
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/gateways`, { name: 'gw', platform: 'linux', environmentId: env, accessPoints: ['gw.example'] });
    const details = await stack.api<{ cloudToken: string; licenseKey: string }>('POST', `/accounts/${account.body.id}/gateways/${gateway.body.id}/installation-details`);
    await stack.api('POST', `/accounts/${account.body.id}/gateways/${gateway.body.id}/installation-details`);
    const api = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/environments/${env}/apis`, { name: 'm', contextPath: '/m', target: 'http://127.0.0.1:9' });
    await stack.api('POST', `/accounts/${account.body.id}/environments/${env}/apis`, { name: 'n', contextPath: '/n', target: 'http://127.0.0.1:9' });
    await stack.api('POST', `/accounts/${account.body.id}/environments/${env}/apis/${api.body.id}/deploy`);

    let text = await metrics();
    expect(sample(text, 'control_plane_tokens_live')).toBe(2);
    expect(sample(text, 'control_plane_apis_deployed', { state: 'STARTED' })).toBe(1);
    expect(sample(text, 'control_plane_apis_deployed', { state: 'STOPPED' })).toBe(0);
    expect(sample(text, 'control_plane_gateways', { status: 'connected' })).toBe(0);
    expect(sample(text, 'control_plane_gateways', { status: 'pending' })).toBe(1);

    const gw = await stack.startGateway(details.body.cloudToken, details.body.licenseKey);
    await waitFor('the gateway counted as connected', async () => sample(await metrics(), 'control_plane_gateways', { status: 'connected' }) === 1);
    const [{ jti }] = (await stack.api<Array<{ jti: string }>>('GET', `/accounts/${account.body.id}/tokens`)).body;
    expect((await stack.api('POST', `/accounts/${account.body.id}/tokens/${jti}/revoke`)).status).toBe(204);
    text = await metrics();
    expect(sample(text, 'control_plane_tokens_live')).toBe(1);
    await gw.app.stop();
  });

  it('stays up without Elasticsearch, its health saying analytics is degraded', async () => {
    const db = await createTestDatabase('health_es');
    const port = await freePort();
    const app = await startApp(
      'control-plane',
      {
        PORT: String(port),
        DATABASE_URL: db.url,
        ELASTICSEARCH_URL: `http://127.0.0.1:${await freePort()}`,
        ADMIN_TOKEN: randomBytes(24).toString('base64url'),
        INTERNAL_API_TOKEN: randomBytes(24).toString('base64url'),
      },
      `http://127.0.0.1:${port}/health`,
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 'ok',
        degraded: ['analytics'],
        details: { database: { status: 'up' }, elasticsearch: { status: 'down', impact: expect.stringMatching(/analytics/) } },
      });
    } finally {
      await app.stop();
      await db.drop();
    }
    // And with Elasticsearch there, it is listed as up.
    const healthy = (await (await fetch(`${stack.controlPlaneUrl}/health`)).json()) as Record<string, unknown>;
    expect(healthy).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, elasticsearch: { status: 'up' } } });
    expect(healthy.degraded).toBeUndefined();
  });
});
