import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KafkaAdapter } from '@app/kafka';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { dataSourceOptions } from '../../apps/control-plane/src/database/data-source';
import { createTestDatabase } from '../support/database';
import { testEnv } from '../support/env';

/** The real servers answer the way the apps use them: one round trip through each. */
describe('foundation: real PostgreSQL, Kafka and Elasticsearch', () => {
  it('migrates and queries PostgreSQL', async () => {
    const db = await createTestDatabase('foundation');
    // Migrations only: the entities are exercised by the control plane's own end-to-end tests.
    const source = new DataSource({ ...dataSourceOptions(db.url), entities: [], logging: false });
    try {
      await source.initialize();
      const rows: Array<{ name: string }> = await source.query('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((r) => r.name)).toContain('Initial1764100000000');
      const tables: Array<{ table_name: string }> = await source.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['accounts', 'environments', 'gateways', 'issued_tokens', 'events']));
      const [{ uuid }] = await source.query('SELECT gen_random_uuid()::text AS uuid');
      expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      if (source.isInitialized) await source.destroy();
      await db.drop();
    }
  });

  it('produces with acks=all through the idempotent producer and consumes the same records (kafkajs against this broker)', async () => {
    const kafka = new KafkaAdapter({ brokers: testEnv.kafkaBrokers, clientId: 'foundation-test' });
    const topic = `foundation.${randomUUID()}`;
    await kafka.ensureTopics([{ topic, numPartitions: 3, replicationFactor: 1 }]);
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `foundation-${randomUUID()}` });
    try {
      await producer.connect();
      const sent = Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 4}`, value: JSON.stringify({ i }) }));
      const metadata = await producer.send({ topic, acks: -1, messages: sent });
      expect(metadata.every((m) => m.errorCode === 0)).toBe(true);

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received: number[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of 20 records consumed`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            received.push(JSON.parse(String(message.value)).i);
            if (received.length === sent.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      expect(received.sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
      // The broker really is the 3.x line kafkajs was built against: every API kafkajs needs is offered.
      const admin = await kafka.getAdmin();
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await (await kafka.getAdmin()).deleteTopics({ topics: [topic] }).catch(() => undefined);
      await kafka.close();
    }
  });

  it('indexes with a template and searches with aggregations in Elasticsearch', async () => {
    const es = new ElasticsearchAdapter({ url: testEnv.elasticsearchUrl });
    const prefix = `foundation-${randomUUID()}`;
    try {
      await es.client.indices.putIndexTemplate({
        name: prefix,
        index_patterns: [`${prefix}-*`],
        template: { settings: { number_of_replicas: 0 }, mappings: { properties: { status: { type: 'integer' }, at: { type: 'date' } } } },
      });
      const index = `${prefix}-2026.11.26`;
      await es.client.bulk({
        refresh: true,
        operations: [200, 200, 404].flatMap((status, i) => [{ index: { _index: index, _id: `d${i}` } }, { status, at: Date.UTC(2026, 10, 26, 10, i) }]),
      });
      const result = await es.client.search({ index: `${prefix}-*`, size: 0, aggs: { byStatus: { terms: { field: 'status' } } } });
      const buckets = (result.aggregations?.byStatus as { buckets: Array<{ key: number; doc_count: number }> }).buckets;
      expect(buckets).toEqual([
        { key: 200, doc_count: 2 },
        { key: 404, doc_count: 1 },
      ]);
      const mapping = await es.client.indices.getMapping({ index });
      expect(mapping[index].mappings.properties?.status).toEqual({ type: 'integer' });
    } finally {
      await es.client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
      await es.client.indices.deleteIndexTemplate({ name: prefix }).catch(() => undefined);
      await es.close();
    }
  });
});
