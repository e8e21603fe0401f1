import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { BridgeEvent, HEARTBEAT_PROPERTIES } from '@app/contracts';
import { RunningApp, freePort } from '../support/processes';
import { FakeCloudGate } from './gateway-fake-cloud-gate';
import { apiDefinition, cloudToken, license, licenseKeys, startEchoUpstream, startGateway, tempStateDir } from './gateway-helpers';
import { waitFor } from '../support/wait-for';

const scope = { org: `org-${randomUUID()}`, env: `env-${randomUUID()}`, gatewayId: `gw-${randomUUID()}` };

/** The value of the Prometheus sample `name` whose labels are exactly `labels` (undefined when there is none). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(m[3]);
  }
  return undefined;
}

describe('reference gateway against a Cloud Gate', () => {
  const keys = licenseKeys();
  const token = cloudToken(scope);
  const gate = new FakeCloudGate(token, keys.publicKey);
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let app: RunningApp;

  const deploy = (definition: ReturnType<typeof apiDefinition>) => gate.apiEvent('PUBLISH_API', definition, scope.env, scope.org);
  const served = (path: string, init?: RequestInit) =>
    waitFor(`${path} to be served`, async () => {
      const res = await fetch(`${gateway.traffic}${path}`, init);
      return res.status !== 404 ? res : undefined;
    }, { everyMs: 50 });

  beforeAll(async () => {
    await gate.start();
    upstream = await startEchoUpstream();
    gateway = await startGateway({
      GRAVITEE_CLOUD_TOKEN: token,
      gravitee_license_key: license(keys.privateKey),
      GRAVITEE_CLOUD_GATE_URLS: `eu=${gate.url}`,
      GATEWAY_STATE_DIR: tempStateDir(),
      // Longer than any wait below: news that must arrive sooner cannot come from the long-poll timing out.
      GATEWAY_SYNC_WAIT_MS: '120000',
    });
    app = gateway.app;
  });

  afterAll(async () => {
    await app?.kill();
    await upstream?.stop();
    await gate.stop();
  });

  it('answers a path no API serves with the not-found message, as plain text', async () => {
    const res = await fetch(`${gateway.traffic}/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('No context-path matches the request URI.');
  });

  it('serves a deployed API: method, path, query, body and forwarding headers reach the endpoint', async () => {
    deploy(apiDefinition('/echo', `${upstream.url}/base`));
    await served('/echo');
    const res = await fetch(`${gateway.traffic}/echo/items/7?q=a%20b&x=1`, { method: 'PUT', body: 'hello', headers: { 'x-custom': 'yes' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('echo');
    expect(res.headers.get('x-gravitee-transaction-id')).toBeTruthy();
    const echoed = (await res.json()) as { method: string; url: string; body: string; headers: Record<string, string> };
    expect(echoed).toMatchObject({ method: 'PUT', url: '/base/items/7?q=a%20b&x=1', body: 'hello' });
    expect(echoed.headers).toMatchObject({ 'x-custom': 'yes', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', host: new URL(upstream.url).host });
  });

  it('routes to the longest matching context path', async () => {
    deploy(apiDefinition('/echo/deeper', `${upstream.url}/deep`));
    const res = await waitFor('the deeper API to be served', async () => {
      const r = await fetch(`${gateway.traffic}/echo/deeper/x`);
      const body = (await r.json()) as { url: string };
      return body.url === '/deep/x' ? body : undefined;
    }, { everyMs: 50 });
    expect(res.url).toBe('/deep/x');
    expect(((await (await fetch(`${gateway.traffic}/echo/deeperx`)).json()) as { url: string }).url).toBe('/base/deeperx');
  });

  it('asks for a subscribed API key on an api-key plan', async () => {
    const definition = apiDefinition('/keyed', upstream.url, 'api-key');
    const now = Date.now();
    gate.subscriptions.push({ id: 'sub-1', api: definition.id, plan: definition.plans[0].id, application: 'app-1', environmentId: scope.env, status: 'ACCEPTED', startingAt: null, endingAt: null, createdAt: now, updatedAt: now });
    gate.keys.push({ id: 'key-1', key: 'good-key', application: 'app-1', subscriptions: ['sub-1'], environmentId: scope.env, revoked: false, paused: false, expireAt: null, createdAt: now, updatedAt: now });
    gate.keys.push({ id: 'key-2', key: 'revoked-key', application: 'app-1', subscriptions: ['sub-1'], environmentId: scope.env, revoked: true, paused: false, expireAt: null, createdAt: now, updatedAt: now });
    deploy(definition);
    await waitFor('the keyed API to be served', async () => (await fetch(`${gateway.traffic}/keyed`)).status === 401, { everyMs: 50 });

    expect((await fetch(`${gateway.traffic}/keyed`)).status).toBe(401);
    expect((await fetch(`${gateway.traffic}/keyed`, { headers: { 'X-Gravitee-Api-Key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${gateway.traffic}/keyed`, { headers: { 'X-Gravitee-Api-Key': 'revoked-key' } })).status).toBe(401);
    const byHeader = await fetch(`${gateway.traffic}/keyed/a`, { headers: { 'X-Gravitee-Api-Key': 'good-key' } });
    expect(byHeader.status).toBe(200);
    expect(((await byHeader.json()) as { headers: Record<string, string> }).headers['x-gravitee-api-key']).toBeUndefined();
    const byQuery = await fetch(`${gateway.traffic}/keyed/b?api-key=good-key&z=1`);
    expect(byQuery.status).toBe(200);
    expect(((await byQuery.json()) as { url: string }).url).toBe('/b?z=1');
  });

  it('answers 502 when the endpoint cannot be reached and 504 when it does not answer in time', async () => {
    deploy(apiDefinition('/down', `http://127.0.0.1:${await freePort()}`));
    deploy(apiDefinition('/slow', `${upstream.url}/slow`));
    const down = await served('/down');
    expect(down.status).toBe(502);
    expect(await down.json()).toEqual({ message: 'Bad Gateway: the endpoint could not be reached', http_status_code: 502 });
    const slow = await served('/slow');
    expect(slow.status).toBe(504);
    expect(await slow.json()).toEqual({ message: 'Request timeout', http_status_code: 504 });
  });

  it('reports every request as a v4 metrics report, in gzip NDJSON batches', async () => {
    const res = await fetch(`${gateway.traffic}/echo/reported?api-key=secret`, { method: 'POST', body: 'abc', headers: { 'user-agent': 'e2e-agent' } });
    const requestId = res.headers.get('x-gravitee-request-id');
    const batch = await waitFor('the report of the request', () => gate.reportBatches.find((b) => b.reports.some((r) => r.requestId === requestId)), { everyMs: 50 });
    expect(batch.contentEncoding).toBe('gzip');
    expect(batch.contentType).toBe('application/x-ndjson');
    const report = batch.reports.find((r) => r.requestId === requestId)!;
    expect(report).toMatchObject({
      type: 'metrics',
      httpMethod: 'POST',
      uri: '/echo/reported?api-key=****',
      pathInfo: '/reported',
      status: 200,
      requestContentLength: 3,
      userAgent: 'e2e-agent',
      endpoint: `${upstream.url}/base/reported`,
      planId: expect.any(String),
      apiName: 'api /echo',
    });
    expect(typeof report.timestamp).toBe('number');
    expect(report.gatewayResponseTimeMs).toBeGreaterThanOrEqual(0);
    const failed = gate.reportBatches.flatMap((b) => b.reports).find((r) => r.status === 502);
    expect(failed).toMatchObject({ errorKey: 'GATEWAY_CLIENT_CONNECTION_ERROR' });
    const metrics = await (await fetch(`${gateway.management}/_node/metrics/prometheus`)).text();
    expect(await (await fetch(`${gateway.management}/metrics`)).text()).toContain('gateway_');
    expect(metrics).toMatch(/^gateway_reports_sent_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^gateway_reports_buffered \d+$/m);
    expect(metrics).toMatch(/^gateway_apis_deployed [1-9]\d*$/m);
    expect(metrics).toMatch(/# TYPE gateway_reports_dropped_total counter/);
    // Request metrics as Gravitee's gateway names them (Vert.x), with the API they matched.
    const api = { api: report.apiId as string };
    expect(sample(metrics, 'vertx_http_server_responses_total', { method: 'POST', code: '200', ...api })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'vertx_http_server_requests_total', { method: 'POST', ...api })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'vertx_http_server_response_time_seconds_bucket', { method: 'POST', code: '200', le: '+Inf', ...api })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'vertx_http_server_response_time_seconds_count', { method: 'POST', code: '200', ...api })).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/# TYPE vertx_http_server_response_time_seconds histogram/);
    // A path no API serves is counted without an API.
    expect(sample(metrics, 'vertx_http_server_responses_total', { method: 'GET', code: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'vertx_http_server_active_requests', {})).toBe(0);
  });

  it('resends a batch the gate could not take (503) and keeps it once accepted', async () => {
    gate.reportFailures.push(503);
    const res = await fetch(`${gateway.traffic}/echo/retried`);
    const requestId = res.headers.get('x-gravitee-request-id');
    const carrying = () => gate.reportBatches.filter((b) => b.reports.some((r) => r.requestId === requestId));
    await waitFor('the batch to be sent again', () => carrying().length >= 2, { everyMs: 50 });
  });

  it('stops serving an API when it is stopped', async () => {
    const definition = apiDefinition('/temporary', upstream.url);
    deploy(definition);
    await served('/temporary');
    gate.apiEvent('STOP_API', definition, scope.env, scope.org);
    await waitFor('the stopped API to be gone', async () => (await fetch(`${gateway.traffic}/temporary`)).status === 404, { everyMs: 50 });
  });

  it('sends GATEWAY_STARTED, then patches of that event as Gravitee’s gateway does, and its node monitoring', async () => {
    const started = await waitFor('three GATEWAY_STARTED heartbeats', () => gate.heartbeats.filter((e) => e.type === 'GATEWAY_STARTED').length >= 3 && gate.heartbeats, { everyMs: 50 });
    const ids = new Set(started.map((e) => e.id));
    expect(ids.size).toBe(1);
    const first = started[0].properties;
    for (const name of ['id', 'node_id', 'hostname', 'version', 'started_at', 'last_heartbeat_at']) expect(first[name]).toBeTruthy();
    expect(started[0]).toMatchObject({ environments: [scope.env], organizations: [scope.org] });
    // The node is named by the payload's id and the `id` property, as Gravitee's heartbeat names it.
    const node = JSON.parse(started[0].payload) as { id: string; hostname: string; version: string; ip: string; port: string };
    expect(node).toMatchObject({ id: first[HEARTBEAT_PROPERTIES.nodeId], hostname: expect.any(String), version: expect.any(String), ip: expect.any(String), port: expect.any(String) });
    expect(first[HEARTBEAT_PROPERTIES.id]).toBe(node.id);
    // Later ones only patch it: the event id, its type, and the new heartbeat time.
    const later = started[started.length - 1];
    expect(later).toMatchObject({ id: started[0].id, type: 'GATEWAY_STARTED', payload: null, environments: null });
    expect(Number(later.properties[HEARTBEAT_PROPERTIES.lastHeartbeatAt])).toBeGreaterThan(Number(first[HEARTBEAT_PROPERTIES.lastHeartbeatAt]));
    const types = await waitFor('node monitoring records', () => {
      const seen = new Set(gate.monitoring.map((m) => m.type));
      return ['NODE_INFOS', 'HEALTH_CHECK', 'MONITOR'].every((t) => seen.has(t)) && seen;
    }, { everyMs: 50 });
    expect([...types].sort()).toEqual(['HEALTH_CHECK', 'MONITOR', 'NODE_INFOS']);
    const infos = JSON.parse(gate.monitoring.find((m) => m.type === 'NODE_INFOS')!.payload) as Record<string, unknown>;
    expect(infos).toMatchObject({ id: node.id, hostname: node.hostname, version: node.version, status: 'STARTED', jdkVersion: expect.stringContaining('Node.js') });
    expect(gate.monitoring.every((m) => m.nodeId === node.id && m.id === null)).toBe(true);
  });

  it('says so in its health when the gate refuses its token, and keeps serving its last configuration', async () => {
    const healthy = (await (await fetch(`${gateway.management}/_node/health`)).json()) as { status: string };
    expect(healthy.status).toBe('ok');
    // The same answer at /health, the path every service of the stack answers.
    expect(await (await fetch(`${gateway.management}/health`)).json()).toMatchObject({ status: 'ok', sync: { state: 'synced' } });
    // No change notification: the gateway hears of the revocation from the 401 on its next heartbeat or report batch.
    gate.revoked = true;
    const health = await waitFor('the health to show the refused sync', async () => {
      const body = (await (await fetch(`${gateway.management}/_node/health`)).json()) as { status: string; sync: { state: string; code?: string } };
      return body.sync.state === 'unauthorized' ? body : undefined;
    }, { everyMs: 50 });
    expect(health).toMatchObject({ status: 'degraded', sync: { state: 'unauthorized', code: 'TOKEN_REVOKED', status: 401 } });
    expect(app.output()).toMatch(/the Cloud Gate refused (a heartbeat|reports) with 401: checking the sync now/);
    await waitFor('the refusal in the log', () => /sync refused: the Cloud Gate does not accept this gateway's Cloud Token .*TOKEN_REVOKED/.test(app.output()), { everyMs: 50 });
    expect((await fetch(`${gateway.traffic}/echo/still`)).status).toBe(200);
    gate.revoked = false;
  });

  it('sends GATEWAY_STOPPED on a clean shutdown', async () => {
    expect(await app.stop()).toBe(0);
    expect(app.output()).toMatch(/SIGTERM: stopping/);
    const stopped = gate.heartbeats.filter((e: BridgeEvent) => e.type === 'GATEWAY_STOPPED');
    expect(stopped).toHaveLength(1);
    expect(stopped[0].id).toBe(gate.heartbeats[0].id);
    expect(stopped[0].properties[HEARTBEAT_PROPERTIES.stoppedAt]).toBeTruthy();
  });
});
