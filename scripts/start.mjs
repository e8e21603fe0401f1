#!/usr/bin/env node
// `npm start`: provision and start what is missing (PostgreSQL, Kafka, Elasticsearch), build, start
// every app, wait for each /health, print the URLs and the admin token, then the apps' logs as human
// lines (warnings, errors, deploys, gateways connecting). An app that exits is restarted with backoff.
// Ctrl-C or SIGTERM stops the gateway first (its GATEWAY_STOPPED reaches the gate), then the gates and
// the worker, then the control plane, then the servers this run started.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Agent, fetch } from 'undici';
import { build } from './build.mjs';
import { ensureServices, stopServices } from './services/index.mjs';
import { PROJECT_ROOT, PrerequisiteError, describeFailure } from './services/common.mjs';
import { LEVEL_VALUES, humanLine } from './start/log-lines.mjs';
import { Supervised } from './start/supervisor.mjs';

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new PrerequisiteError(`${name}=${raw} is not a port number`);
  return n;
}

/** What this run is told by its environment (README, "npm start"). */
function settings() {
  const level = process.env.LOG_LEVEL ?? 'info';
  if (!(level in LEVEL_VALUES)) throw new PrerequisiteError(`LOG_LEVEL=${level}: expected one of ${Object.keys(LEVEL_VALUES).join(', ')}`);
  const format = process.env.LOG_FORMAT ?? 'pretty';
  if (!['pretty', 'json'].includes(format)) throw new PrerequisiteError(`LOG_FORMAT=${format}: expected pretty or json`);
  return {
    runDir: resolve(PROJECT_ROOT, process.env.START_RUN_DIR || '.run'),
    ports: {
      controlPlane: port('START_CONTROL_PLANE_PORT', 8083),
      eu: port('START_GATE_EU_PORT', 8091),
      us: port('START_GATE_US_PORT', 8092),
      worker: port('START_WORKER_PORT', 8095),
      gateway: port('START_GATEWAY_PORT', 8082),
      gatewayManagement: port('START_GATEWAY_MANAGEMENT_PORT', 18082),
    },
    build: process.env.START_SKIP_BUILD !== 'true',
    gateway: process.env.START_GATEWAY !== 'false',
    level,
    json: format === 'json',
  };
}

const out = (text) => process.stdout.write(text);
const apps = [];
let services = { started: [] };
let config;
/** Until the summary is out, only warnings and errors of the apps are shown: the first screen is the summary. */
let starting = true;
let shuttingDown = false;

function showLine(label, line) {
  if (config.json) return void out(`${line}\n`);
  const shown = humanLine(label, line, starting ? LEVEL_VALUES.warn : LEVEL_VALUES[config.level]);
  if (shown !== undefined) out(`${shown}\n`);
}

const say = (message) => out(`${new Date().toTimeString().slice(0, 8)} ${'npm start'.padEnd(14)} ${message}\n`);

function writePids() {
  const pids = Object.fromEntries(apps.map((a) => [a.label, a.pid]));
  writeFileSync(join(config.runDir, 'apps.json'), `${JSON.stringify(pids, null, 2)}\n`);
}

function startApp(label, app, env, healthUrl, dispatcher) {
  const supervised = new Supervised(
    {
      label,
      args: [join(PROJECT_ROOT, 'dist', 'apps', app, 'src', 'main.js')],
      cwd: PROJECT_ROOT,
      // The apps write JSON lines; this process turns them into human lines (or passes them on with LOG_FORMAT=json).
      env: { ...process.env, ...env, LOG_FORMAT: 'json', LOG_LEVEL: config.level },
      healthUrl,
      dispatcher,
    },
    { say, line: showLine, spawned: writePids },
  );
  apps.push(supervised);
  return supervised.start();
}

async function healthy(app, extra = '') {
  const ms = await app.waitHealthy();
  out(`[${app.label}] healthy in ${(ms / 1000).toFixed(1)} s${extra}\n`);
}

