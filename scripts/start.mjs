#!/usr/bin/env node
// `npm start`: provision and start what is missing (PostgreSQL, Kafka, Elasticsearch), build, start
// every app, wait for each /health, print the URLs and the admin token; Ctrl-C or SIGTERM stops
// everything this run started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { build } from './build.mjs';
import { ensureServices, stopServices } from './services/index.mjs';
import { PROJECT_ROOT, PrerequisiteError, sleep, describeFailure } from './services/common.mjs';

const runDir = join(PROJECT_ROOT, '.run');
mkdirSync(runDir, { recursive: true });

/** A secret generated once per clone and kept in .run/, unless the environment sets it. */
function secret(name, envName) {
  if (process.env[envName]) return { value: process.env[envName], fresh: false };
  const file = join(runDir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), fresh: false };
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, value, { mode: 0o600 });
  return { value, fresh: true };
}

const apps = [];
let services = { started: [] };
let shuttingDown = false;

function startApp(label, entry, env, healthUrl) {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'apps', entry, 'src', 'main.js')], {
    cwd: PROJECT_ROOT,
    // Human-readable log lines for a local run, unless the caller chose otherwise.
    env: { LOG_PRETTY: 'true', ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${label}] `;
  const pipe = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  const app = { label, child, healthUrl, exited: false };
  child.on('exit', (code) => {
    app.exited = true;
    if (!shuttingDown) process.stderr.write(`${prefix}exited with ${code}\n`);
  });
  apps.push(app);
  return app;
}

const tlsAgent = (ca) => new Agent({ connect: { ca } });

async function waitHealthy(app, dispatcher, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exited) throw new PrerequisiteError(`${app.label} exited before it was healthy (see its log lines above)`);
    try {
      const res = await fetch(app.healthUrl, { dispatcher, signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new PrerequisiteError(`${app.label} not healthy at ${app.healthUrl} after ${timeoutMs / 1000} s`);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  process.stdout.write('\nstopping apps...\n');
  await Promise.all(
    apps.filter((a) => !a.exited).map(
      (a) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => a.child.kill('SIGKILL'), 20_000);
          a.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          a.child.kill('SIGTERM');
        }),
    ),
  );
  await stopServices(services.started);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** A demo account with one hybrid gateway installation, so the reference gateway has a token to run with. */
async function demoGateway(controlPlane, adminToken) {
  const file = join(runDir, 'demo-gateway.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const call = async (method, path, body) => {
    const res = await fetch(`${controlPlane}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const account = await call('POST', '/accounts', { name: 'Demo', region: 'eu' });
  const environmentId = account.environments[0].id;
  const gateway = await call('POST', `/accounts/${account.id}/gateways`, { name: 'Local hybrid gateway', platform: 'linux', environmentId, accessPoints: ['localhost:8082'] });
  const details = await call('POST', `/accounts/${account.id}/gateways/${gateway.id}/installation-details`);
  const demo = { accountId: account.id, environmentId, gatewayId: gateway.id, cloudToken: details.cloudToken, licenseKey: details.licenseKey };
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

try {
  const t0 = Date.now();
  services = await ensureServices();
  build();
  const admin = secret('admin-token', 'ADMIN_TOKEN');
  const internal = secret('internal-token', 'INTERNAL_API_TOKEN');
  const gateUrls = 'eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092';
  const common = { ...services.env, INTERNAL_API_TOKEN: internal.value };
  const ca = readFileSync(services.env.GRAVITEE_CLOUD_GATE_CA_FILE);
  const gateAgent = tlsAgent(ca);

  const controlPlane = startApp('control-plane', 'control-plane', { ...common, ADMIN_TOKEN: admin.value, CLOUD_GATE_URLS: gateUrls }, 'http://127.0.0.1:8083/health');
  await waitHealthy(controlPlane);
  const gates = ['eu', 'us'].map((region) =>
    startApp(`cloud-gate-${region}`, 'cloud-gate', { ...common, REGION: region }, `https://127.0.0.1:${region === 'eu' ? 8091 : 8092}/health`),
  );
  const worker = startApp('ingest-worker', 'ingest-worker', common, 'http://127.0.0.1:8095/health');
  await Promise.all([...gates.map((g) => waitHealthy(g, gateAgent)), waitHealthy(worker)]);

  let gatewayNote = '';
  if (process.env.START_GATEWAY !== 'false') {
    try {
      const demo = await demoGateway('http://127.0.0.1:8083', admin.value);
      const gateway = startApp(
        'gateway',
        'gateway',
        {
          GRAVITEE_CLOUD_TOKEN: process.env.GRAVITEE_CLOUD_TOKEN ?? demo.cloudToken,
          GRAVITEE_LICENSE_KEY: process.env.GRAVITEE_LICENSE_KEY ?? demo.licenseKey,
          GRAVITEE_CLOUD_GATE_URLS: gateUrls,
          GRAVITEE_CLOUD_GATE_CA_FILE: services.env.GRAVITEE_CLOUD_GATE_CA_FILE,
          GATEWAY_STATE_DIR: join(runDir, 'gateway'),
        },
        'http://127.0.0.1:18082/_node/health',
      );
      await waitHealthy(gateway);
      gatewayNote = `  gateway (demo account ${demo.accountId})  http://127.0.0.1:8082   management http://127.0.0.1:18082/_node/health\n`;
    } catch (err) {
      gatewayNote = `  gateway: not started (${err.message}); START_GATEWAY=false skips it\n`;
    }
  }

  process.stdout.write(
    `\nEverything is up in ${((Date.now() - t0) / 1000).toFixed(1)} s:\n` +
      `  dashboard            http://127.0.0.1:8083/\n` +
      `  control-plane API    http://127.0.0.1:8083/api/v1   (OpenAPI: http://127.0.0.1:8083/api/docs)\n` +
      `  cloud gate eu        https://127.0.0.1:8091   cloud gate us  https://127.0.0.1:8092   (CA: ${services.env.GRAVITEE_CLOUD_GATE_CA_FILE})\n` +
      `  ingest worker        http://127.0.0.1:8095/health\n` +
      gatewayNote +
      `  PostgreSQL ${services.env.DATABASE_URL}   Kafka ${services.env.KAFKA_BROKERS}   Elasticsearch ${services.env.ELASTICSEARCH_URL}\n` +
      `\nAdmin token: ${admin.value}${admin.fresh ? '   (generated now, kept in .run/admin-token)' : ''}\n` +
      `Ctrl-C stops everything this command started.\n`,
  );
} catch (err) {
  process.stderr.write(describeFailure(err));
  await shutdown(1);
}
