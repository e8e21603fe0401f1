import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { IngestWorkerConfig, loadConfig } from '@app/config';
import { MetricsReport, ReportEnvelope, analyticsAlias, buildEnvelope, deadLetterTopic, encodeReportRecord, reportsTopic } from '@app/contracts';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { KafkaAdapter } from '@app/kafka';
import { ANALYTICS_TEMPLATE, ANALYTICS_TEMPLATE_NAME } from '../apps/ingest-worker/src/ingest/index-template';
import { toIndexedDocument } from '../apps/ingest-worker/src/ingest/report-document';
import { cpuMeter, cpuSeconds, pidOf, pin } from './cpu';

/**
 * Ingest benchmark (not a test): from one run, against the real Kafka and Elasticsearch,
 *  1. the raw bulk ceiling: the documents bulk-written straight to Elasticsearch, with the
 *     worker's bulk size and concurrency;
 *  2. the same reports through Kafka and the ingest worker, in documents per second;
 *  3. end-to-end freshness: from Kafka acknowledging a report (when the Cloud Gate answers 202)
 *     to the report being searchable, p50/p95.
 *
 * 1 and 2 are measured twice over (`BENCH_INGEST_PLACEMENT`, default both), because on a small
 * machine where everything runs they answer different questions:
 *  - `shared`: every process may use every core. Elasticsearch and the worker are both CPU-bound
 *    there, so each CPU-second the worker spends comes off Elasticsearch: the ratio is the worker's
 *    CPU per document against Elasticsearch's.
 *  - `dedicated`: Elasticsearch gets core 0 and everything else (Kafka, this process, the worker)
 *    the other cores, as when Elasticsearch has nodes of its own: the ratio is how much of what
 *    Elasticsearch can take the pipeline delivers (batching, fetching, waiting for commits).
 */
const config = loadConfig(IngestWorkerConfig);
const DOCS = Number(process.env.BENCH_INGEST_DOCS ?? 100_000);
const WARMUP_DOCS = Math.min(10_000, DOCS);
const FRESHNESS_WAVES = Number(process.env.BENCH_FRESHNESS_WAVES ?? 150);
const WAVE_SIZE = 20;
const CALL_SIZE = 100;
const WAVE_EVERY_MS = 100;
const id = randomBytes(4).toString('hex');
const ROUNDS = Math.max(1, Number(process.env.BENCH_INGEST_ROUNDS ?? 5));

type Placement = 'shared' | 'dedicated';
const PLACEMENT_CHOICES: Record<string, Placement[]> = { shared: ['shared'], dedicated: ['dedicated'], both: ['shared', 'dedicated'] };
const PLACEMENTS = PLACEMENT_CHOICES[process.env.BENCH_INGEST_PLACEMENT ?? 'both'];
if (!PLACEMENTS) throw new Error(`BENCH_INGEST_PLACEMENT must be one of ${Object.keys(PLACEMENT_CHOICES).join(', ')}`);

/** Each worker run has its own topics and consumer group (the worker's settings name them). */
interface Lane {
  prefix: string;
  group: string;
}
const lanes: Lane[] = Array.from({ length: ROUNDS * PLACEMENTS.length }, (_, k) => ({ prefix: `bench${id}r${k}`, group: `bench-ingest-${id}-r${k}` }));

const kafka = new KafkaAdapter({ brokers: config.KAFKA_BROKERS, clientId: `bench-${id}` });
const es = new ElasticsearchAdapter({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: 60_000 });

/**
 * Waits until Elasticsearch and Kafka have been nearly idle for a second (at most 30 s): segment
 * merges and flushes left over from one phase would otherwise be counted against the next. Run
 * with `--expose-gc` (as `npm run bench` does).
 */
async function quiet(): Promise<void> {
  // This process's own garbage from setting up the run, collected now rather than inside the timed window.
  (globalThis as { gc?: () => void }).gc?.();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const before = cpuSeconds(ES_PID) + cpuSeconds(KAFKA_PID);
    await sleep(1000);
    if (cpuSeconds(ES_PID) + cpuSeconds(KAFKA_PID) - before < 0.1) return;
  }
}

const ES_PID = pidOf('org.elasticsearch.bootstrap.Elasticsearch');
const KAFKA_PID = pidOf('kafka.Kafka');
const CPUS = availableParallelism();

/**
 * Puts Elasticsearch, Kafka and this process (with the workers it starts from now on) where
 * `placement` says. `dedicated` is false when it cannot be done here (one core, a server not
 * running locally, no taskset); `shared` is what runs when nothing was ever pinned, so it is
 * always possible (pinning back to every core is best effort).
 */
