import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { IngestWorkerConfig } from '@app/config';
import { deadLetterTopic } from '@app/contracts';
import { KafkaAdapter, KafkaMessage, Producer } from '@app/kafka';
import { BatchControl, backoffDelay, waitActively } from './backoff';
import { IngestMetrics } from './ingest.metrics';

export type DeadLetterKind = 'invalid-envelope' | 'rejected-by-elasticsearch';

export interface DeadLetter {
  kind: DeadLetterKind;
  reason: string;
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/** The value of a dead-letter message: why, and exactly what arrived and from where. */
export interface DeadLetterRecord {
  kind: DeadLetterKind;
  reason: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The consumed message value as text (not re-encoded, so a broken one stays inspectable). */
  original: string | null;
  failedAt: number;
}

export const DEAD_LETTER_HEADERS = {
  reason: 'x-dlq-reason',
  kind: 'x-dlq-kind',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
} as const;

/**
 * Sends reports that can never be indexed to the dead-letter topic. Called before the batch's
 * offsets are committed, and retried until Kafka acknowledges: a dead letter is never dropped.
 */
@Injectable()
export class DeadLetterProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(DeadLetterProducer.name);
  private readonly topic: string;
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(
    private readonly kafka: KafkaAdapter,
    private readonly metrics: IngestMetrics,
    private readonly config: IngestWorkerConfig,
  ) {
    this.topic = deadLetterTopic(config.KAFKA_TOPIC_PREFIX);
  }

  async send(letters: DeadLetter[], control: BatchControl): Promise<void> {
    if (letters.length === 0) return;
    const messages = letters.map((letter) => toMessage(letter));
    for (let attempt = 0; ; attempt++) {
      try {
        const producer = await this.connected();
        await producer.send({ topic: this.topic, acks: -1, messages });
        break;
      } catch (err) {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), letters: letters.length }, 'dead-letter topic unavailable; retrying');
        await waitActively(backoffDelay(attempt, this.config.INGEST_RETRY_MAX_BACKOFF_MS), control);
      }
    }
    for (const letter of letters) {
      this.metrics.deadLetters.inc({ kind: letter.kind });
      this.logger.warn({ kind: letter.kind, reason: letter.reason, topic: letter.topic, partition: letter.partition, offset: letter.message.offset }, 'report dead-lettered');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer();
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }
}

function toMessage(letter: DeadLetter): { key: Buffer | null; value: string; headers: Record<string, string> } {
  const { message } = letter;
  const record: DeadLetterRecord = {
    kind: letter.kind,
    reason: letter.reason,
    topic: letter.topic,
    partition: letter.partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    original: message.value?.toString('utf8') ?? null,
    failedAt: Date.now(),
  };
  return {
    key: message.key ?? null,
    value: JSON.stringify(record),
    headers: {
      // Header values must stay small; the full reason is in the value.
      [DEAD_LETTER_HEADERS.reason]: letter.reason.slice(0, 1000),
      [DEAD_LETTER_HEADERS.kind]: letter.kind,
      [DEAD_LETTER_HEADERS.sourceTopic]: letter.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(letter.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
    },
  };
}
