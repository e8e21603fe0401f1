import 'reflect-metadata';
import { ReportEnvelope, buildEnvelope } from '@app/contracts';
import { createTestDatabase } from '../support/database';
import { testEnv } from '../support/env';
import { RunningApp, freePort, startApp } from '../support/processes';
import { IngestHarness, metricsReport, unique } from './ingest-support';

interface Account {
  id: string;
  organizationId: string;
  analyticsIndexId: string;
}

interface RequestsView {
  total: number;
  byStatus: Record<string, number>;
  latency: { p50: number; p95: number; p99: number };
  histogram: Array<{ time: number; count: number }>;
  topApis: Array<{ apiId: string; apiName: string | null; count: number }>;
}

/**
 * Reports flow gate-envelope → Kafka → worker → Elasticsearch, and the control plane's analytics
 * calls answer per account from that account's own indices only.
 */
describe('analytics calls read the account’s own indices only', () => {
  const h = new IngestHarness();
  const adminToken = `it-admin-${unique()}-${unique()}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let controlPlane: RunningApp;
  let base: string;
  const start = Date.now();

  const call = async (path: string, token: string | null = adminToken): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.json() };
  };
  const createAccount = async (name: string): Promise<Account> => {
    const res = await fetch(`${base}/api/v1/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, region: 'eu' }),
    });
    expect(res.status).toBe(201);
    const account = (await res.json()) as Account;
    h.track(account.analyticsIndexId);
    return account;
  };
  const reportsOf = (account: Account, n: number, shape: (i: number) => { status: number; gatewayResponseTimeMs: number; apiId: string }): ReportEnvelope[] =>
    Array.from({ length: n }, (_, i) =>
      buildEnvelope(
        { accountId: account.id, organizationId: account.organizationId, analyticsIndexId: account.analyticsIndexId, gatewayId: `gw-${account.id}` },
        metricsReport(i, shape(i)),
        Date.now(),
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase('analytics');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    controlPlane = await startApp(
      'control-plane',
      { PORT: String(port), DATABASE_URL: db.url, ELASTICSEARCH_URL: testEnv.elasticsearchUrl, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn' },
      `${base}/health`,
    );
  });

  afterAll(async () => {
    await controlPlane?.stop();
    await h.close();
    await db?.drop();
  });

  it('totals, statuses, latency, histogram and logs of A never include B’s documents', async () => {
    const [a, b, empty] = [await createAccount('A'), await createAccount('B'), await createAccount('Quiet')];
    // A: 30 requests, statuses 200/404, fast. B: 20 requests, all 503, slow, another API.
    const fromA = reportsOf(a, 30, (i) => ({ status: i % 3 === 0 ? 404 : 200, gatewayResponseTimeMs: 10 + i, apiId: 'api-a' }));
    const fromB = reportsOf(b, 20, () => ({ status: 503, gatewayResponseTimeMs: 5000, apiId: 'api-b' }));
    await h.ensureTopics();
    await h.produce([...fromA, ...fromB]);
    await h.startWorker();
    await h.settled(a.analyticsIndexId, 30);
    expect(await h.count(b.analyticsIndexId)).toBe(20);

    const range = `from=${start - 60_000}&to=${Date.now() + 60_000}`;
    const requestsA = await call(`/api/v1/accounts/${a.id}/analytics/requests?${range}&interval=60000`);
    expect(requestsA.status).toBe(200);
    const viewA = requestsA.body as RequestsView;
    expect(viewA.total).toBe(30);
    expect(viewA.byStatus).toEqual({ '200': 20, '404': 10 });
    expect(viewA.latency.p99).toBeLessThan(100);
    expect(viewA.latency.p50).toBeGreaterThan(0);
    expect(viewA.histogram.reduce((sum, p) => sum + p.count, 0)).toBe(30);
    expect(viewA.histogram.every((p, k, all) => k === 0 || p.time - all[k - 1].time === 60_000)).toBe(true);
    expect(viewA.topApis).toEqual([{ apiId: 'api-a', apiName: 'Echo', count: 30 }]);

    const viewB = (await call(`/api/v1/accounts/${b.id}/analytics/requests?${range}&interval=60000`)).body as RequestsView;
    expect(viewB.total).toBe(20);
    expect(viewB.byStatus).toEqual({ '503': 20 });
    expect(viewB.topApis.map((t) => [t.apiId, t.count])).toEqual([['api-b', 20]]);

    // Filtering A by B's API finds nothing: the filter narrows A's index, it never widens to B's.
    const crossApi = (await call(`/api/v1/accounts/${a.id}/analytics/requests?${range}&interval=60000&apiId=api-b`)).body as RequestsView;
    expect(crossApi.total).toBe(0);

    const logsA = await call(`/api/v1/accounts/${a.id}/analytics/logs?${range}&size=1000`);
    expect(logsA.status).toBe(200);
    const docs = logsA.body as Array<{ accountId: string; apiId: string; '@timestamp': number }>;
    expect(docs).toHaveLength(30);
    expect(new Set(docs.map((d) => d.accountId))).toEqual(new Set([a.id]));
    expect(docs.map((d) => d['@timestamp'])).toEqual([...docs.map((d) => d['@timestamp'])].sort((x, y) => y - x));
    const fewer = (await call(`/api/v1/accounts/${a.id}/analytics/logs?${range}&size=5`)).body as unknown[];
    expect(fewer).toHaveLength(5);

    // An account with no index yet: zeros, not an error.
    const quiet = await call(`/api/v1/accounts/${empty.id}/analytics/requests?${range}&interval=60000`);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toMatchObject({ total: 0, byStatus: {}, latency: { p50: 0, p95: 0, p99: 0 } });
    expect((await call(`/api/v1/accounts/${empty.id}/analytics/logs?${range}`)).body).toEqual([]);
  });

  it('refuses unknown accounts, missing tokens and malformed ranges', async () => {
    const account = await createAccount('Checks');
    expect((await call(`/api/v1/accounts/${account.id}/analytics/requests`, null)).status).toBe(401);
    expect((await call(`/api/v1/accounts/00000000-0000-4000-8000-000000000000/analytics/requests`)).status).toBe(404);
    const backwards = await call(`/api/v1/accounts/${account.id}/analytics/requests?from=2000&to=1000`);
    expect(backwards.status).toBe(400);
    expect((await call(`/api/v1/accounts/${account.id}/analytics/requests?from=abc`)).status).toBe(400);
    expect((await call(`/api/v1/accounts/${account.id}/analytics/logs?size=0`)).status).toBe(400);
    expect((await call(`/api/v1/accounts/${account.id}/analytics/requests?from=0&to=100000000000&interval=1000`)).status).toBe(400);
  });
});