function place(placement: Placement): boolean {
  const all = `0-${CPUS - 1}`;
  if (placement === 'shared') {
    for (const pid of [ES_PID, KAFKA_PID, process.pid, runningWorker?.child.pid]) pin(pid, all);
    return true;
  }
  if (CPUS < 2) return false;
  const rest = `1-${CPUS - 1}`;
  if (pin(ES_PID, '0') && pin(KAFKA_PID, rest) && pin(process.pid, rest)) return true;
  // Half placed is neither: put back what was moved.
  place('shared');
  return false;
}

function tenant(label: string) {
  return { accountId: `bench-${label}`, organizationId: 'bench-org', analyticsIndexId: `bench${label}${id}`, gatewayId: `bench-gw-${label}` };
}

function report(i: number, apiId = 'bench-api'): MetricsReport {
  return Object.assign(new MetricsReport(), {
    type: 'metrics' as const,
    timestamp: Date.now(),
    requestId: `r-${i}-${id}`,
    transactionId: `t-${i}`,
    apiId,
    apiName: 'Bench',
    planId: 'plan',
    httpMethod: 'GET',
    host: 'gw.bench.local',
    uri: `/bench/items/${i}`,
    pathInfo: `/items/${i}`,
    status: i % 20 === 0 ? 500 : 200,
    requestContentLength: 0,
    responseContentLength: 512,
    gatewayResponseTimeMs: 3 + (i % 40),
    endpointResponseTimeMs: 2 + (i % 35),
    gatewayLatencyMs: 1,
    remoteAddress: '10.1.2.3',
    userAgent: 'bench/1.0',
  });
}

/**
 * Reports as the Cloud Gate hands them over: `/reports` calls of CALL_SIZE reports from one of 64
 * gateways, each call received at one instant (the reference gateway posts up to 1,000 at a time).
 */
function envelopesFor(label: string, reports: MetricsReport[]): ReportEnvelope[] {
  const t = tenant(label);
  let receivedAt = Date.now();
  return reports.map((r, i) => {
    if (i % CALL_SIZE === 0) receivedAt = Date.now();
    return buildEnvelope({ ...t, gatewayId: `${t.gatewayId}-${Math.floor(i / CALL_SIZE) % 64}` }, r, receivedAt);
  });
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, (k + 1) * size));
}

/**
 * The documents of `list`, their daily indices created beforehand: creating an index is a cluster
 * state change that both runs would otherwise time once, which is not what they compare.
 */
async function withIndices(list: ReportEnvelope[]) {
  await es.putIndexTemplate(ANALYTICS_TEMPLATE_NAME, ANALYTICS_TEMPLATE);
  const documents = list.map((envelope) => toIndexedDocument(envelope));
  for (const index of new Set(documents.map((d) => d.index))) await es.ensureIndexWithAlias(index, documents.find((d) => d.index === index)!.alias);
  return documents;
}

async function rawCeiling(list: ReportEnvelope[]): Promise<{ rate: number; cpu: string }> {
  const documents = await withIndices(list);
  await quiet();
  const started = performance.now();
  const meter = cpuMeter({ elasticsearch: ES_PID }, 'bench');
  await inParallel(chunks(documents, config.INGEST_BATCH_MAX_DOCS), config.INGEST_CONCURRENCY, async (chunk) => {
    const results = await es.bulkIndex(chunk);
    const failed = results.filter((r) => r.status >= 300);
    if (failed.length > 0) throw new Error(`raw bulk: ${failed.length} items failed, e.g. ${JSON.stringify(failed[0])}`);
  });
  return { rate: (list.length / (performance.now() - started)) * 1000, cpu: meter(list.length) };
}

interface Worker {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** The worker of the last round, left running for `freshness`, and stopped however the bench ends. */
let runningWorker: Worker | undefined;

async function startWorker({ prefix, group }: Lane): Promise<Worker> {
  const port = 18000 + Math.floor(Math.random() * 2000);
  // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'apps', 'ingest-worker', 'src', 'main.js')], {
    env: { ...process.env, PORT: String(port), KAFKA_TOPIC_PREFIX: prefix, INGEST_CONSUMER_GROUP: group, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) return { child, port, output: () => output };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`worker not ready: ${output}`);
}

