import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/observability';

/** The worker's own Prometheus series (beside the process metrics every service has). */
@Injectable()
export class IngestMetrics {
  /** `rate(ingest_documents_indexed_total[1m])` is documents per second. */
  readonly documentsIndexed: Counter<'type'>;
  readonly bulkDuration: Histogram<'outcome'>;
  readonly bulkRetries: Counter<'cause'>;
  readonly deadLetters: Counter<'kind'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  /** Where the lag comes from; read at scrape time so it is current even when nothing flows. */
  lagSource?: () => Promise<ConsumerLag[]>;
  /** The last lag read (or the one under way): scrapes closer together than `LAG_MAX_AGE_MS` share it. */
  private lag?: { at: number; value: Promise<ConsumerLag[]> };

  constructor(metrics: MetricsService) {
    this.documentsIndexed = metrics.counter('ingest_documents_indexed_total', 'Report documents Elasticsearch accepted', ['type']);
    this.bulkDuration = metrics.histogram(
      'ingest_bulk_duration_seconds',
      'Elasticsearch bulk request latency',
      ['outcome'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.bulkRetries = metrics.counter('ingest_bulk_retries_total', 'Bulk attempts retried after Elasticsearch refused or was unreachable', ['cause']);
    this.deadLetters = metrics.counter('ingest_dead_letters_total', 'Reports sent to the dead-letter topic', ['kind']);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.consumerLag = new Gauge({
      name: 'ingest_consumer_lag',
      help: 'Messages of the partition not yet committed by the consumer group',
      labelNames: ['topic', 'partition'],
      registers: [metrics.registry],
      async collect() {
        const lags = await self.lagOnce();
        this.reset();
        for (const { topic, partition, lag } of lags) this.set({ topic, partition: String(partition) }, lag);
      },
    });
  }

  /** Asking Kafka costs it a few requests: frequent scrapes must not turn into load on the brokers. */
  private lagOnce(): Promise<ConsumerLag[]> {
    const now = Date.now();
    if (!this.lag || now - this.lag.at >= LAG_MAX_AGE_MS) {
      this.lag = { at: now, value: withTimeout(this.lagSource?.() ?? Promise.resolve([]), 2000).catch(() => []) };
    }
    return this.lag.value;
  }
}

export interface ConsumerLag {
  topic: string;
  partition: number;
  lag: number;
}

const LAG_MAX_AGE_MS = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
