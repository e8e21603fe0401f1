import 'reflect-metadata';
import { waitFor } from '../support/wait-for';
import { IngestHarness, elasticsearchService, envelopes, tenantFor } from './ingest-support';

/** The scenario's outage length; the shared Elasticsearch is down no longer than this. */
const OUTAGE_MS = 30_000;

/**
 * Elasticsearch stopped for 30 s while reports keep arriving: the worker commits nothing while it
 * cannot write, then resumes on its own and ends with exactly N documents.
 */
describe('ingest worker: Elasticsearch outage', () => {
  const h = new IngestHarness();
  afterAll(() => h.close());

  it('pauses without committing while Elasticsearch is down and catches up afterwards', async () => {
    const N = 4000;
    const tenant = tenantFor('outage');
    const all = envelopes(tenant, N);
    await h.ensureTopics();
    const worker = await h.startWorker();
    await h.produce(all.slice(0, N / 2));
    await h.settled(tenant.analyticsIndexId, N / 2);

    let lagDuringOutage: number;
    const stoppedAt = Date.now();
    try {
      await elasticsearchService('stop');
      await h.produce(all.slice(N / 2));
      await waitFor('the worker to notice the outage', async () => (await h.metric(worker.port, 'ingest_bulk_retries_total')) > 0, { timeoutMs: OUTAGE_MS, everyMs: 200 });
      await waitFor('the outage to last its length', async () => Date.now() - stoppedAt >= OUTAGE_MS, { timeoutMs: OUTAGE_MS + 5000, everyMs: 500 });
      lagDuringOutage = await h.lag();
    } finally {
      await elasticsearchService('start');
    }
    // Nothing of the second half was committed while Elasticsearch could not take it.
    expect(lagDuringOutage).toBe(N / 2);

    await h.settled(tenant.analyticsIndexId, N, 120_000);
    expect(await h.count(tenant.analyticsIndexId)).toBe(N);
  }, 360_000);
});
