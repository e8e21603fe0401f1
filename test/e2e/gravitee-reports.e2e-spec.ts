import 'reflect-metadata';
import { request } from 'undici';
import { analyticsAlias, CloudTokenClaims, decodeUnverified } from '@app/contracts';
import { testEnv } from '../support/env';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';
import { basicAuthorization, latestRecordedTime, recordedLines, shiftTimes } from './gravitee-client.support';

const RECORDED_API = '08e278f3-5162-4ff2-a837-d280368671d9';
const RECORDED_PLANS = { keyless: '4e17c960-7ce8-4632-8f12-efe05c1052f5', apiKey: 'fc872bc2-6a99-43c1-a5df-99eed582c628' };

type Line = Record<string, unknown>;

/**
 * The v4 metrics and node monitor lines Gravitee's 4.1 gateway wrote (test/fixtures/gravitee-4.1), posted to
 * `/reports` exactly as written (only ids and times moved to this account and to now), through Kafka and the
 * ingest worker into Elasticsearch, and read back from the analytics API.
 */
describe('Gravitee 4.1 reports through /reports into analytics', () => {
  let stack: Stack;
  let accountId: string;
  let apiId: string;
  let token: string;
  let claims: CloudTokenClaims;

  beforeAll(async () => {
    stack = await startStack('gravitee_reports');
    const account = await stack.api<{ id: string; environments: Array<{ id: string }> }>('POST', '/accounts', { name: 'Metrics Corp', region: 'eu' });
    accountId = account.body.id;
    const environmentId = account.body.environments[0].id;
    const gateway = await stack.api<{ id: string }>('POST', `/accounts/${accountId}/gateways`, { name: 'gio', platform: 'linux', environmentId, accessPoints: [] });
    token = (await stack.api<{ cloudToken: string }>('POST', `/accounts/${accountId}/gateways/${gateway.body.id}/installation-details`)).body.cloudToken;
    claims = decodeUnverified<CloudTokenClaims>(token)!;
    const api = await stack.api<{ id: string }>('POST', `/accounts/${accountId}/environments/${environmentId}/apis`, {
      name: 'Echo',
      contextPath: '/fid-echo',
      target: 'http://127.0.0.1:18999/echo',
    });
    apiId = api.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    // The shared Elasticsearch keeps no index of this throw-away account.
    if (claims) await request(`${testEnv.elasticsearchUrl}/${analyticsAlias(claims.idx, 'metrics').replace(/-metrics$/, '')}-*`, { method: 'DELETE' }).then((r) => r.body.dump());
  });

  /** The recorded lines with this account's API and times a minute ago, keeping every field the gateway wrote. */
  const lines = (file: string): Line[] => {
    const recorded = recordedLines<Line>(file);
    const delta = Date.now() - 60_000 - latestRecordedTime(recorded);
    return recorded.map((line) => JSON.parse(JSON.stringify(shiftTimes(line, delta)).split(RECORDED_API).join(apiId)) as Line);
  };

  const post = async (body: string) => {
    const res = await request(`${stack.gateUrls.eu}/reports`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(token), 'content-type': 'application/x-ndjson' },
      body,
      dispatcher: stack.gateAgent,
    });
    return { status: res.statusCode, body: (await res.body.json()) as { accepted: number; rejected: unknown[] } };
  };

  it('accepts the v4 metrics lines as written and shows them in the analytics', async () => {
    const metrics = lines('v4-metrics.ndjson');
    expect(metrics.every((m) => m.type === undefined && m.requestContentLength === -1)).toBe(true);
    const answer = await post(metrics.map((m) => JSON.stringify(m)).join('\n'));
    expect(answer).toEqual({ status: 202, body: { accepted: metrics.length, rejected: [] } });

    const from = Date.now() - 3_600_000;
    const to = Date.now() + 60_000;
    const requests = await waitFor('the requests in the analytics', async () => {
      const res = await stack.api<{ total: number; byStatus: Record<string, number>; latency: { p50: number | null } }>(
        'GET',
        `/accounts/${accountId}/analytics/requests?from=${from}&to=${to}&interval=60000&apiId=${apiId}`,
      );
      return res.status === 200 && res.body.total >= metrics.length ? res.body : undefined;
    }, { timeoutMs: 30_000, everyMs: 500 });
    expect(requests.total).toBe(metrics.length);
    expect(requests.byStatus).toEqual({ '200': metrics.length });
    expect(requests.latency.p50).toBeGreaterThan(0);

    const logs = (await stack.api<Line[]>('GET', `/accounts/${accountId}/analytics/logs?from=${from}&to=${to}&apiId=${apiId}&size=10`)).body;
    expect(logs.map((l) => l.requestId).sort()).toEqual(metrics.map((m) => m.requestId).sort());
    const byRequest = new Map(logs.map((l) => [l.requestId, l]));
    for (const m of metrics) {
      const stored = byRequest.get(m.requestId)!;
      // Their own fields kept, the unknown (-1) request length left out, tenancy from the token.
      expect(stored).toMatchObject({
        type: 'metrics',
        apiId,
        planId: m.planId,
        subscriptionId: m.subscriptionId,
        clientIdentifier: m.clientIdentifier,
        apiType: 'proxy',
        requestEnded: true,
        responseContentLength: m.responseContentLength,
        gatewayResponseTimeMs: m.gatewayResponseTimeMs,
        accountId,
        gatewayId: claims.meta.GATEWAYID,
      });
      expect(stored).not.toHaveProperty('requestContentLength');
    }
    expect(new Set(metrics.map((m) => m.planId))).toEqual(new Set([RECORDED_PLANS.keyless, RECORDED_PLANS.apiKey]));
  });

  it('accepts the node monitor lines as monitor reports and stores them in the account’s monitor index', async () => {
    const monitors = lines('node-monitor.ndjson');
    const answer = await post(monitors.map((m) => JSON.stringify(m)).join('\n'));
    expect(answer).toEqual({ status: 202, body: { accepted: monitors.length, rejected: [] } });
    const alias = analyticsAlias(claims.idx, 'monitor');
    const count = await waitFor('the monitor documents in Elasticsearch', async () => {
      const res = await request(`${testEnv.elasticsearchUrl}/${alias}/_count`, { method: 'GET' });
      const body = (await res.body.json()) as { count?: number };
      return res.statusCode === 200 && (body.count ?? 0) >= monitors.length ? body.count : undefined;
    }, { timeoutMs: 30_000, everyMs: 500 });
    expect(count).toBe(monitors.length);
  });
});
