import 'reflect-metadata';
import { waitFor } from '../support/wait-for';
import { IngestHarness, envelopes, tenantFor } from './ingest-support';

interface WorkerHealth {
  details: { consumer?: { assignments?: Record<string, number[]> } };
}

/** A second worker joins the group while reports flow: partitions move, nothing is lost or doubled. */
describe('ingest worker: rebalance', () => {
  const h = new IngestHarness();
  afterAll(() => h.close());

  it('ends with exactly N documents when a second worker joins mid-stream', async () => {
    const N = 6000;
    const waves = 6;
    const tenant = tenantFor('rebalance');
    const all = envelopes(tenant, N, 16);
    const wave = (k: number) => all.slice((k * N) / waves, ((k + 1) * N) / waves);
    const slow = { INGEST_BATCH_MAX_DOCS: '50', INGEST_CONCURRENCY: '1' };
    await h.ensureTopics();

    const first = await h.startWorker(slow);
    await h.produce(wave(0), 'eu');
    await h.produce(wave(1), 'us');
    await waitFor('the first worker to index', async () => (await h.metric(first.port, 'ingest_documents_indexed_total')) > 0, { timeoutMs: 60_000, everyMs: 50 });

    const second = await h.startWorker(slow);
    for (let k = 2; k < waves; k++) await h.produce(wave(k), k % 2 === 0 ? 'eu' : 'us');

    await h.settled(tenant.analyticsIndexId, N);
    expect(await h.count(tenant.analyticsIndexId)).toBe(N);

    // Both members really shared the work.
    const health = (await (await fetch(`http://127.0.0.1:${second.port}/health`)).json()) as WorkerHealth;
    const assigned = Object.values(health.details.consumer?.assignments ?? {}).flat();
    expect(assigned.length).toBeGreaterThan(0);
    expect(await h.metric(second.port, 'ingest_documents_indexed_total')).toBeGreaterThan(0);
  }, 180_000);
});
