import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { fetch } from 'undici';
import { SUMMARY_END, runNpmStart } from '../support/npm-start';

/**
 * `npm start` (scripts/start.mjs) as a person runs it, on ports, a database, topics and a run folder of
 * its own: what its first screen holds, a deploy in its log, a killed app coming back, and the order it
 * stops things in.
 */
describe('npm start', () => {
  it('prints a short first screen, logs a deploy, restarts an app that died, and stops the gateway first', async () => {
    const run = await runNpmStart('npm_start');
    const { ports, adminToken, runDir } = run;
    try {
      // The first screen: a line per server and app, the summary; no JSON, no route listing; one page.
      const output = run.output();
      const firstScreen = output.slice(0, output.indexOf(SUMMARY_END) + SUMMARY_END.length).split('\n');
      expect(firstScreen.length).toBeLessThanOrEqual(30);
      for (const name of ['postgres', 'kafka', 'elasticsearch']) expect(firstScreen.filter((l) => l.startsWith(`[${name}] `))).toHaveLength(1);
      for (const name of ['control-plane', 'cloud-gate-eu', 'cloud-gate-us', 'ingest-worker', 'gateway']) {
        expect(firstScreen.filter((l) => l.startsWith(`[${name}] healthy in `))).toHaveLength(1);
      }
      expect(firstScreen.join('\n')).not.toMatch(/\{"level"|Mapped \{|RouterExplorer/);
      expect(firstScreen).toContain(`Admin token: ${adminToken}`);
      expect(firstScreen).toContain(`  dashboard            http://127.0.0.1:${ports.controlPlane}/`);
      expect(readFileSync(join(runDir, 'start.env'), 'utf8')).toContain(`export ADMIN_TOKEN='${adminToken}'`);

      // A deploy is one human line of the control plane's log.
      const demo = JSON.parse(readFileSync(join(runDir, 'demo-gateway.json'), 'utf8')) as { accountId: string; environmentId: string; gatewayId: string };
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${ports.controlPlane}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return (await res.json()) as { id: string };
      };
      const api = await call('POST', `/accounts/${demo.accountId}/environments/${demo.environmentId}/apis`, { name: 'Started', contextPath: '/started', target: 'http://127.0.0.1:9' });
      await call('POST', `/accounts/${demo.accountId}/environments/${demo.environmentId}/apis/${api.id}/deploy`);
      await run.seen('the deploy in the log', new RegExp(`^\\d\\d:\\d\\d:\\d\\d control-plane +INFO +API "Started" /started \\(${api.id}\\) deployed`, 'm'));

      // An app that dies is restarted, and npm start says so.
      const pids = JSON.parse(readFileSync(join(runDir, 'apps.json'), 'utf8')) as Record<string, number>;
      process.kill(pids.gateway, 'SIGKILL');
      await run.seen('the restart announced', /gateway exited \(signal SIGKILL\); restarting in 1 s \(restart 1\)/);
      await run.seen('the gateway back', /gateway is back \(restart 1\)/);
      expect((await fetch(`http://127.0.0.1:${ports.management}/_node/health`)).ok).toBe(true);
      expect(run.output().slice(run.output().indexOf(SUMMARY_END))).not.toMatch(/\{"level"/);

      // Ctrl-C: the gateway stops first, while the gates and the control plane still take its GATEWAY_STOPPED.
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      const stops = ['stopped gateway', 'stopped cloud-gate-eu, cloud-gate-us, ingest-worker', 'stopped control-plane'].map((s) => run.output().indexOf(s));
      expect(stops.every((at) => at > 0)).toBe(true);
      expect([...stops].sort((a, b) => a - b)).toEqual(stops);
      const pg = new Client({ connectionString: run.databaseUrl });
      await pg.connect();
      try {
        const { rows } = await pg.query<{ state: string }>('SELECT state FROM gateway_instances WHERE gateway_id = $1', [demo.gatewayId]);
        // The instance killed above never said goodbye; the one npm start stopped did.
        expect(rows.map((r) => r.state)).toContain('stopped');
      } finally {
        await pg.end();
      }
    } finally {
      await run.stop();
    }
  });
});