/** Messages the worker's group has committed on the report topic (each partition starts at offset 0). */
async function committedByGroup({ prefix, group }: Lane): Promise<number> {
  const admin = await kafka.getAdmin();
  const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [reportsTopic(prefix, 'eu')] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/**
 * `warmup` then `list` are produced up front; the worker is started and timed only over `list`,
 * once it has indexed `warmup`: a process that has just started spends its first seconds compiling
 * (the raw ceiling runs in this process, warmed up the same way), which is not what is compared.
 */
async function throughWorker(
  lane: Lane,
  warmup: ReportEnvelope[],
  list: ReportEnvelope[],
  producer: ReturnType<KafkaAdapter['producer']>,
): Promise<{ rate: number; cpu: string }> {
  await kafka.ensureTopics([{ topic: reportsTopic(lane.prefix, 'eu'), numPartitions: config.INGEST_TOPIC_PARTITIONS }]);
  await withIndices([...warmup, ...list]);
  for (const chunk of chunks([...warmup, ...list], 1000)) {
    await producer.send({ topic: reportsTopic(lane.prefix, 'eu'), acks: -1, messages: chunk.map((e) => ({ key: e.tenant.gatewayId, value: encodeReportRecord(e) })) });
  }
  await quiet();
  const worker = await startWorker(lane);
  runningWorker = worker;
  // Progress is what the group has committed (only ever after Elasticsearch accepted the documents),
  // read from the broker so that watching does not cost the worker anything.
  let count = await committedByGroup(lane);
  while (count < warmup.length) {
    await sleep(25);
    count = await committedByGroup(lane);
  }
  const t0 = performance.now();
  const meter = cpuMeter({ worker: worker.child.pid, elasticsearch: ES_PID, kafka: KAFKA_PID }, 'bench');
  const c0 = count;
  const total = warmup.length + list.length;
  while (count < total) {
    // Every look at the offsets costs this process and the broker CPU the worker would otherwise get:
    // look rarely while the end is far (going by the rate so far), then every 25 ms.
    const perMs = (count - c0) / Math.max(1, performance.now() - t0);
    await sleep(perMs > 0 ? Math.max(25, Math.min(2000, (total - count) / perMs / 2)) : 100);
    count = await committedByGroup(lane);
  }
  return { rate: ((total - c0) / (performance.now() - t0)) * 1000, cpu: meter(total - c0) };
}

/** Waves of reports, one API id per wave; a wave is fresh when all of it is searchable. */
async function freshness(lane: Lane, producer: ReturnType<KafkaAdapter['producer']>): Promise<number[]> {
  const t = tenant('fresh');
  const alias = analyticsAlias(t.analyticsIndexId, 'metrics');
  const acked = new Map<string, number>();
  const fresh = new Map<string, number>();
  let producing = true;
  const poller = (async () => {
    while (producing || fresh.size < acked.size) {
      // Right after its daily index is created a search may fail while the shard starts: poll again.
      const res = await es.searchTolerant(alias, { size: 0, aggs: { waves: { terms: { field: 'apiId', size: FRESHNESS_WAVES + 10 } } } }).catch(() => undefined);
      const now = performance.now();
      const buckets = (res?.aggregations?.waves as { buckets?: Array<{ key: string; doc_count: number }> } | undefined)?.buckets ?? [];
      for (const b of buckets) if (b.doc_count >= WAVE_SIZE && !fresh.has(b.key) && acked.has(b.key)) fresh.set(b.key, now - acked.get(b.key)!);
      await sleep(25);
    }
  })();
  for (let w = 0; w < FRESHNESS_WAVES; w++) {
    const wave = `wave-${w}`;
    const list = Array.from({ length: WAVE_SIZE }, (_, i) => buildEnvelope({ ...t, gatewayId: `${t.gatewayId}-${i}` }, report(w * WAVE_SIZE + i, wave), Date.now()));
    const sent = performance.now();
    await producer.send({ topic: reportsTopic(lane.prefix, 'eu'), acks: -1, messages: list.map((e) => ({ key: e.tenant.gatewayId, value: encodeReportRecord(e) })) });
    acked.set(wave, performance.now());
    await sleep(Math.max(0, WAVE_EVERY_MS - (performance.now() - sent)));
  }
  producing = false;
  await Promise.race([poller, sleep(30_000)]);
  return [...fresh.values()].sort((a, b) => a - b);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function stopWorker(): void {
  runningWorker?.child.kill('SIGTERM');
  runningWorker = undefined;
}

/**
 * Raw and worker runs alternate, raw first and last: this machine's speed drifts over a minute (the
 * raw ceiling moved by up to a third between runs), so each worker run is compared with the raw runs
 * on either side of it, and the figure is the median over the rounds. The last worker is left
 * running on the last lane.
 */
async function rounds(placement: Placement, lanesFrom: number, reports: MetricsReport[], producer: ReturnType<KafkaAdapter['producer']>): Promise<void> {
  const raws = [await rawCeiling(envelopesFor(`${placement}raw0`, reports))];
  const ratios: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    stopWorker();
    const label = `${placement}worker${k}`;
    const workerRun = envelopesFor(label, [...reports, ...Array.from({ length: WARMUP_DOCS }, (_, i) => report(DOCS + i))]);
    const run = await throughWorker(lanes[lanesFrom + k], workerRun.slice(DOCS), workerRun.slice(0, DOCS), producer);
    raws.push(await rawCeiling(envelopesFor(`${placement}raw${k + 1}`, reports)));
    const [before, after] = [raws[k], raws[k + 1]];
    const ceiling = (before.rate + after.rate) / 2;
    ratios.push(run.rate / ceiling);
    process.stdout.write(
      `${placement} round ${k + 1}: raw bulk ${Math.round(before.rate)} before, ${Math.round(after.rate)} after (CPU per document: ${after.cpu}); ` +
        `through Kafka and the worker ${Math.round(run.rate)} docs/s = ${((run.rate / ceiling) * 100).toFixed(0)}% of their mean (CPU per document: ${run.cpu})\n`,
    );
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const where =
    placement === 'shared' ? 'all processes on all cores' : `Elasticsearch on core 0, Kafka, the bench and the worker on ${CPUS > 2 ? `cores 1-${CPUS - 1}` : 'core 1'}`;
  process.stdout.write(
    `${placement} (${where}): through Kafka and the ingest worker vs the raw bulk ceiling (same documents straight to Elasticsearch): ` +
      `median ${(pct(sorted, 50) * 100).toFixed(0)}% over ${ROUNDS} rounds (${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; target >= 80%)\n`,
  );
}

async function main(): Promise<void> {
  const reports = Array.from({ length: DOCS }, (_, i) => report(i));
  const producer = kafka.producer();
  await producer.connect();
  let lane = -1;
  try {
    process.stdout.write(
      `ingest bench: ${DOCS} metrics reports per run, ${ROUNDS} worker runs per placement (${PLACEMENTS.join(', ')}), ` +
        `bulk size ${config.INGEST_BATCH_MAX_DOCS}, concurrency ${config.INGEST_CONCURRENCY}, ${config.INGEST_TOPIC_PARTITIONS} partitions, ${CPUS} cores\n`,
    );
    for (const [p, placement] of PLACEMENTS.entries()) {
      if (!place(placement)) {
        process.stdout.write(`${placement}: skipped (needs two cores, Elasticsearch and Kafka running here, and taskset)\n`);
        continue;
      }
      stopWorker();
      // Elasticsearch's first bulk requests run cold (JIT, new shards), and it runs them anew on other cores: warm it up first.
      await rawCeiling(envelopesFor(`${placement}warmup`, reports.slice(0, WARMUP_DOCS)));
      await rounds(placement, p * ROUNDS, reports, producer);
      lane = p * ROUNDS + ROUNDS - 1;
    }
    place('shared');
    if (lane >= 0) {
      const samples = await freshness(lanes[lane], producer);
      const lost = FRESHNESS_WAVES - samples.length;
      process.stdout.write(
        `freshness, acknowledged -> searchable (${samples.length * WAVE_SIZE} reports in waves of ${WAVE_SIZE} every ${WAVE_EVERY_MS} ms${lost ? `, ${lost} waves not seen` : ''}): ` +
          `p50 ${Math.round(pct(samples, 50))} ms, p95 ${Math.round(pct(samples, 95))} ms (target p95 <= 3000 ms)\n`,
      );
    }
  } finally {
    place('shared');
    stopWorker();
    await producer.disconnect().catch(() => undefined);
    const admin = await kafka.getAdmin();
    for (const { prefix, group } of lanes) {
      await admin.deleteTopics({ topics: [reportsTopic(prefix, 'eu'), reportsTopic(prefix, 'us'), deadLetterTopic(prefix)] }).catch(() => undefined);
      await admin.deleteGroups([group]).catch(() => undefined);
    }
    await es.client.indices.delete({ index: `gravitee-bench*${id}-metrics-*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
    await kafka.close();
    await es.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`ingest bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
