import { waitFor } from '../support/wait-for';
import { IngestHarness, envelopes, tenantFor } from './ingest-support';

/**
 * `kill -9` of the worker while it is writing, or a SIGTERM, then a restart: every report is
 * searchable exactly once (offsets were only committed after Elasticsearch accepted; redelivered
 * reports overwrite themselves through their deterministic ids).
 */
const N = 6000;

/**
 * N reports produced, then a worker writing them in small bulks, one at a time, returned once a
 * fifth is indexed: it is still busy then.
 */
async function busyWorker(h: IngestHarness, label: string, env: Record<string, string> = {}) {
  const tenant = tenantFor(label);
  await h.ensureTopics();
  await h.produce(envelopes(tenant, N));
  const worker = await h.startWorker({ INGEST_BATCH_MAX_DOCS: '40', INGEST_CONCURRENCY: '1', ...env });
  await waitFor('the first documents to be indexed', async () => (await h.metric(worker.port, 'ingest_documents_indexed_total')) >= N / 5, { timeoutMs: 60_000, everyMs: 20 });
  return { tenant, worker };
}

describe('ingest worker: crash in the middle of a batch', () => {
  const h = new IngestHarness();
  afterAll(() => h.close());

  it('ends with exactly N documents after kill -9 and a restart', async () => {
    const { tenant, worker: first } = await busyWorker(h, 'crash');
    await first.app.kill();

    // The crash happened with work left: something was not committed yet.
    expect(await h.lag()).toBeGreaterThan(0);
    expect(await h.count(tenant.analyticsIndexId)).toBeLessThan(N);

    await h.startWorker();
    await h.settled(tenant.analyticsIndexId, N);
    expect(await h.count(tenant.analyticsIndexId)).toBe(N);
  }, 180_000);
});

describe('ingest worker: shutdown in the middle of a batch', () => {
  const h = new IngestHarness();
  afterAll(() => h.close());

  it('on SIGTERM mid-stream ends the slices in flight, commits only what is indexed, and exits; a restart ends with exactly N', async () => {
    const { tenant, worker: first } = await busyWorker(h, 'sigterm', { LOG_LEVEL: 'info' });
    await first.app.stop(30_000);
    // It went through its shutdown (Nest raises the SIGTERM again once done), not killed after the grace period.
    expect(first.app.process.signalCode).toBe('SIGTERM');
    expect(first.app.output()).toContain('consumer stopped; nothing unfinished was committed');

    // Stopped with work left, and every report it committed is searchable.
    const committed = N - (await h.lag());
    expect(committed).toBeLessThan(N);
    expect(await h.count(tenant.analyticsIndexId)).toBeGreaterThanOrEqual(committed);

    await h.startWorker();
    await h.settled(tenant.analyticsIndexId, N);
    expect(await h.count(tenant.analyticsIndexId)).toBe(N);
  }, 180_000);
});
