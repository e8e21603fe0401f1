import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { METRICS_TEXT_LIMITS } from '@app/contracts';
import { FakeCloudGate } from './gateway-fake-cloud-gate';
import { apiDefinition, cloudToken, license, licenseKeys, startEchoUpstream, startGateway, tempStateDir } from './gateway-helpers';
import { waitFor } from '../support/wait-for';

const scope = { org: `org-${randomUUID()}`, env: `env-${randomUUID()}`, gatewayId: `gw-${randomUUID()}` };

/** One request line written by hand, as a client that sends an absolute-form or broken target would. */
function rawRequest(port: number, requestLine: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${requestLine}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`));
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]), text: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

describe('reference gateway: keys, reports and targets a caller controls (e2e)', () => {
  const keys = licenseKeys();
  const token = cloudToken(scope);
  const gate = new FakeCloudGate(token, keys.publicKey);
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const reportOf = (requestId: string | null) =>
    waitFor('the report of the request', () => gate.reportBatches.flatMap((b) => b.reports).find((r) => r.requestId === requestId), { everyMs: 50 });

  beforeAll(async () => {
    await gate.start();
    upstream = await startEchoUpstream();
    gateway = await startGateway({
      GRAVITEE_CLOUD_TOKEN: token,
      gravitee_license_key: license(keys.privateKey),
      GRAVITEE_CLOUD_GATE_URLS: `eu=${gate.url}`,
      GATEWAY_STATE_DIR: tempStateDir(),
    });
    const definition = apiDefinition('/keyed', upstream.url, 'api-key');
    const now = Date.now();
    gate.subscriptions.push({ id: 'sub-1', api: definition.id, plan: definition.plans[0].id, application: 'app-1', environmentId: scope.env, status: 'ACCEPTED', startingAt: null, endingAt: null, createdAt: now, updatedAt: now });
    gate.keys.push({ id: 'key-1', key: 'the-secret-key', application: 'app-1', subscriptions: ['sub-1'], environmentId: scope.env, revoked: false, paused: false, expireAt: null, createdAt: now, updatedAt: now });
    gate.apiEvent('PUBLISH_API', definition, scope.env, scope.org);
    gate.apiEvent('PUBLISH_API', apiDefinition('/open', upstream.url), scope.env, scope.org);
    await waitFor('the APIs to be served', async () => (await fetch(`${gateway.traffic}/keyed`)).status === 401 && (await fetch(`${gateway.traffic}/open`)).status === 200, { everyMs: 50 });
  });

  afterAll(async () => {
    await gateway?.app.kill();
    await upstream?.stop();
    await gate.stop();
  });

  it.each(['api%2Dkey', 'api%2dkey', '%61pi-key'])('authenticates with ?%s= and forwards and reports no key', async (name) => {
    const res = await fetch(`${gateway.traffic}/keyed/x?a=1&${name}=the-secret-key`);
    expect(res.status).toBe(200);
    const echoed = (await res.json()) as { url: string };
    expect(echoed.url).toBe('/x?a=1');
    const report = await reportOf(res.headers.get('x-gravitee-request-id'));
    expect(JSON.stringify(report)).not.toContain('the-secret-key');
  });

  it('reports a request whose transaction id and user agent are longer than the contract takes', async () => {
    const res = await fetch(`${gateway.traffic}/open/long`, { headers: { 'x-gravitee-transaction-id': 't'.repeat(5000), 'user-agent': 'u'.repeat(10_000) } });
    expect(res.status).toBe(200);
    const report = await reportOf(res.headers.get('x-gravitee-request-id'));
    // Cut to what the report contract takes, so the gate accepts the line (it would refuse a longer one).
    expect(report.transactionId).toBe('t'.repeat(METRICS_TEXT_LIMITS.transactionId));
    expect(report.userAgent).toBe('u'.repeat(METRICS_TEXT_LIMITS.userAgent));
  });

  it('answers a request target that is not a URL with 400, and keeps serving', async () => {
    const res = await rawRequest(gateway.ports.http, 'GET http://[/open/x HTTP/1.1');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ http_status_code: 400 });
    expect((await fetch(`${gateway.traffic}/open/after`)).status).toBe(200);
  });

  it('answers a wrong method on its management port with 405 and the error shape, without X-Powered-By', async () => {
    const res = await fetch(`${gateway.management}/_node/health`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(await res.json()).toMatchObject({ statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
  });
});
