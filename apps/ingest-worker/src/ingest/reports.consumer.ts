import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IngestWorkerConfig } from '@app/config';
import { deadLetterTopic, reportsTopic } from '@app/contracts';
import { Consumer, EachBatchPayload, KafkaAdapter, KafkaMessage } from '@app/kafka';
import { BatchAbandonedError, BatchControl } from './backoff';
import { BulkWriter } from './bulk-writer.service';
import { CommitLine, SliceTicket } from './commit-line';
import { ConsumerLag, IngestMetrics } from './ingest.metrics';
import { Limiter } from './limiter';
import { PreparedSlice, ReportBatchService } from './report-batch.service';

export type ConsumerState = 'starting' | 'joining' | 'running' | 'rebalancing' | 'stopping' | 'stopped' | 'crashed';

export interface ConsumerStatus {
  state: ConsumerState;
  groupId: string;
  assignments: Record<string, number[]>;
  /** Set while Elasticsearch writes fail: the worker waits and commits nothing. */
  elasticsearchBlockedSince?: number;
}

/**
 * The consumer group over the regional report topics. Each partition batch is cut into bulk-sized
 * slices, and the slices are written as a pipeline: a slice is decoded while earlier ones are being
 * written, and a batch is handed back to kafkajs as soon as its last slice has a bulk slot, so the next
 * fetch overlaps the writes in flight instead of waiting for them (Elasticsearch is kept at
 * `INGEST_CONCURRENCY` bulk requests throughout).
 *
 * Offsets are committed only for what Elasticsearch settled (indexed or dead-lettered): per partition,
 * up to the end of the longest run of settled slices from the start (`CommitLine`). A slice that
 * cannot be settled (Elasticsearch down) is retried in place while heartbeating; when the consumer
 * stops or loses the partition, the slice is abandoned uncommitted and redelivered to whoever owns
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
  /**
   * Slices decoded and not yet written, across all partitions: as many again as may be in flight, so
   * a freed bulk slot always finds the next slice ready, and the next fetch starts that much earlier.
   */
  private readonly queueSlots: Limiter;
  /** Per `topic|partition`: which of its slices may be committed. */
  private readonly lines = new Map<string, CommitLine>();
  /** Slices being written, which a shutdown lets finish or abandon before leaving the group. */
  private readonly writing = new Set<Promise<void>>();
  /** Commit points waiting for the commit under way, per `topic|partition`: they go in one request. */
  private readonly toCommit = new Map<string, { topic: string; partition: number; offset: string }>();
  private committing?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly kafka: KafkaAdapter,
    private readonly config: IngestWorkerConfig,
    private readonly batches: ReportBatchService,
    private readonly writer: BulkWriter,
    private readonly metrics: IngestMetrics,
  ) {
    this.topics = config.INGEST_REGIONS.map((region) => reportsTopic(config.KAFKA_TOPIC_PREFIX, region));
    this.bulkSlots = new Limiter(config.INGEST_CONCURRENCY);
    this.queueSlots = new Limiter(2 * config.INGEST_CONCURRENCY);
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

  /**
   * Stops fetching, lets the slices in flight end (written ones are committed, the rest abandoned
   * uncommitted), then leaves the group.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.state = 'stopping';
    this.stopping = true;
    try {
      consumer.pause(this.topics.map((topic) => ({ topic })));
    } catch {
      // Not running yet (stopped while starting): there is nothing to fetch or write.
    }
    await Promise.allSettled([...this.writing]);
    await this.committing;
    await consumer.disconnect().catch((err: unknown) => this.logger.warn({ err }, 'consumer disconnect failed'));
    this.state = 'stopped';
    this.logger.log('consumer stopped; nothing unfinished was committed');
  }

  /**
   * Queues each slice for a bulk slot, decoded; returns once every slice is queued (or the
   * consumer stopped or lost the partition: what was not queued is fetched again). Offsets are
   * resolved as slices are queued, which only moves where kafkajs fetches next: committing is
   * `finish`'s, once the slice is settled.
   */
  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const control: BatchControl = { heartbeat, isActive: () => !this.stopping && isRunning() && !isStale() };
    const line = this.lineOf(topic, partition);
    for (const messages of slices(batch.messages, this.config.INGEST_BATCH_MAX_DOCS)) {
      const dequeue = await this.queueSlots.acquire();
      if (!control.isActive()) {
        dequeue();
        return;
      }
      let slice: PreparedSlice;
      try {
        slice = this.batches.prepare(topic, partition, messages);
      } catch (err) {
        dequeue();
        throw err;
      }
      const first = messages[0].offset;
      const last = messages[messages.length - 1].offset;
      const ticket = line.add(first, last);
      resolveOffset(last);
      const writing = this.finish(slice, first, line, ticket, control).finally(dequeue);
      this.writing.add(writing);
      void writing.finally(() => this.writing.delete(writing));
    }
  }

  /** Writes a slice once it has a bulk slot, then commits what its partition's line allows; never rejects. */
  private async finish(slice: PreparedSlice, first: string, line: CommitLine, ticket: SliceTicket, control: BatchControl): Promise<void> {
    const { topic, partition } = slice;
    const release = await this.bulkSlots.acquire();
    try {
      if (!control.isActive()) throw new BatchAbandonedError('the consumer stopped or lost the partition');
      await this.batches.write(slice, control);
    } catch (err) {
      release();
      line.failed(ticket);
      if (err instanceof BatchAbandonedError) {
        this.logger.log({ topic, partition, fromOffset: first }, 'slice abandoned uncommitted; it will be redelivered');
        return;
      }
      // Not expected (writes retry until settled or abandoned): read the partition again from this slice.
      this.logger.error({ err, topic, partition, fromOffset: first }, 'slice failed; reading its partition again from it');
      if (this.stopping) return;
      try {
        this.consumer?.seek({ topic, partition, offset: first });
      } catch (seekErr) {
        // The consumer is not running (it restarts from the last commit anyway).
        this.logger.warn({ err: seekErr, topic, partition }, 'could not seek back; the partition is read again from its last commit');
      }
      return;
    }
    release();
    const offset = line.done(ticket);
    if (offset !== undefined) await this.commit(topic, partition, offset);
  }

  /** Commits `offset` with every other commit point that comes in before the request goes. */
  private commit(topic: string, partition: number, offset: string): Promise<void> {
    this.toCommit.set(`${topic}|${partition}`, { topic, partition, offset });
    this.committing ??= this.flushCommits();
    return this.committing;
  }

  private async flushCommits(): Promise<void> {
    try {
      while (this.toCommit.size > 0) {
        const offsets = [...this.toCommit.values()];
        this.toCommit.clear();
        // A commit refused during a rebalance loses nothing: the partition's next owner reads from the last commit.
        await this.consumer?.commitOffsets(offsets).catch((err: unknown) => this.logger.warn({ err, offsets }, 'offset commit failed; those reports will be redelivered'));
      }
    } finally {
      // In the same turn as the loop's last look: a commit point added after it starts a new flush.
      this.committing = undefined;
    }
  }

  private lineOf(topic: string, partition: number): CommitLine {
    const key = `${topic}|${partition}`;
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = new CommitLine()));
    return line;
  }

  private watch(consumer: Consumer): void {
    const { GROUP_JOIN, REBALANCING, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      this.assignments = payload.memberAssignment;
      // Slices of partitions taken away may still finish here: they commit nothing any more.
      for (const [key, line] of this.lines) {
        const [topic, partition] = key.split('|');
        if (!payload.memberAssignment[topic]?.includes(Number(partition))) line.reset();
      }
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

/** At most `max` messages a slice, in slices of even size: 6,100 messages are 4 of 1,525, not 3 of 2,000 and one of 100. */
export function slices(messages: KafkaMessage[], max: number): KafkaMessage[][] {
  const size = Math.ceil(messages.length / Math.ceil(messages.length / max));
  const result: KafkaMessage[][] = [];
  for (let i = 0; i < messages.length; i += size) result.push(messages.slice(i, i + size));
  return result;
}
