import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MetricsReport, ReportEnvelope, ReportTenant, analyticsAlias, buildEnvelope, deadLetterTopic, encodeReportRecord, reportsTopic } from '@app/contracts';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { KafkaAdapter, KafkaMessage } from '@app/kafka';
import { testEnv } from '../support/env';
import { RunningApp, freePort, startApp } from '../support/processes';
import { waitFor } from '../support/wait-for';

/** Helpers shared by the ingest worker's integration tests (real Kafka and Elasticsearch). */

export const unique = (): string => randomBytes(4).toString('hex');

export function tenantFor(label: string): ReportTenant {
  const id = unique();
  return { accountId: `acc-${label}-${id}`, organizationId: `org-${id}`, analyticsIndexId: `it${label}${id}`, gatewayId: `gw-${label}-${id}` };
}

export function metricsReport(i: number, overrides: Partial<MetricsReport> = {}): MetricsReport {
  return Object.assign(new MetricsReport(), {
    type: 'metrics' as const,
    timestamp: Date.now() - (i % 1000),
    requestId: `req-${i}-${unique()}`,
    transactionId: `tx-${i}`,
    apiId: 'api-1',
    apiName: 'Echo',
    planId: 'plan-1',
    httpMethod: 'GET',
    host: 'gw.example.com',
    uri: `/echo/${i}`,
    pathInfo: `/${i}`,
    status: [200, 200, 200, 404, 500][i % 5],
    requestContentLength: 0,
    responseContentLength: 128 + (i % 50),
    gatewayResponseTimeMs: 5 + (i % 100),
    endpointResponseTimeMs: 3 + (i % 90),
    gatewayLatencyMs: 2,
    remoteAddress: '10.0.0.1',
    userAgent: 'it/1.0',
    ...overrides,
  });
}

/** `n` envelopes spread over `gateways` gateway ids (the message key), hence over partitions. */
export function envelopes(tenant: ReportTenant, n: number, gateways = 8, first = 0): ReportEnvelope[] {
  return Array.from({ length: n }, (_, k) => {
    const i = first + k;
    return buildEnvelope({ ...tenant, gatewayId: `${tenant.gatewayId}-${i % gateways}` }, metricsReport(i), Date.now());
  });
}

export class IngestHarness {
  readonly prefix = `t${unique()}`;
  readonly group = `ingest-it-${unique()}`;
  readonly kafka = new KafkaAdapter({ brokers: testEnv.kafkaBrokers, clientId: `ingest-it-${unique()}` });
  readonly es = new ElasticsearchAdapter({ url: testEnv.elasticsearchUrl, requestTimeoutMs: 10_000 });
  private readonly producer = this.kafka.producer();
  private connected = false;
  private readonly workers: RunningApp[] = [];
  private readonly indexIds = new Set<string>();

  topic(region: 'eu' | 'us' = 'eu'): string {
    return reportsTopic(this.prefix, region);
  }

  get deadLetterTopic(): string {
    return deadLetterTopic(this.prefix);
  }

  /** The worker creates the topics itself, but tests produce before starting it. */
  async ensureTopics(): Promise<void> {
    await this.kafka.ensureTopics([...(['eu', 'us'] as const).map((r) => ({ topic: this.topic(r), numPartitions: 6 })), { topic: this.deadLetterTopic, numPartitions: 6 }]);
  }

  async produce(list: ReportEnvelope[], region: 'eu' | 'us' = 'eu'): Promise<void> {
    for (const e of list) this.indexIds.add(e.tenant.analyticsIndexId);
    await this.produceRaw(list.map((e) => ({ key: e.tenant.gatewayId, value: encodeReportRecord(e) })), region);
  }

  async produceRaw(messages: Array<{ key: string; value: string }>, region: 'eu' | 'us' = 'eu'): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    for (let i = 0; i < messages.length; i += 500) {
      await this.producer.send({ topic: this.topic(region), acks: -1, messages: messages.slice(i, i + 500) });
    }
  }

  async startWorker(env: Record<string, string> = {}): Promise<{ app: RunningApp; port: number }> {
    const port = await freePort();
    const app = await startApp(
      'ingest-worker',
      {
        PORT: String(port),
        KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
        ELASTICSEARCH_URL: testEnv.elasticsearchUrl,
        KAFKA_TOPIC_PREFIX: this.prefix,
        INGEST_CONSUMER_GROUP: this.group,
        LOG_LEVEL: 'warn',
        ...env,
      },
      `http://127.0.0.1:${port}/health`,
    );
    this.workers.push(app);
    return { app, port };
  }

  /** Documents searchable under the account's alias (after a refresh, so the count is current). */
  async count(indexId: string): Promise<number> {
    const alias = analyticsAlias(indexId, 'metrics');
    await this.es.client.indices.refresh({ index: alias, ignore_unavailable: true, allow_no_indices: true });
    const res = await this.es.client.count({ index: alias, ignore_unavailable: true, allow_no_indices: true });
    return res.count;
  }

  /** Messages not yet committed by the group, over both regional topics. */
  async lag(): Promise<number> {
    const admin = await this.kafka.getAdmin();
    let total = 0;
    for (const topic of [this.topic('eu'), this.topic('us')]) {
      const [committed] = await admin.fetchOffsets({ groupId: this.group, topics: [topic] });
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const offset = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
        total += Number(end.high) - (offset >= 0 ? offset : Number(end.low));
      }
    }
    return total;
  }

  /** Waits until the group committed everything and exactly `expected` documents are searchable. */
  async settled(indexId: string, expected: number, timeoutMs = 90_000): Promise<void> {
    await waitFor(`${expected} documents and no lag`, async () => (await this.lag()) === 0 && (await this.count(indexId)) >= expected, { timeoutMs, everyMs: 500 });
  }

  async readDeadLetters(expected: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `dlq-reader-${unique()}` });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.deadLetterTopic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
      await waitFor(`${expected} dead letters`, async () => seen.length >= expected, { timeoutMs, everyMs: 200 });
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }

  async metric(port: number, name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name) && !line.startsWith('#'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.kill()));
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
    const admin = await this.kafka.getAdmin().catch(() => undefined);
    await admin?.deleteTopics({ topics: [this.topic('eu'), this.topic('us'), this.deadLetterTopic] }).catch(() => undefined);
    await admin?.deleteGroups([this.group]).catch(() => undefined);
    for (const id of this.indexIds) {
      await this.es.client.indices.delete({ index: `${analyticsAlias(id, 'metrics')}-*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    }
    await this.kafka.close();
    await this.es.close();
  }

  /** Remembers an index id to clean up that was not produced through `produce`. */
  track(indexId: string): void {
    this.indexIds.add(indexId);
  }
}

const ROOT = join(__dirname, '..', '..');

/**
 * Stops or starts the shared Elasticsearch through the dev-services script (an ES module, so run in
 * a child Node: jest's CommonJS runtime cannot import it).
 */
export async function elasticsearchService(action: 'stop' | 'start'): Promise<void> {
  // `start` only when it is not answering, so a second node is never launched beside the first.
  const call = action === 'start' ? 'if (!(await elasticsearch.isUp())) await elasticsearch.start();' : 'await elasticsearch.stop();';
  const script = `const { elasticsearch } = await import(${JSON.stringify(join(ROOT, 'scripts', 'services', 'elasticsearch.mjs'))}); ${call}`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 240_000 });
}
