import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import { KafkaAdapter, Message, Producer } from '@app/kafka';
import { reportsTopic } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { GateMetrics } from '../metrics/gate-metrics.service';

const TOPIC_RETRY_MS = 5000;

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

  private async sendNow(messages: Message[]): Promise<void> {
    if (!this.topicReady) await this.ensureTopic(true);
    await this.connect();
    await this.producer.send({ topic: this.topic, acks: -1, messages });
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
