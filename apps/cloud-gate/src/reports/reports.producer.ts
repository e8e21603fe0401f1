import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CloudGateConfig } from '@app/config';
import { KafkaAdapter } from '@app/kafka';
import { reportsTopic } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { GateMetrics } from '../metrics/gate-metrics.service';
import type { FromProducerThread, ProducerThreadOptions, ToProducerThread } from './producer-thread.protocol';

const TOPIC_RETRY_MS = 5000;
const THREAD_RESTART_MS = 1000;
const THREAD_CLOSE_MS = 5000;

interface Waiting {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The region's report topic behind the idempotent producer, which runs on its own thread
 * (`producer-thread.ts`): the main thread hands it each call's envelopes and waits for its word.
 * The gate boots without Kafka: the topic is ensured in the background until it succeeds, and a
 * `/reports` call meanwhile answers 503. Should the thread die, calls waiting on it fail with 503
 * and a new thread is started.
 */
@Injectable()
export class ReportsProducer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportsProducer.name);
  readonly topic: string;
  private thread?: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private topicReady = false;
  private topicTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private closed = false;
  /** The thread's compiled entry point (a test may point it elsewhere). */
  protected readonly threadFile: string = join(__dirname, 'producer-thread.js');

  constructor(
    private readonly config: CloudGateConfig,
    private readonly kafka: KafkaAdapter,
    private readonly metrics: GateMetrics,
  ) {
    this.topic = reportsTopic(config.KAFKA_TOPIC_PREFIX, config.REGION);
  }

  onApplicationBootstrap(): void {
    this.startThread();
    void this.ensureTopic();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.topicTimer);
    clearTimeout(this.restartTimer);
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ kind: 'close' } satisfies ToProducerThread);
    const timer = setTimeout(() => void thread.terminate(), THREAD_CLOSE_MS);
    await exited;
    clearTimeout(timer);
  }

  get isTopicReady(): boolean {
    return this.topicReady;
  }

  /** False between the producer thread dying and its successor starting: `/reports` answers 503 meanwhile. */
  get isProducerRunning(): boolean {
    return this.thread !== undefined;
  }

  /**
   * Resolves once every envelope is acknowledged by all in-sync replicas (acks=-1), keyed by the
   * gateway so that its reports stay ordered in one partition; otherwise KAFKA_UNAVAILABLE, and
   * the caller must treat none of them as accepted.
   */
  async send(gatewayId: string, envelopes: string[]): Promise<void> {
    const stop = this.metrics.kafkaProduceSeconds.startTimer();
    try {
      if (!this.topicReady) await this.ensureTopic(true);
      await this.produce(gatewayId, envelopes);
      stop({ outcome: 'acknowledged' });
    } catch (err) {
      stop({ outcome: 'failed' });
      this.logger.warn({ msg: 'reports not acknowledged by Kafka', reason: (err as Error).message, messages: envelopes.length });
      throw new CloudGateError('KAFKA_UNAVAILABLE', 'reports could not be stored right now; retry later');
    }
  }

  private produce(key: string, values: string[]): Promise<void> {
    const thread = this.thread;
    if (!thread) return Promise.reject(new Error('the producer thread is restarting'));
    const id = ++this.nextId;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`no acknowledgement within ${this.config.REPORTS_KAFKA_TIMEOUT_MS} ms`));
      }, this.config.REPORTS_KAFKA_TIMEOUT_MS);
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        outcome();
      };
      this.waiting.set(id, { resolve: () => settle(resolve), reject: (err) => settle(() => reject(err)) });
      thread.postMessage({ kind: 'send', id, key, values } satisfies ToProducerThread);
    });
  }

  private startThread(): void {
    const options: ProducerThreadOptions = {
      brokers: this.config.KAFKA_BROKERS,
      clientId: `${this.config.KAFKA_CLIENT_ID}-gate-${this.config.REGION}`,
      topic: this.topic,
      maxInFlight: this.config.REPORTS_PRODUCE_MAX_IN_FLIGHT,
      maxBatchBytes: this.config.REPORTS_PRODUCE_MAX_BATCH_BYTES,
    };
    const thread = new Worker(this.threadFile, { workerData: options, name: 'report-producer' });
    thread.on('message', (message: FromProducerThread) => this.onThreadMessage(message));
    thread.on('error', (err) => this.logger.error({ err }, 'report producer thread failed'));
    thread.on('exit', (code) => {
      if (this.thread === thread) this.thread = undefined;
      for (const waiting of [...this.waiting.values()]) waiting.reject(new Error(`the producer thread exited (${code})`));
      if (this.closed) return;
      this.logger.error({ code }, 'report producer thread exited; starting another');
      this.restartTimer = setTimeout(() => this.startThread(), THREAD_RESTART_MS);
    });
    this.thread = thread;
  }

  private onThreadMessage(message: FromProducerThread): void {
    switch (message.kind) {
      case 'acked':
        this.waiting.get(message.id)?.resolve();
        return;
      case 'failed':
        this.waiting.get(message.id)?.reject(new Error(message.reason));
        return;
      case 'log':
        this.logger[message.level]({ context: 'Kafka', ...message.entry });
        return;
    }
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
