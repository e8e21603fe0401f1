import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IngestWorkerConfig } from '@app/config';
import { deadLetterTopic, reportsTopic } from '@app/contracts';
import { Consumer, EachBatchPayload, KafkaAdapter, KafkaMessage } from '@app/kafka';
import { BatchAbandonedError, BatchControl } from './backoff';
import { BulkWriter } from './bulk-writer.service';
import { ConsumerLag, IngestMetrics } from './ingest.metrics';
import { Limiter } from './limiter';
import { ReportBatchService } from './report-batch.service';

export type ConsumerState = 'starting' | 'joining' | 'running' | 'rebalancing' | 'stopping' | 'stopped' | 'crashed';

export interface ConsumerStatus {
  state: ConsumerState;
  groupId: string;
  assignments: Record<string, number[]>;
  /** Set while Elasticsearch writes fail: the worker waits and commits nothing. */
  elasticsearchBlockedSince?: number;
}

/**
 * The consumer group over the regional report topics. Thin on purpose: each partition batch is
 * cut into bulk-sized slices; a slice's offsets are resolved and committed only after
 * `ReportBatchService` settled all of it (indexed or dead-lettered). A slice that cannot be
 * settled (Elasticsearch down) is retried in place while heartbeating; when the consumer stops
 * or loses the partition, the slice is abandoned uncommitted and redelivered to whoever owns
 * the partition next, where deterministic document ids make the rewrite harmless.
 */
@Injectable()
export class ReportsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportsConsumer.name);
  private readonly topics: string[];
  private consumer?: Consumer;
  private state: ConsumerState = 'starting';
  private assignments: Record<string, number[]> = {};
  /** Bulk requests in flight across all partitions: the same concurrency whatever the batch shapes. */
  private readonly bulkSlots: Limiter;

  constructor(
    private readonly kafka: KafkaAdapter,
    private readonly config: IngestWorkerConfig,
    private readonly batches: ReportBatchService,
    private readonly writer: BulkWriter,
    private readonly metrics: IngestMetrics,
  ) {
    this.topics = config.INGEST_REGIONS.map((region) => reportsTopic(config.KAFKA_TOPIC_PREFIX, region));
    this.bulkSlots = new Limiter(config.INGEST_CONCURRENCY);
    metrics.lagSource = () => this.groupLag();
  }

  /** Lag of the whole group per partition: end of the partition minus the committed offset. */
  async groupLag(): Promise<ConsumerLag[]> {
    const admin = await this.kafka.getAdmin();
    const committed = await admin.fetchOffsets({ groupId: this.config.INGEST_CONSUMER_GROUP, topics: this.topics });
    const lags: ConsumerLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
        const from = offset >= 0 ? offset : Number(end.low);
        lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) });
      }
    }
    return lags;
  }

  status(): ConsumerStatus {
    const blockedSince = this.writer.blockedSince;
    return {
      state: this.state,
      groupId: this.config.INGEST_CONSUMER_GROUP,
      assignments: this.assignments,
      ...(blockedSince !== undefined ? { elasticsearchBlockedSince: blockedSince } : {}),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const numPartitions = this.config.INGEST_TOPIC_PARTITIONS;
    await this.kafka.ensureTopics([
      ...this.topics.map((topic) => ({ topic, numPartitions })),
      { topic: deadLetterTopic(this.config.KAFKA_TOPIC_PREFIX), numPartitions },
    ]);
    const consumer = this.kafka.consumer({
      groupId: this.config.INGEST_CONSUMER_GROUP,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: this.config.INGEST_BATCH_MAX_WAIT_MS,
      maxBytesPerPartition: this.config.INGEST_FETCH_MAX_BYTES_PER_PARTITION,
      maxBytes: this.config.INGEST_FETCH_MAX_BYTES_PER_PARTITION * 8,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.watch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    this.state = 'joining';
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Every partition of a fetch is worked on at once; `bulkSlots` bounds what reaches Elasticsearch.
      partitionsConsumedConcurrently: Math.min(64, this.config.INGEST_TOPIC_PARTITIONS * this.topics.length),
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.logger.log({ topics: this.topics, groupId: this.config.INGEST_CONSUMER_GROUP }, 'consuming reports');
  }

  /** Stops fetching and lets the batch in flight end: finished slices are committed, the rest abandoned. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.consumer) return;
    this.state = 'stopping';
    await this.consumer.disconnect().catch((err: unknown) => this.logger.warn({ err }, 'consumer disconnect failed'));
    this.state = 'stopped';
    this.logger.log('consumer stopped; nothing unfinished was committed');
  }

  /**
   * The slices of a partition batch are written concurrently (through `bulkSlots`); offsets are
   * then committed up to the end of the longest run of settled slices from the start, so nothing
   * after an unsettled slice is committed.
   */
  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const control: BatchControl = { heartbeat, isActive: () => isRunning() && !isStale() };
    const parts = slices(batch.messages, this.config.INGEST_BATCH_MAX_DOCS);
    const outcomes = await Promise.allSettled(
      parts.map((slice) =>
        this.bulkSlots.run(() =>
          control.isActive() ? this.batches.ingest(topic, partition, slice, control) : Promise.reject(new BatchAbandonedError('the consumer stopped or lost the partition')),
        ),
      ),
    );
    let settled = 0;
    while (settled < parts.length && outcomes[settled].status === 'fulfilled') settled += 1;
    if (settled > 0) {
      const last = parts[settled - 1][parts[settled - 1].length - 1].offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] });
      await heartbeat();
    }
    if (settled === parts.length) return;
    const failure = (outcomes[settled] as PromiseRejectedResult).reason;
    if (failure instanceof BatchAbandonedError) {
      this.logger.log({ topic, partition, fromOffset: parts[settled][0].offset }, 'batch abandoned uncommitted; it will be redelivered');
      return;
    }
    throw failure;
  }

  private watch(consumer: Consumer): void {
    const { GROUP_JOIN, REBALANCING, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.assignments = payload.memberAssignment;
      this.state = 'running';
      this.logger.log({ assignments: payload.memberAssignment, memberId: payload.memberId }, 'joined consumer group');
    });
    consumer.on(REBALANCING, () => {
      if (this.state === 'running') this.state = 'rebalancing';
    });
    consumer.on(CRASH, ({ payload }) => {
      this.logger.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      if (!payload.restart) this.state = 'crashed';
    });
    consumer.on(STOP, () => {
      if (this.state !== 'stopping') this.state = 'stopped';
    });
  }
}

function slices(messages: KafkaMessage[], size: number): KafkaMessage[][] {
  const result: KafkaMessage[][] = [];
  for (let i = 0; i < messages.length; i += size) result.push(messages.slice(i, i + size));
  return result;
}
