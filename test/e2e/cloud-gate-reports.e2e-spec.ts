import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { Socket, createServer, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { KafkaAdapter } from '@app/kafka';
import { ReportEnvelope, decodeReportRecord, reportsTopic } from '@app/contracts';
import { freePort, RunningApp, startApp } from '../support/processes';
import { testEnv } from '../support/env';
import { FakeControlPlane, GateClient, claimsFor, signToken } from './cloud-gate.support';
import { waitFor } from '../support/wait-for';

const INTERNAL_TOKEN = `internal-${randomUUID()}`;
const PREFIX = `t${randomUUID().slice(0, 8)}`;
const TOPIC = reportsTopic(PREFIX, 'eu');
const MAX_BODY = 64 * 1024;

const metrics = (requestId: string, extra: Record<string, unknown> = {}) => ({
  type: 'metrics',
  timestamp: Date.now(),
  requestId,
  apiId: 'api-1',
  status: 200,
  httpMethod: 'GET',
  uri: '/echo',
  gatewayResponseTimeMs: 3,
  ...extra,
});
const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n');

/** A TCP relay standing in for "the broker is reachable again" without touching the shared broker. */
function relayTo(port: number, listenPort: number): Promise<{ close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  const close = () => {
    sockets.forEach((s) => s.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return new Promise((resolve) => server.listen(listenPort, '127.0.0.1', () => resolve({ close })));
}

describe('Cloud Gate /reports into Kafka (e2e, HTTPS, real Kafka and Redis)', () => {
  let cp: FakeControlPlane;
  let gate: RunningApp;
  let client: GateClient;
  let kafka: KafkaAdapter;
  const started: RunningApp[] = [];
  const clients: GateClient[] = [];

  const gateEnv = (port: number, overrides: Record<string, string> = {}) => ({
    REGION: 'eu',
    PORT: String(port),
    CONTROL_PLANE_URL: cp.url,
    INTERNAL_API_TOKEN: INTERNAL_TOKEN,
    TLS_CERT_FILE: testEnv.tlsCertFile,
    TLS_KEY_FILE: testEnv.tlsKeyFile,
    KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: PREFIX,
    REDIS_URL: testEnv.redisUrl,
    REPORTS_MAX_BODY_BYTES: String(MAX_BODY),
    REPORTS_RATE_LIMIT_PER_MINUTE: '3',
    LOG_LEVEL: 'warn',
    ...overrides,
  });

  async function startGate(overrides: Record<string, string> = {}): Promise<GateClient> {
    const port = await freePort();
    const app = await startApp('cloud-gate', gateEnv(port, overrides), `https://127.0.0.1:${port}/metrics`);
    started.push(app);
    const c = new GateClient(`https://127.0.0.1:${port}`, testEnv.caFile);
    clients.push(c);
    await waitFor('the change stream to connect', async () => (await c.call('GET', '/metrics')).text.includes('cloud_gate_change_stream_connected 1'), { everyMs: 50 });
    return c;
  }

  async function messagesInTopic(): Promise<number> {
    const admin = await kafka.getAdmin();
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  /** Reads the whole topic with a fresh consumer group and returns the messages keyed by `key`. */
  async function readTopic(key: string, expected: number): Promise<Array<{ key: string; envelope: ReportEnvelope }>> {
    const consumer = kafka.consumer({ groupId: `${PREFIX}-check-${randomUUID()}` });
    const seen: Array<{ key: string; envelope: ReportEnvelope }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== key) return;
        const record = decodeReportRecord(message.value!.toString());
        if (!record.ok) throw new Error(`the gate wrote a message the worker cannot read: ${record.error}`);
        seen.push({ key, envelope: record.envelope });
      },
    });
    try {
      await waitFor(`${expected} messages for ${key}`, () => seen.length >= expected, { timeoutMs: 30_000 });
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }

  beforeAll(async () => {
    kafka = new KafkaAdapter({ brokers: testEnv.kafkaBrokers, clientId: `${PREFIX}-test` });
    cp = await new FakeControlPlane(INTERNAL_TOKEN).start();
    client = await startGate();
    gate = started[0];
    await waitFor('the report topic to exist', async () => (await (await kafka.getAdmin()).listTopics()).includes(TOPIC), { timeoutMs: 30_000, everyMs: 200 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(started.map((a) => a.stop()));
    await cp?.stop();
    const admin = await kafka?.getAdmin().catch(() => undefined);
    await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await kafka?.close();
  });

  it('boots with its region topic and reports Kafka in /health', async () => {
    const health = await client.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ details: { kafka: { status: 'up', topic: TOPIC } } });
    const partitions = await (await kafka.getAdmin()).fetchTopicOffsets(TOPIC);
    expect(partitions).toHaveLength(6);
  });

  it('acknowledges valid lines once Kafka has them, lists the invalid ones, and stamps tenancy from the token', async () => {
    const claims = claimsFor({ acc: 'acc-r', org: 'org-r', idx: 'idx-r', meta: { GATEWAYID: `gw-${randomUUID()}` } });
    const ids = Array.from({ length: 5 }, () => randomUUID());
    const before = await messagesInTopic();
    const body = [
      ...ids.slice(0, 3).map((id) => JSON.stringify(metrics(id, { tenant: { accountId: 'acc-evil' }, accountId: 'acc-evil' }))),
      JSON.stringify({ type: 'metrics', timestamp: Date.now(), requestId: 'no-api' }),
      '',
      '{ this is not json',
      ...ids.slice(3).map((id) => JSON.stringify(metrics(id))),
      JSON.stringify({ type: 'health', timestamp: Date.now(), apiId: 'api-1', success: true }),
    ].join('\n');
    const res = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claims), body, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(202);
    const answer = res.json<{ accepted: number; rejected: Array<{ line: number; error: string }> }>();
    expect(answer.accepted).toBe(6);
    expect(answer.rejected.map((r) => r.line)).toEqual([4, 6]);
    expect(answer.rejected[0].error).toMatch(/apiId/);

    // Acknowledged means already in the log: exactly the accepted lines, no duplicate.
    expect((await messagesInTopic()) - before).toBe(6);
    const messages = await readTopic(claims.meta.GATEWAYID, 6);
    expect(messages).toHaveLength(6);
    expect(new Set(messages.map((m) => m.envelope.id)).size).toBe(6);
    const requestIds = messages.map((m) => (m.envelope.report as { requestId?: string }).requestId).filter(Boolean);
    expect(requestIds.sort()).toEqual([...ids].sort());
    for (const { envelope } of messages) {
      expect(envelope.tenant).toEqual({ accountId: 'acc-r', organizationId: 'org-r', analyticsIndexId: 'idx-r', gatewayId: claims.meta.GATEWAYID });
    }
  });

  it('accepts a gzipped JSON array', async () => {
    const reports = Array.from({ length: 20 }, () => metrics(randomUUID()));
    const res = await client.call('POST', '/reports', {
      token: signToken(cp.keys[0], claimsFor()),
      body: gzipSync(JSON.stringify(reports)),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ accepted: 20, rejected: [] });
  });

  it.each([
    ['bad gzip', Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }],
    ['an unparseable body', Buffer.from('<xml>nope</xml>'), {}],
    ['a truncated JSON array', Buffer.from('[{"type":"metrics"},'), {}],
    ['an empty body', Buffer.alloc(0), {}],
  ])('answers 400 BODY_INVALID to %s and stores nothing', async (_, body, headers) => {
    const before = await messagesInTopic();
    const res = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claimsFor()), body, headers });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BODY_INVALID' });
    expect(await messagesInTopic()).toBe(before);
  });

  it('stores a body larger than one Kafka record batch, and concurrent bodies, each line exactly once', async () => {
    // A second gate with a large body limit; its produce batches must stay under the broker's 1 MiB.
    const big = await startGate({ REPORTS_MAX_BODY_BYTES: String(16 * 1024 * 1024), REPORTS_PRODUCE_MAX_BATCH_BYTES: String(256 * 1024) });
    const gatewayId = `gw-${randomUUID()}`;
    const token = () => signToken(cp.keys[0], claimsFor({ meta: { GATEWAYID: gatewayId } }));
    const padding = 'x'.repeat(1500);
    const lines = (n: number) => Array.from({ length: n }, () => JSON.stringify(metrics(randomUUID(), { userAgent: padding })));
    const large = lines(2500); // ~4.5 MB: several record batches
    const before = await messagesInTopic();
    const res = await big.call('POST', '/reports', { token: token(), body: large.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(202);
    expect(res.json()).toEqual({ accepted: 2500, rejected: [] });

    const concurrent = await Promise.all(
      Array.from({ length: 3 }, () => big.call('POST', '/reports', { token: token(), body: lines(200).join('\n'), headers: { 'content-type': 'application/x-ndjson' } })),
    );
    expect(concurrent.map((r) => [r.status, r.json<{ accepted: number }>().accepted])).toEqual([[202, 200], [202, 200], [202, 200]]);
    expect((await messagesInTopic()) - before).toBe(3100);
    const stored = await readTopic(gatewayId, 3100);
    expect(new Set(stored.map((m) => m.envelope.id)).size).toBe(3100);
  });

  it('answers 413 to a body over the limit, sent or once decompressed', async () => {
    const big = ndjson(Array.from({ length: 1000 }, () => metrics(randomUUID())));
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BODY);
    const plain = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claimsFor()), body: big });
    expect(plain.status).toBe(413);
    expect(plain.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    const bomb = gzipSync(Buffer.alloc(MAX_BODY * 4, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const compressed = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claimsFor()), body: bomb, headers: { 'content-encoding': 'gzip' } });
    expect(compressed.status).toBe(413);
  });

  it('holds a bounded amount of report bodies at once: past it 503 GATE_BUSY, nothing of the refused call stored', async () => {
    const busyClient = await startGate({ REPORTS_MAX_INFLIGHT_BYTES: String(1024 * 1024), REPORTS_MAX_BODY_BYTES: String(1024 * 1024), REPORTS_RATE_LIMIT_PER_MINUTE: '1000' });
    const inFlight = async () => Number(/^cloud_gate_reports_inflight_bytes (\S+)/m.exec((await busyClient.call('GET', '/metrics')).text)?.[1] ?? -1);
    const gateways = [`gw-${randomUUID()}`, `gw-${randomUUID()}`, `gw-${randomUUID()}`];
    const token = (i: number) => signToken(cp.keys[0], claimsFor({ meta: { GATEWAYID: gateways[i] } }));
    const bodyOf = (bytes: number) => {
      const lines: string[] = [];
      for (let size = 0; size < bytes; ) size += lines.push(JSON.stringify(metrics(randomUUID(), { uri: `/${'x'.repeat(200)}` }))) && lines[lines.length - 1].length + 1;
      return Buffer.from(lines.join('\n'));
    };

    const before = await messagesInTopic();
    // The first call sends most of its body, then stalls: the gate holds what it has read.
    const first = bodyOf(700 * 1024);
    const held = request(`${busyClient.baseUrl}/reports`, {
      method: 'POST',
      ca: readFileSync(testEnv.caFile),
      headers: { authorization: `Bearer ${token(0)}`, 'content-type': 'application/x-ndjson', 'content-length': String(first.length) },
    });
    const firstAnswer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      held.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString())).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      held.on('error', reject);
    });
    held.write(first.subarray(0, 600 * 1024));
    await waitFor('the gate to hold the stalled body', async () => (await inFlight()) >= 500 * 1024, { everyMs: 50 });

    const refused = await busyClient.call('POST', '/reports', { token: token(1), body: bodyOf(500 * 1024) });
    expect(refused.status).toBe(503);
    expect(refused.json()).toMatchObject({ code: 'GATE_BUSY' });
    expect(refused.headers['retry-after']).toBeDefined();

    held.end(first.subarray(600 * 1024));
    const answer = await firstAnswer;
    expect(answer.status).toBe(202);
    const accepted = (JSON.parse(answer.body) as { accepted: number }).accepted;
    expect(accepted).toBe(first.toString().split('\n').length);
    await waitFor('the held bytes to be given back', async () => (await inFlight()) === 0, { everyMs: 50 });

    const later = await busyClient.call('POST', '/reports', { token: token(2), body: bodyOf(500 * 1024) });
    expect(later.status).toBe(202);
    // Exactly the two acknowledged calls are in Kafka; nothing of the refused one.
    expect((await messagesInTopic()) - before).toBe(accepted + later.json<{ accepted: number }>().accepted);
    expect(await readTopic(gateways[0], accepted)).toHaveLength(accepted);
  });

  it('needs the reports scope (403) and the right region (421)', async () => {
    const body = ndjson([metrics(randomUUID())]);
    const noScope = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claimsFor({ scopes: ['sync'] })), body });
    expect(noScope.status).toBe(403);
    const wrongRegion = await client.call('POST', '/reports', { token: signToken(cp.keys[0], claimsFor({ cpg: 'us' })), body });
    expect(wrongRegion.status).toBe(421);
    expect(wrongRegion.json()).toMatchObject({ code: 'REGION_MISMATCH', details: { region: 'us' } });
  });

  describe('with Kafka unreachable', () => {
    let deadClient: GateClient;
    let kafkaPort: number;
    let relay: { close: () => Promise<void> } | undefined;

    beforeAll(async () => {
      kafkaPort = await freePort();
      deadClient = await startGate({ KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`, REPORTS_KAFKA_TIMEOUT_MS: '3000' });
    });

    afterAll(async () => {
      await relay?.close();
    });

    it('shares the per-token rate limit with other gate instances through Redis (429 with Retry-After)', async () => {
      const bearer = signToken(cp.keys[0], claimsFor());
      const body = ndjson([metrics(randomUUID())]);
      for (let i = 0; i < 3; i++) expect((await client.call('POST', '/reports', { token: bearer, body })).status).toBe(202);
      const limited = await deadClient.call('POST', '/reports', { token: bearer, body });
      expect(limited.status).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('answers 503 with Retry-After and acknowledges nothing, shows Kafka down in /health, and accepts again once Kafka is back', async () => {
      const health = await deadClient.call('GET', '/health');
      expect(health.status).toBe(503);
      expect(health.json()).toMatchObject({ details: { kafka: { status: 'down' } } });

      const bearer = () => signToken(cp.keys[0], claimsFor());
      const before = await messagesInTopic();
      const res = await deadClient.call('POST', '/reports', { token: bearer(), body: ndjson([metrics(randomUUID()), metrics(randomUUID())]) });
      expect(res.status).toBe(503);
      expect(res.json()).toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
      expect(res.json()).not.toHaveProperty('accepted');
      expect(res.headers['retry-after']).toBeDefined();
      expect(await messagesInTopic()).toBe(before);

      relay = await relayTo(Number(testEnv.kafkaBrokers[0].split(':')[1]), kafkaPort);
      const accepted = await waitFor('the gate to accept reports again', async () => {
        const r = await deadClient.call('POST', '/reports', { token: bearer(), body: ndjson([metrics(randomUUID())]) });
        return r.status === 202 ? r : undefined;
      }, { timeoutMs: 60_000, everyMs: 500 });
      expect(accepted.json()).toEqual({ accepted: 1, rejected: [] });
    });
  });

  it('counts accepted and rejected reports and produce latency in /metrics', async () => {
    const text = (await client.call('GET', '/metrics')).text;
    expect(Number(/^cloud_gate_reports_accepted_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(26);
    expect(Number(/^cloud_gate_reports_rejected_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/cloud_gate_kafka_produce_seconds_count\{outcome="acknowledged"\} \d+/);
    expect(gate.output()).not.toMatch(/Unhandled error/);
  });
});
