import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudGateConfig } from '@app/config';
import type { KafkaAdapter } from '@app/kafka';
import type { GateMetrics } from '../metrics/gate-metrics.service';
import { ReportsProducer } from './reports.producer';

/** A stand-in producer thread: acknowledges every send, except one whose first value is `die`, where it exits. */
const FAKE_THREAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.kind === 'close') return parentPort.close();
  if (m.values[0] === 'die') process.exit(3);
  parentPort.postMessage({ kind: 'acked', id: m.id });
});
`;

class ProducerWithFakeThread extends ReportsProducer {
  protected override readonly threadFile: string;

  constructor(file: string) {
    const config = { KAFKA_TOPIC_PREFIX: 'unit', REGION: 'eu', REPORTS_KAFKA_TIMEOUT_MS: 5000, KAFKA_BROKERS: ['127.0.0.1:1'], KAFKA_CLIENT_ID: 'unit' } as unknown as CloudGateConfig;
    const kafka = { ensureTopics: async () => undefined } as unknown as KafkaAdapter;
    const metrics = { kafkaProduceSeconds: { startTimer: () => () => undefined } } as unknown as GateMetrics;
    super(config, kafka, metrics);
    this.threadFile = file;
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ReportsProducer and its thread', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'producer-thread-')), 'fake.js');
  writeFileSync(file, FAKE_THREAD);
  let producer: ProducerWithFakeThread;

  beforeEach(async () => {
    producer = new ProducerWithFakeThread(file);
    producer.onApplicationBootstrap();
    await until(() => producer.isTopicReady);
  });

  afterEach(() => producer.onApplicationShutdown());

  it('resolves a send once the thread acknowledges it', async () => {
    await expect(producer.send('gw-1', ['{"a":1}'])).resolves.toBeUndefined();
  });

  it('fails the calls waiting on a thread that dies with 503, then starts another thread', async () => {
    await expect(producer.send('gw-1', ['die'])).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    expect(producer.isProducerRunning).toBe(false);
    await expect(producer.send('gw-1', ['{"a":1}'])).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    await until(() => producer.isProducerRunning);
    await expect(producer.send('gw-1', ['{"a":2}'])).resolves.toBeUndefined();
  });
});
