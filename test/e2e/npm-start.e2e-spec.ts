import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { fetch } from 'undici';
import { createTestDatabase } from '../support/database';
import { freePort } from '../support/processes';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');
const SUMMARY_END = 'Ctrl-C stops everything this command started.';

/**
 * `npm start` (scripts/start.mjs) as a person runs it, on ports, a database, topics and a run folder of
 * its own: what its first screen holds, a killed app coming back, a deploy in its log, and the order it
 * stops things in.
 */
describe('npm start', () => {
  it('prints a short first screen, restarts an app that died, logs a deploy, and stops the gateway first', async () => {
    const db = await createTestDatabase('npm_start');
    const runDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    const [controlPlane, eu, us, worker, gateway, management] = ports;
    const adminToken = randomBytes(24).toString('base64url');
    const prefix = `t${randomBytes(4).toString('hex')}`;
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? runDir,
        ...(process.env.HYBRID_CP_HOME ? { HYBRID_CP_HOME: process.env.HYBRID_CP_HOME } : {}),
        DATABASE_URL: db.url,
        ...(process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS } : {}),
        ...(process.env.ELASTICSEARCH_URL ? { ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL } : {}),
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
    child.stdout.on('data', (d) => (output += d.toString()));
    child.stderr.on('data', (d) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const seen = (what: string, pattern: RegExp, timeoutMs = 60_000) =>
      waitFor(what, () => pattern.test(output) || (child.exitCode !== null ? Promise.reject(new Error(`npm start exited:\n${output}`)) : false), { timeoutMs, everyMs: 200 });

    try {
      await waitFor('the summary', () => output.includes(SUMMARY_END) || (child.exitCode !== null ? Promise.reject(new Error(output)) : false), { timeoutMs: 180_000, everyMs: 200 });

      // The first screen: a line per server and app, the summary; no JSON, no route listing; one page.
      const firstScreen = output.slice(0, output.indexOf(SUMMARY_END) + SUMMARY_END.length).split('\n');
      expect(firstScreen.length).toBeLessThanOrEqual(30);
      for (const name of ['postgres', 'kafka', 'elasticsearch']) expect(firstScreen.filter((l) => l.startsWith(`[${name}] `))).toHaveLength(1);
      for (const name of ['control-plane', 'cloud-gate-eu', 'cloud-gate-us', 'ingest-worker', 'gateway']) {
        expect(firstScreen.filter((l) => l.startsWith(`[${name}] healthy in `))).toHaveLength(1);
      }
      expect(firstScreen.join('\n')).not.toMatch(/\{"level"|Mapped \{|RouterExplorer/);
      expect(firstScreen).toContain(`Admin token: ${adminToken}`);
      expect(firstScreen).toContain(`  dashboard            http://127.0.0.1:${controlPlane}/`);
      expect(readFileSync(join(runDir, 'start.env'), 'utf8')).toContain(`export ADMIN_TOKEN='${adminToken}'`);

      // A deploy is one human line of the control plane's log.
      const demo = JSON.parse(readFileSync(join(runDir, 'demo-gateway.json'), 'utf8')) as { accountId: string; environmentId: string; gatewayId: string };
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${controlPlane}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return (await res.json()) as { id: string };
      };
      const api = await call('POST', `/accounts/${demo.accountId}/environments/${demo.environmentId}/apis`, { name: 'Started', contextPath: '/started', target: 'http://127.0.0.1:9' });
      await call('POST', `/accounts/${demo.accountId}/environments/${demo.environmentId}/apis/${api.id}/deploy`);
      await seen('the deploy in the log', new RegExp(`^\\d\\d:\\d\\d:\\d\\d control-plane +INFO +API "Started" /started \\(${api.id}\\) deployed`, 'm'));

      // An app that dies is restarted, and npm start says so.
      const pids = JSON.parse(readFileSync(join(runDir, 'apps.json'), 'utf8')) as Record<string, number>;
      process.kill(pids.gateway, 'SIGKILL');
      await seen('the restart announced', /gateway exited \(signal SIGKILL\); restarting in 1 s \(restart 1\)/);
      await seen('the gateway back', /gateway is back \(restart 1\)/);
      expect((await fetch(`http://127.0.0.1:${management}/_node/health`)).ok).toBe(true);
      expect(output.slice(output.indexOf(SUMMARY_END))).not.toMatch(/\{"level"/);

      // Ctrl-C: the gateway stops first, while the gates and the control plane still take its GATEWAY_STOPPED.
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const stops = ['stopped gateway', 'stopped cloud-gate-eu, cloud-gate-us, ingest-worker', 'stopped control-plane'].map((s) => output.indexOf(s));
      expect(stops.every((at) => at > 0)).toBe(true);
      expect([...stops].sort((a, b) => a - b)).toEqual(stops);
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ state: string }>('SELECT state FROM gateway_instances WHERE gateway_id = $1', [demo.gatewayId]);
        expect(rows.length).toBeGreaterThanOrEqual(1);
        // The instance killed above never said goodbye; the one npm start stopped did.
        expect(rows.map((r) => r.state)).toContain('stopped');
      } finally {
        await pg.end();
      }
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      await db.drop();
    }
  });
});
