export * from './kafka-client';
export * from './kafka.adapter';
export type { Producer, Consumer, EachBatchPayload, KafkaMessage, Message, RecordMetadata, IHeaders } from 'kafkajs';
