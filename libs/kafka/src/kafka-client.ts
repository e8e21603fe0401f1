import { Admin, Consumer, ConsumerConfig, ITopicConfig, Kafka, KafkaConfig, Partitioners, Producer, ProducerConfig, logLevel } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Connection timeout per broker, ms. */
  connectionTimeout?: number;
  retries?: number;
  /** Where kafkajs' own log entries go. */
  log: KafkaLogSink;
}

export type KafkaLogSink = (level: 'error' | 'warn' | 'log' | 'debug', entry: Record<string, unknown>) => void;

/**
 * kafkajs entries that say nothing to an operator: the idempotent producer's note about retries (we
 * bound them on purpose), and a CreateTopics answer for a topic that exists (callers handle the outcome).
 */
const ROUTINE = [/^Limiting retries for the idempotent producer/, /^Response CreateTopics/];

const KAFKAJS_LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The one place that knows kafkajs. Apps ask it for producers, consumers and an admin;
 * their own code never imports kafkajs (types aside). Free of Nest, so that a worker thread can
 * load it alone; apps use `KafkaAdapter`, which logs through Nest.
 */
export class KafkaClient {
  readonly kafka: Kafka;
  private admin?: Admin;

  constructor(readonly options: KafkaClientOptions) {
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeout ?? 3000,
      requestTimeout: 10_000,
      retry: { retries: options.retries ?? 5, initialRetryTime: 200, maxRetryTime: 5000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          const { message, ...extra } = log;
          const routine = ROUTINE.some((r) => r.test(String(message)));
          options.log(routine ? 'debug' : (KAFKAJS_LEVELS[level] ?? 'log'), { ...extra, msg: message });
        },
    };
    this.kafka = new Kafka(config);
  }

  /** Idempotent producer with `acks=all` semantics: `send` resolves only once every in-sync replica has the records. */
  producer(config: ProducerConfig = {}): Producer {
    // The default (murmur2) partitioner, named so that kafkajs does not warn about its v2 change.
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, ...config });
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
  }

  async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  /** Creates the topics that do not exist yet; existing topics are left as they are. */
  async ensureTopics(topics: ITopicConfig[]): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (err) {
      // Another instance may have created it between our list and create.
      if (!String((err as Error).message).includes('already exists')) throw err;
    }
  }

  /** Cheap liveness probe for health checks: cluster metadata answered by a broker. */
  async ping(): Promise<{ brokers: number }> {
    const admin = await this.getAdmin();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length };
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }
}
