import 'reflect-metadata';
import { MetricsReport, analyticsAlias, buildEnvelope, encodeReportRecord } from '@app/contracts';
import { IngestHarness, envelopes, metricsReport, tenantFor } from './ingest-support';

interface DeadLetterValue {
  kind: string;
  reason: string;
  topic: string;
  partition: number;
  offset: string;
  original: string | null;
}

/** Poison on a partition goes to the dead-letter topic with its reason; what follows it is still indexed. */
describe('ingest worker: dead letters', () => {
  const h = new IngestHarness();
  afterAll(() => h.close());

  it('dead-letters invalid envelopes and documents Elasticsearch refuses, without blocking the partition', async () => {
    const tenant = tenantFor('dlq');
    const key = tenant.gatewayId;
    const before = envelopes(tenant, 10, 1, 0);
    const after = envelopes(tenant, 10, 1, 10);
    // Valid by the report contract, refused by the index mapping (`remoteAddress` is an `ip`).
    const refused = buildEnvelope({ ...tenant, gatewayId: `${key}-0` }, metricsReport(99, { remoteAddress: 'not-an-ip' }), Date.now());
    const [header, ...rest] = encodeReportRecord(buildEnvelope({ ...tenant, gatewayId: `${key}-0` }, metricsReport(98), Date.now())).split('\n');
    const withoutTenant = [JSON.stringify({ ...JSON.parse(header), tenant: undefined }), ...rest].join('\n');
    // JSON.parse lets the last of two equal keys win; Elasticsearch refuses such a text outright.
    const twice = buildEnvelope({ ...tenant, gatewayId: `${key}-0` }, metricsReport(97, { status: 503 }), Date.now());
    const [twiceHeader, twiceId, twiceReport] = encodeReportRecord(twice).split('\n');
    await h.ensureTopics();
    await h.produce(before);
    // Same key as the valid reports: the same partition.
    await h.produceRaw([
      { key: `${key}-0`, value: '{"this is": not json' },
      { key: `${key}-0`, value: withoutTenant },
      { key: `${key}-0`, value: `${twiceHeader}\n${twiceId}\n${twiceReport.replace('{', '{"status":200,')}` },
    ]);
    await h.produce([refused, ...after]);

    const { port } = await h.startWorker();
    await h.settled(tenant.analyticsIndexId, 21);
    expect(await h.count(tenant.analyticsIndexId)).toBe(21);
    // The report with a key twice is indexed as the contract read it (written anew, the last value winning).
    const found = await h.es.searchTolerant(analyticsAlias(tenant.analyticsIndexId, 'metrics'), { query: { term: { requestId: (twice.report as MetricsReport).requestId } } });
    expect(found.hits.hits.map((hit) => hit._source)).toEqual([expect.objectContaining({ status: 503, accountId: tenant.accountId })]);

    const letters = (await h.readDeadLetters(3)).map((m) => ({ headers: m.headers ?? {}, value: JSON.parse(m.value!.toString()) as DeadLetterValue }));
    expect(letters).toHaveLength(3);
    const byKind = (kind: string) => letters.filter((l) => l.value.kind === kind);
    expect(byKind('invalid-envelope')).toHaveLength(2);
    expect(byKind('invalid-envelope').map((l) => l.value.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^not JSON/), expect.stringMatching(/tenant/)]),
    );
    const [rejected] = byKind('rejected-by-elasticsearch');
    expect(rejected.value.reason).toMatch(/^400 .*parsing_exception/);
    expect(rejected.value.original).toBe(encodeReportRecord(refused));
    expect(rejected.value.topic).toBe(h.topic('eu'));
    expect(String(rejected.headers['x-dlq-reason'])).toContain('parsing_exception');
    expect(await h.metric(port, 'ingest_dead_letters_total')).toBe(3);
  });
});
