import { Logger } from '@nestjs/common';
import { KafkaClient, KafkaClientOptions } from './kafka-client';

export type KafkaAdapterOptions = Omit<KafkaClientOptions, 'log'> & Partial<Pick<KafkaClientOptions, 'log'>>;

/** The Kafka client of the apps: kafkajs' own log entries go to a Nest logger named `Kafka` unless told otherwise. */
export class KafkaAdapter extends KafkaClient {
  constructor(options: KafkaAdapterOptions) {
    const logger = new Logger('Kafka');
    super({ ...options, log: options.log ?? ((level, entry) => logger[level](entry)) });
  }
}
