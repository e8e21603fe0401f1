/**
 * The report producer thread: the kafkajs producer of the region's report topic, off the Cloud Gate's
 * main thread. Encoding record batches is the largest part of the gate's CPU per report; here it runs
 * beside the main thread's HTTPS, token checks, parsing and validation instead of after them.
 */
import { parentPort, workerData } from 'node:worker_threads';
// The Nest-free client alone: loading Nest here would cost the thread ~9 MB for nothing.
import { KafkaClient } from '@app/kafka/kafka-client';
import { CoalescingProducer, keyedMessages } from './coalescing-producer';
import type { FromProducerThread, ProducerThreadOptions, ToProducerThread } from './producer-thread.protocol';

const port = parentPort;
if (!port) throw new Error('producer-thread runs as a worker thread of the Cloud Gate');
const options = workerData as ProducerThreadOptions;
const post = (message: FromProducerThread) => port.postMessage(message);

const kafka = new KafkaClient({ brokers: options.brokers, clientId: options.clientId, log: (level, entry) => post({ kind: 'log', level, entry }) });
const producer = kafka.producer();
let connected = false;
let connecting: Promise<void> | undefined;
producer.on(producer.events.DISCONNECT, () => (connected = false));

/** Concurrent sends share one connection attempt. */
function connect(): Promise<void> {
  if (connected) return Promise.resolve();
  connecting ??= producer
    .connect()
    .then(() => void (connected = true))
    .finally(() => (connecting = undefined));
  return connecting;
}

const batcher = new CoalescingProducer(
  async (batches) => {
    await connect();
    await Promise.all(batches.map((messages) => producer.send({ topic: options.topic, acks: -1, messages })));
  },
  options.maxInFlight,
  options.maxBatchBytes,
);

port.on('message', (message: ToProducerThread) => {
  if (message.kind === 'close') {
    void producer.disconnect().finally(() => port.close());
    return;
  }
  batcher.send(keyedMessages(message.key, message.values)).then(
    () => post({ kind: 'acked', id: message.id }),
    (err: unknown) => post({ kind: 'failed', id: message.id, reason: err instanceof Error ? err.message : String(err) }),
  );
});
