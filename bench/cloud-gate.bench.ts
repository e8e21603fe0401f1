/**
 * Cloud Gate benchmark (not a test): `node dist/bench/cloud-gate.bench.js` after `node scripts/build.mjs`,
 * with Kafka (and Redis) running. Prints:
 *  - deploy-to-gateway propagation p50/p99 with 1,000 gateways waiting on the change long-poll;
 *  - the gate's resident memory with those 1,000 gateways connected;
 *  - sync requests/s (eventsLatest through the gate);
 *  - reports/s accepted with acks=all, beside the raw kafkajs producer ceiling with the same messages.
 * The control plane is the small HTTP stand-in of the e2e tests, so the figures are the gate's own.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KafkaAdapter } from '@app/kafka';
import { identityFromClaims, reportsTopic } from '@app/contracts';
import { keyedMessages } from '../apps/cloud-gate/src/reports/coalescing-producer';
import { parseReportBatch } from '../apps/cloud-gate/src/reports/report-batch';
import { cpuMeter, pidOf } from './cpu';
import { FakeControlPlane, GateClient, claimsFor, signToken } from '../test/e2e/cloud-gate.support';
import { waitFor } from '../test/support/wait-for';

const ROOT = join(__dirname, '..', '..');
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PKI = '/var/tmp/hybrid-cp/pki';
const GATEWAYS = 1000;
const ROUNDS = 5;
const REPORT_BATCH = 500;
const REPORT_CONCURRENCY = 8;
const PHASE_MS = 8000;
const SETTLE_MS = 40_000;
const WARMUP_MS = 3000;
/** e.g. BENCH_GATE_PHASES=reports to run one phase while working on it. */
const PHASES = new Set((process.env.BENCH_GATE_PHASES ?? 'propagation,sync,reports').split(','));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Measures what `phase` costs in CPU per unit: in the gate, the broker and this process. */
async function withCpu(gatePid: number | undefined, phase: () => Promise<{ units: number; seconds: number }>): Promise<{ units: number; seconds: number; cpu: string }> {
  const meter = cpuMeter({ gate: gatePid, broker: pidOf('kafka.Kafka') }, 'client');
  const result = await phase();
  return { ...result, cpu: meter(result.units) };
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** Runs `worker` with `concurrency` loops for `ms`, returns the units each call reports done. */
async function forDuration(ms: number, concurrency: number, worker: () => Promise<number>): Promise<{ units: number; seconds: number }> {
  const started = Date.now();
  let units = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() - started < ms) {
        const done = await worker(); // read `units` only after the await: `units += await ...` would lose updates
        units += done;
      }
    }),
  );
  return { units, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const internalToken = `bench-${randomUUID()}`;
  const prefix = `bench${randomUUID().slice(0, 6)}`;
  const cp = await new FakeControlPlane(internalToken).start();
  const port = await freePort();
  // e.g. BENCH_GATE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the gate.
  const nodeArgs = (process.env.BENCH_GATE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const gate: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'apps', 'cloud-gate', 'src', 'main.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      REGION: 'eu',
      PORT: String(port),
      CONTROL_PLANE_URL: cp.url,
      INTERNAL_API_TOKEN: internalToken,
      TLS_CERT_FILE: `${PKI}/cloud-gate.crt`,
      TLS_KEY_FILE: `${PKI}/cloud-gate.key`,
      KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PREFIX: prefix,
      REDIS_URL,
      REPORTS_RATE_LIMIT_PER_MINUTE: '10000000',
      SYNC_WAIT_MAX_MS: '120000',
      LOG_LEVEL: 'warn',
    },
  });
  const client = new GateClient(`https://127.0.0.1:${port}`, `${PKI}/ca.crt`, GATEWAYS + 50);
  const kafka = new KafkaAdapter({ brokers: BROKERS.split(','), clientId: `${prefix}-bench` });
  const topic = reportsTopic(prefix, 'eu');
  try {
    await waitFor('the gate', async () => (await client.call('GET', '/health')).status === 200, { timeoutMs: 60_000, everyMs: 200 });
    const out = (line: string) => process.stdout.write(`${line}\n`);

    // 1. Propagation to 1,000 waiting gateways, and the gate's memory meanwhile.
    const tokens = Array.from({ length: GATEWAYS }, () => signToken(cp.keys[0], claimsFor({ envs: ['env-bench'] })));
    const latencies: number[] = [];
    let rss = 0;
    const idleRss = rssMb(gate.pid!);
    let heap = '';
    let settled: { rss: number; samples: number[]; heap: string } | undefined;
    const heapFigures = async () => {
      const metrics = (await client.call('GET', '/metrics')).text;
      const mb = (name: string) => (Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics)?.[1] ?? 0) / 1048576).toFixed(1);
      return `V8 heap used ${mb('nodejs_heap_size_used_bytes')} MB of ${mb('nodejs_heap_size_total_bytes')} MB, external ${mb('nodejs_external_memory_bytes')} MB`;
    };
    const waiting = async () => Number(/^cloud_gate_sync_waiting_requests (\d+)/m.exec((await client.call('GET', '/metrics')).text)?.[1] ?? 0);
    for (let round = 0; round < (PHASES.has('propagation') ? ROUNDS : 0); round++) {
      let deployedAt = 0;
      const since = Date.now();
      const polls = tokens.map((token) =>
        client.call('GET', `/sync/_bridge/changes?since=${since}&timeout=120000`, { token }).then((r) => {
          if (r.status !== 200 || !r.json<{ changed: boolean }>().changed) throw new Error(`unexpected answer ${r.status} ${r.text}`);
          latencies.push(Date.now() - deployedAt);
        }),
      );
      await waitFor('1,000 waiting gateways', async () => (await waiting()) === GATEWAYS, { timeoutMs: 60_000 });
      const now = rssMb(gate.pid!);
      if (now > rss) [rss, heap] = [now, await heapFigures()];
      if (round === ROUNDS - 1) {
        // Gateways stay connected between deploys: the gate's memory once they have been waiting a while
        // (V8 gives back its spare heap some 20-30 s after the connection storm).
        const samples: number[] = [];
        for (let t = 0; t < SETTLE_MS; t += 1000) {
          await new Promise((r) => setTimeout(r, 1000));
          samples.push(rssMb(gate.pid!));
        }
        settled = { rss: samples.at(-1)!, samples, heap: await heapFigures() };
      }
      deployedAt = Date.now();
      cp.changeEnvironments(['env-bench']);
      await Promise.all(polls);
    }
    latencies.sort((a, b) => a - b);
    if (PHASES.has('propagation')) out(`propagation to ${GATEWAYS} waiting gateways (${ROUNDS} deploys): p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`);
    if (PHASES.has('propagation')) {
      out(`gate RSS with ${GATEWAYS} gateways connected and waiting: ${rss.toFixed(1)} MB at the peak, as they connect (${heap}; ${idleRss.toFixed(1)} MB before they connected)`);
      if (settled) {
        out(`gate RSS with ${GATEWAYS} gateways waiting for ${SETTLE_MS / 1000} s: ${settled.rss.toFixed(1)} MB (${settled.heap}; each second: ${settled.samples.map((m) => m.toFixed(0)).join(' ')})`);
      }
    }

    // 2. Sync requests per second.
    const syncToken = tokens[0];
    const criteria = JSON.stringify({ types: ['PUBLISH_API', 'START_API', 'STOP_API', 'UNPUBLISH_API'], from: 0, to: Date.now(), environments: ['env-bench'] });
    const sync = await forDuration(PHASES.has('sync') ? PHASE_MS / 2 : 0, 64, async () => {
      const r = await client.call('POST', '/sync/_bridge/eventsLatest/_search?group=API_ID&page=0&size=100', { token: syncToken, body: criteria });
      if (r.status !== 200) throw new Error(`sync answered ${r.status}`);
      return 1;
    });
    if (PHASES.has('sync')) out(`sync: ${(sync.units / sync.seconds).toFixed(0)} requests/s (eventsLatest, 64 concurrent, HTTPS keep-alive)`);

    // 3. Reports: through the gate vs the raw kafkajs producer, same messages.
    if (!PHASES.has('reports')) return;
    const claims = claimsFor({ envs: ['env-bench'] });
    const reportsToken = signToken(cp.keys[0], claims);
    const batch = () =>
      Array.from({ length: REPORT_BATCH }, () => ({
        type: 'metrics',
        timestamp: Date.now(),
        requestId: randomUUID(),
        transactionId: randomUUID(),
        apiId: 'api-bench',
        apiName: 'Bench API',
        planId: 'plan-1',
        httpMethod: 'GET',
        host: 'gw.local',
        uri: '/bench/items?page=1',
        pathInfo: '/items',
        status: 200,
        requestContentLength: 0,
        responseContentLength: 512,
        gatewayResponseTimeMs: 4,
        endpointResponseTimeMs: 3,
        gatewayLatencyMs: 1,
        remoteAddress: '10.0.0.1',
        userAgent: 'bench/1.0',
        endpoint: 'http://backend:8080/items',
      }));
    const bodies = Array.from({ length: 16 }, () => batch());
    const ndjson = bodies.map((b) => b.map((r) => JSON.stringify(r)).join('\n'));
    let i = 0;
    const throughGate = (ms: number) =>
      withCpu(gate.pid, () =>
        forDuration(ms, REPORT_CONCURRENCY, async () => {
          const r = await client.call('POST', '/reports', { token: reportsToken, body: ndjson[i++ % ndjson.length], headers: { 'content-type': 'application/x-ndjson' } });
          if (r.status !== 202) throw new Error(`reports answered ${r.status} ${r.text}`);
          return r.json<{ accepted: number }>().accepted;
        }),
      );

    // The very messages the gate produces for these bodies (same envelopes, keys, no headers).
    const messages = ndjson.map((body) => keyedMessages(claims.meta.GATEWAYID, parseReportBatch(Buffer.from(body), identityFromClaims(claims), Date.now()).envelopes));
    const producer = kafka.producer();
    await producer.connect();
    let j = 0;
    const rawProducer = (ms: number) =>
      withCpu(undefined, () =>
        forDuration(ms, REPORT_CONCURRENCY, async () => {
          const m = messages[j++ % messages.length];
          await producer.send({ topic, acks: -1, messages: m });
          return m.length;
        }),
      );

    // Both paths once unmeasured first: the broker (and the gate) compile their hot paths in the first
    // seconds, which would otherwise count against whichever phase runs first.
    await throughGate(WARMUP_MS);
    await rawProducer(WARMUP_MS);
    const viaGate = await throughGate(PHASE_MS);
    const raw = await rawProducer(PHASE_MS);
    await producer.disconnect();
    const gateRate = viaGate.units / viaGate.seconds;
    const rawRate = raw.units / raw.seconds;
    out(`reports via the gate (acks=all, ${REPORT_BATCH}/request, ${REPORT_CONCURRENCY} concurrent): ${gateRate.toFixed(0)} reports/s (CPU per report: ${viaGate.cpu})`);
    out(`raw kafkajs idempotent producer, same messages and batching: ${rawRate.toFixed(0)} reports/s -> gate at ${((100 * gateRate) / rawRate).toFixed(0)}% of the ceiling (CPU per report: ${raw.cpu})`);
  } finally {
    await client.close();
    gate.kill('SIGTERM');
    await new Promise((r) => gate.once('exit', r));
    await cp.stop();
    const admin = await kafka.getAdmin().catch(() => undefined);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await kafka.close();
  }
}

main().catch((err) => {
  process.stderr.write(`cloud-gate bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
