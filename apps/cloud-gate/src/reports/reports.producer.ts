import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import { KafkaAdapter, Message, Producer } from '@app/kafka';
import { reportsTopic } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { GateMetrics } from '../metrics/gate-metrics.service';

const TOPIC_RETRY_MS = 5000;

interface PendingSend {
  messages: Message[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Splits messages into groups whose payloads stay under `maxBytes` (a group holds at least one message). */
export function chunkByBytes(messages: Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(message.value as string | Buffer) + (message.key ? Buffer.byteLength(message.key as string | Buffer) : 0) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The region's report topic behind the idempotent producer. The gate boots without Kafka: the topic
 * is ensured in the background until it succeeds, and a `/reports` call meanwhile answers 503.
 */
@Injectable()
export class ReportsProducer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportsProducer.name);
  readonly topic: string;
  private readonly producer: Producer;
  private connecting?: Promise<void>;
  private connected = false;
  private topicReady = false;
  private topicTimer?: NodeJS.Timeout;
  private closed = false;
  private pending: PendingSend[] = [];
  private inFlight = 0;

  constructor(
    private readonly config: CloudGateConfig,
    private readonly kafka: KafkaAdapter,
    private readonly metrics: GateMetrics,
  ) {
    this.topic = reportsTopic(config.KAFKA_TOPIC_PREFIX, config.REGION);
    this.producer = kafka.producer();
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  onApplicationBootstrap(): void {
    void this.ensureTopic();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.topicTimer);
    await this.producer.disconnect().catch(() => undefined);
  }

  get isTopicReady(): boolean {
    return this.topicReady;
  }

  /**
   * Resolves once every message is acknowledged by all in-sync replicas (acks=-1); otherwise
   * KAFKA_UNAVAILABLE, and the caller must treat none of them as accepted.
   */
  async send(messages: Message[]): Promise<void> {
    const stop = this.metrics.kafkaProduceSeconds.startTimer();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no acknowledgement within ${this.config.REPORTS_KAFKA_TIMEOUT_MS} ms`)), this.config.REPORTS_KAFKA_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.sendNow(messages), deadline]);
      stop({ outcome: 'acknowledged' });
    } catch (err) {
      stop({ outcome: 'failed' });
      this.logger.warn({ msg: 'reports not acknowledged by Kafka', reason: (err as Error).message, messages: messages.length });
      throw new CloudGateError('KAFKA_UNAVAILABLE', 'reports could not be stored right now; retry later');
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Queues the messages for the next produce request. A request's promise settles with the produce
   * request(s) that carried its messages, so a 202 still means every one of them was acknowledged.
   */
  private sendNow(messages: Message[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ messages, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.config.REPORTS_PRODUCE_MAX_IN_FLIGHT && this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.inFlight += 1;
      void this.produce(batch).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  private async produce(batch: PendingSend[]): Promise<void> {
    try {
      if (!this.topicReady) await this.ensureTopic(true);
      await this.connect();
      const chunks = chunkByBytes(batch.flatMap((p) => p.messages), this.config.REPORTS_PRODUCE_MAX_BATCH_BYTES);
      await Promise.all(chunks.map((messages) => this.producer.send({ topic: this.topic, acks: -1, messages })));
      batch.forEach((p) => p.resolve());
    } catch (err) {
      batch.forEach((p) => p.reject(err));
    }
  }

  /** Concurrent requests share one connection attempt. */
  private connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.producer
      .connect()
      .then(() => void (this.connected = true))
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async ensureTopic(rethrow = false): Promise<void> {
    try {
      await this.kafka.ensureTopics([{ topic: this.topic, numPartitions: this.config.REPORTS_TOPIC_PARTITIONS, replicationFactor: -1 }]);
      this.topicReady = true;
      clearTimeout(this.topicTimer);
    } catch (err) {
      if (rethrow) throw err;
      this.logger.warn({ msg: 'report topic not ensured yet; retrying', topic: this.topic, reason: (err as Error).message });
      if (!this.closed) this.topicTimer = setTimeout(() => void this.ensureTopic(), TOPIC_RETRY_MS);
    }
  }
}
