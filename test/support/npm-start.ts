import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from './database';
import { freePort } from './processes';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');
export const SUMMARY_END = 'Ctrl-C stops everything this command started.';

export interface NpmStart {
  child: ChildProcess;
  output: () => string;
  runDir: string;
  databaseUrl: string;
  adminToken: string;
  ports: { controlPlane: number; eu: number; us: number; worker: number; gateway: number; management: number };
  exited: Promise<number | null>;
  /** Waits until the output matches, failing early if npm start exits. */
  seen: (what: string, pattern: RegExp, timeoutMs?: number) => Promise<unknown>;
  /** Ctrl-C, then the database goes. */
  stop: () => Promise<number | null>;
}

/**
 * `npm start` (scripts/start.mjs, already built) on free ports, with a database, topics, a consumer group
 * and a run folder of its own; resolves once its summary is printed.
 */
export async function runNpmStart(name: string): Promise<NpmStart> {
  const db = await createTestDatabase(name);
  const runDir = mkdtempSync(join(tmpdir(), `${name}-`));
  const [controlPlane, eu, us, worker, gateway, management] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const adminToken = randomBytes(24).toString('base64url');
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const passed = ['HOME', 'HYBRID_CP_HOME', 'KAFKA_BROKERS', 'ELASTICSEARCH_URL'].filter((n) => process.env[n]);
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...Object.fromEntries(passed.map((n) => [n, process.env[n]])),
      DATABASE_URL: db.url,
      KAFKA_TOPIC_PREFIX: prefix,
      INGEST_CONSUMER_GROUP: `${prefix}-ingest`,
      ADMIN_TOKEN: adminToken,
      START_RUN_DIR: runDir,
      START_SKIP_BUILD: 'true',
      START_CONTROL_PLANE_PORT: String(controlPlane),
      START_GATE_EU_PORT: String(eu),
      START_GATE_US_PORT: String(us),
      START_WORKER_PORT: String(worker),
      START_GATEWAY_PORT: String(gateway),
      START_GATEWAY_MANAGEMENT_PORT: String(management),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const seen = (what: string, pattern: RegExp, timeoutMs = 60_000) =>
    waitFor(what, () => pattern.test(output) || (child.exitCode !== null ? Promise.reject(new Error(`npm start exited:\n${output}`)) : false), { timeoutMs, everyMs: 200 });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    const code = await exited;
    await db.drop().catch(() => undefined);
    return code;
  };
  try {
    await seen('the summary of npm start', new RegExp(SUMMARY_END.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 180_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, output: () => output, runDir, databaseUrl: db.url, adminToken, ports: { controlPlane, eu, us, worker, gateway, management }, exited, seen, stop };
}
