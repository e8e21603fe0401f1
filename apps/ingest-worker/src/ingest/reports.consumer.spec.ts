import { IngestWorkerConfig } from '@app/config';
import type { EachBatchPayload, KafkaAdapter, KafkaMessage } from '@app/kafka';
import type { BulkWriter } from './bulk-writer.service';
import type { IngestMetrics } from './ingest.metrics';
import type { BatchOutcome, PreparedSlice, ReportBatchService } from './report-batch.service';
import { ReportsConsumer, slices } from './reports.consumer';

const messages = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ offset: String(from + i) }) as KafkaMessage);

describe('slices', () => {
  it('cuts a batch into slices of at most the bulk size, evenly, in order', () => {
    expect(slices(messages(6100), 2000).map((s) => s.length)).toEqual([1525, 1525, 1525, 1525]);
    expect(slices(messages(6000), 2000).map((s) => s.length)).toEqual([2000, 2000, 2000]);
    expect(slices(messages(5), 2000).map((s) => s.length)).toEqual([5]);
    expect(slices(messages(7), 3).flat().map((m) => m.offset)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(slices(messages(7), 3).every((s) => s.length <= 3)).toBe(true);
  });
});

/**
 * The pipeline, with the writing held in the test's hand: a batch goes back to kafkajs before its
 * slices are written, and offsets are committed only for what was written, in order.
 */
describe('ReportsConsumer pipeline', () => {
  function setup() {
    const config = Object.assign(new IngestWorkerConfig(), { INGEST_BATCH_MAX_DOCS: 10, INGEST_CONCURRENCY: 2 });
    const writes: Array<{ slice: PreparedSlice; finish: () => void }> = [];
    const batches = {
      prepare: (topic: string, partition: number, sliceMessages: KafkaMessage[]) => ({ topic, partition, documents: [], sources: sliceMessages, letters: [] }),
      write: (slice: PreparedSlice) => new Promise<BatchOutcome>((resolve) => writes.push({ slice, finish: () => resolve({ indexed: slice.sources.length, deadLettered: 0 }) })),
    } as unknown as ReportBatchService;
    const consumer = new ReportsConsumer({} as KafkaAdapter, config, batches, {} as BulkWriter, {} as IngestMetrics);
    const commits: Array<Array<{ topic: string; partition: number; offset: string }>> = [];
    Object.assign(consumer, { consumer: { commitOffsets: async (offsets: (typeof commits)[number]) => void commits.push(offsets) } });
    const resolved: string[] = [];
    const batch = (partition: number, list: KafkaMessage[]) =>
      ({
        batch: { topic: 't', partition, messages: list },
        resolveOffset: (offset: string) => resolved.push(`${partition}:${offset}`),
        heartbeat: async () => undefined,
        isRunning: () => true,
        isStale: () => false,
      }) as unknown as EachBatchPayload;
    const onBatch = (payload: EachBatchPayload) => (consumer as unknown as { onBatch(p: EachBatchPayload): Promise<void> }).onBatch(payload);
    const settle = () => new Promise((r) => setImmediate(r));
    return { consumer, writes, commits, resolved, batch, onBatch, settle };
  }

  it('hands a batch back once its slices are queued, before they are written, and commits only what was written', async () => {
    const { writes, commits, resolved, batch, onBatch, settle } = setup();
    await onBatch(batch(0, messages(30)));
    await settle();
    // Three slices queued (up to twice the concurrency), two of them being written, none finished.
    expect(resolved).toEqual(['0:9', '0:19', '0:29']);
    expect(writes.map((w) => w.slice.sources[0].offset)).toEqual(['0', '10']);
    expect(commits).toEqual([]);

    writes[1].finish();
    await settle();
    expect(commits).toEqual([]); // the slice before it is not written yet
    writes[0].finish();
    await settle();
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '20' }]]);
    expect(writes.map((w) => w.slice.sources[0].offset)).toEqual(['0', '10', '20']);
    writes[2].finish();
    await settle();
    expect(commits.at(-1)).toEqual([{ topic: 't', partition: 0, offset: '30' }]);
  });

  it('lets the next batch in while the last ones are written, and a shutdown waits for them', async () => {
    const { consumer, writes, commits, batch, onBatch, settle } = setup();
    Object.assign((consumer as unknown as { consumer: object }).consumer, { pause: () => undefined, disconnect: async () => undefined });
    await onBatch(batch(0, messages(10)));
    await onBatch(batch(1, messages(10)));
    await settle();
    expect(writes).toHaveLength(2);
    let stopped = false;
    const stopping = consumer.beforeApplicationShutdown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    writes.forEach((w) => w.finish());
    await stopping;
    expect(commits.flat()).toEqual(
      expect.arrayContaining([
        { topic: 't', partition: 0, offset: '10' },
        { topic: 't', partition: 1, offset: '10' },
      ]),
    );
  });
});