/** A secret generated once per clone and kept in the run folder, unless the environment sets it. */
function secret(name, envName) {
  if (process.env[envName]) return { value: process.env[envName], fresh: false };
  const file = join(config.runDir, name);
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), fresh: false };
  const value = randomBytes(24).toString('base64url');
  writeFileSync(file, value, { mode: 0o600 });
  return { value, fresh: true };
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  out('\n');
  const byLabel = (...labels) => apps.filter((a) => labels.some((l) => a.label.startsWith(l)));
  // The gateway goes first, so its GATEWAY_STOPPED still reaches a gate and the control plane.
  for (const group of [['gateway'], ['cloud-gate', 'ingest-worker'], ['control-plane']]) {
    const running = byLabel(...group);
    if (running.length === 0) continue;
    const t0 = Date.now();
    await Promise.all(running.map((a) => a.stop()));
    say(`stopped ${running.map((a) => a.label).join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  await stopServices(services.started);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** A demo account with one hybrid gateway installation, so the reference gateway has a token to run with. */
async function demoGateway(controlPlane, adminToken) {
  const file = join(config.runDir, 'demo-gateway.json');
  const call = async (method, path, body) => {
    const res = await fetch(`${controlPlane}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw Object.assign(new Error(`${method} ${path}: ${res.status} ${await res.text()}`), { status: res.status });
    return res.json();
  };
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    // Kept from an earlier run against the same database; a new database needs a new demo account.
    const still = await call('GET', `/accounts/${kept.accountId}`).then(() => true, (err) => (err.status === 404 ? false : Promise.reject(err)));
    if (still) return kept;
  }
  const account = await call('POST', '/accounts', { name: 'Demo', region: 'eu' });
  const environmentId = account.environments[0].id;
  const gateway = await call('POST', `/accounts/${account.id}/gateways`, { name: 'Local hybrid gateway', platform: 'linux', environmentId, accessPoints: [`localhost:${config.ports.gateway}`] });
  const details = await call('POST', `/accounts/${account.id}/gateways/${gateway.id}/installation-details`);
  const demo = { accountId: account.id, environmentId, gatewayId: gateway.id, cloudToken: details.cloudToken, licenseKey: details.licenseKey };
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}

try {
  const t0 = Date.now();
  config = settings();
  mkdirSync(config.runDir, { recursive: true });
  services = await ensureServices();
  if (config.build) {
    const b0 = Date.now();
    build();
    out(`build: done in ${((Date.now() - b0) / 1000).toFixed(1)} s\n`);
  }
  const { ports } = config;
  const admin = secret('admin-token', 'ADMIN_TOKEN');
  const internal = secret('internal-token', 'INTERNAL_API_TOKEN');
  const controlPlaneUrl = `http://127.0.0.1:${ports.controlPlane}`;
  const gateUrls = `eu=https://127.0.0.1:${ports.eu},us=https://127.0.0.1:${ports.us}`;
  const caFile = services.env.GRAVITEE_CLOUD_GATE_CA_FILE;
  // An explicit database, broker or cluster in the environment wins over the local ones.
  const common = { ...services.env, ...pick(process.env, ['DATABASE_URL', 'KAFKA_BROKERS', 'ELASTICSEARCH_URL']), INTERNAL_API_TOKEN: internal.value };
  const gateAgent = new Agent({ connect: { ca: readFileSync(caFile) } });

  const controlPlane = startApp(
    'control-plane',
    'control-plane',
    { ...common, PORT: String(ports.controlPlane), ADMIN_TOKEN: admin.value, CLOUD_GATE_URLS: gateUrls, CLOUD_GATE_CA_FILE: caFile },
    `${controlPlaneUrl}/health`,
  );
  await healthy(controlPlane);
  const gates = ['eu', 'us'].map((region) =>
    startApp(
      `cloud-gate-${region}`,
      'cloud-gate',
      { ...common, REGION: region, PORT: String(ports[region]), CONTROL_PLANE_URL: controlPlaneUrl, CLOUD_GATE_URLS: gateUrls },
      `https://127.0.0.1:${ports[region]}/health`,
      gateAgent,
    ),
  );
  const worker = startApp('ingest-worker', 'ingest-worker', { ...common, PORT: String(ports.worker) }, `http://127.0.0.1:${ports.worker}/health`);
  for (const app of [...gates, worker]) await healthy(app);

  let gatewayNote = '';
  if (config.gateway) {
    try {
      const demo = await demoGateway(controlPlaneUrl, admin.value);
      const gateway = startApp(
        'gateway',
        'gateway',
        {
          GRAVITEE_CLOUD_TOKEN: process.env.GRAVITEE_CLOUD_TOKEN ?? demo.cloudToken,
          GRAVITEE_LICENSE_KEY: process.env.GRAVITEE_LICENSE_KEY ?? demo.licenseKey,
          GRAVITEE_CLOUD_GATE_URLS: gateUrls,
          GRAVITEE_CLOUD_GATE_CA_FILE: caFile,
          GATEWAY_STATE_DIR: join(config.runDir, 'gateway'),
          GATEWAY_HTTP_PORT: String(ports.gateway),
          GATEWAY_MANAGEMENT_PORT: String(ports.gatewayManagement),
        },
        `http://127.0.0.1:${ports.gatewayManagement}/_node/health`,
      );
      await healthy(gateway, ` (demo account ${demo.accountId})`);
      gatewayNote = `  demo gateway         http://127.0.0.1:${ports.gateway}   (management http://127.0.0.1:${ports.gatewayManagement}/_node/health)\n`;
    } catch (err) {
      gatewayNote = `  demo gateway         not started (${err.message}); START_GATEWAY=false skips it\n`;
    }
  }

  const envFile = join(config.runDir, 'start.env');
  writeFileSync(
    envFile,
    `# Written by npm start; \`source ${envFile}\` before the README walkthrough.\n` +
      `export ADMIN_TOKEN='${admin.value}'\nexport CONTROL_PLANE_URL='${controlPlaneUrl}'\nexport CLOUD_GATE_CA_FILE='${caFile}'\n`,
    { mode: 0o600 },
  );
  out(
    `\nEverything is up in ${((Date.now() - t0) / 1000).toFixed(1)} s:\n` +
      `  dashboard            ${controlPlaneUrl}/\n` +
      `  control-plane API    ${controlPlaneUrl}/api/v1   (OpenAPI: ${controlPlaneUrl}/api/docs)\n` +
      `  cloud gates          eu https://127.0.0.1:${ports.eu}   us https://127.0.0.1:${ports.us}   (CA: ${caFile})\n` +
      `  ingest worker        http://127.0.0.1:${ports.worker}/health\n` +
      gatewayNote +
      `  servers              PostgreSQL ${redact(common.DATABASE_URL)}   Kafka ${common.KAFKA_BROKERS}   Elasticsearch ${common.ELASTICSEARCH_URL}\n` +
      `\nAdmin token: ${admin.value}${admin.fresh ? '   (generated now)' : ''}\n` +
      `\`source ${envFile}\` sets ADMIN_TOKEN, CONTROL_PLANE_URL and CLOUD_GATE_CA_FILE (README, "A first hybrid gateway").\n` +
      `Logs follow: warnings, errors, deploys, gateways connecting (LOG_LEVEL=debug for more, LOG_FORMAT=json for JSON lines).\n` +
      `Ctrl-C stops everything this command started.\n\n`,
  );
  starting = false;
} catch (err) {
  process.stderr.write(describeFailure(err));
  await shutdown(1);
}

function pick(env, names) {
  return Object.fromEntries(names.filter((n) => env[n]).map((n) => [n, env[n]]));
}

function redact(url) {
  return String(url).replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
}
