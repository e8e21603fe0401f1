import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { createTestDatabase } from './database';
import { testEnv } from './env';
import { RunningApp, freePort, startApp } from './processes';

/** The whole stack on free ports, against the real servers, isolated by database, topic prefix and consumer group. */
export interface Stack {
  adminToken: string;
  controlPlaneUrl: string;
  gateUrls: { eu: string; us: string };
  workerUrl: string;
  apps: RunningApp[];
  /** A client that trusts the project CA, as gateways do. */
  gateAgent: Agent;
  api: <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  startGateway: (cloudToken: string, licenseKey: string, extraEnv?: Record<string, string>) => Promise<{ app: RunningApp; trafficUrl: string; managementUrl: string }>;
  stop: () => Promise<void>;
}

export async function startStack(name: string, options: { worker?: boolean; controlPlaneEnv?: Record<string, string> } = {}): Promise<Stack> {
  const db = await createTestDatabase(name);
  const adminToken = randomBytes(24).toString('base64url');
  const internalToken = randomBytes(24).toString('base64url');
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const [cpPort, euPort, usPort, workerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const gateUrls = { eu: `https://127.0.0.1:${euPort}`, us: `https://127.0.0.1:${usPort}` };
  const gateUrlMap = `eu=${gateUrls.eu},us=${gateUrls.us}`;
  const controlPlaneUrl = `http://127.0.0.1:${cpPort}`;
  const apps: RunningApp[] = [];
  const gateAgent = new Agent({ connect: { ca: readFileSync(testEnv.caFile) } });

  const stop = async () => {
    await Promise.all(apps.reverse().map((a) => a.stop()));
    await gateAgent.close();
    await db.drop().catch(() => undefined);
  };

  try {
    apps.push(
      await startApp(
        'control-plane',
        {
          PORT: String(cpPort),
          DATABASE_URL: db.url,
          ELASTICSEARCH_URL: testEnv.elasticsearchUrl,
          ADMIN_TOKEN: adminToken,
          INTERNAL_API_TOKEN: internalToken,
          CLOUD_GATE_URLS: gateUrlMap,
          // Install snippets carry it, as they do for any self-hosted control plane.
          CLOUD_GATE_CA_FILE: testEnv.caFile,
          HEARTBEAT_TIMEOUT_MS: '4000',
          ...options.controlPlaneEnv,
        },
        `${controlPlaneUrl}/health`,
      ),
    );
    const gateEnv = (region: 'eu' | 'us', port: number) => ({
      REGION: region,
      PORT: String(port),
      CONTROL_PLANE_URL: controlPlaneUrl,
      INTERNAL_API_TOKEN: internalToken,
      KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      TLS_CERT_FILE: testEnv.tlsCertFile,
      TLS_KEY_FILE: testEnv.tlsKeyFile,
      // Named in the gate's 421 answers to tokens of the other region.
      CLOUD_GATE_URLS: gateUrlMap,
    });
    const started = await Promise.all([
      startApp('cloud-gate', gateEnv('eu', euPort), `${gateUrls.eu}/health`),
      startApp('cloud-gate', gateEnv('us', usPort), `${gateUrls.us}/health`),
      ...(options.worker === false
        ? []
        : [
            startApp(
              'ingest-worker',
              {
                PORT: String(workerPort),
                KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
                KAFKA_TOPIC_PREFIX: prefix,
                ELASTICSEARCH_URL: testEnv.elasticsearchUrl,
                INGEST_CONSUMER_GROUP: `${prefix}-ingest`,
                INGEST_BATCH_MAX_WAIT_MS: '200',
              },
              `http://127.0.0.1:${workerPort}/health`,
            ),
          ]),
    ]);
    apps.push(...started);
  } catch (err) {
    await stop();
    throw err;
  }

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${controlPlaneUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const startGateway = async (cloudToken: string, licenseKey: string, extraEnv: Record<string, string> = {}) => {
    const [trafficPort, managementPort] = await Promise.all([freePort(), freePort()]);
    const managementUrl = `http://127.0.0.1:${managementPort}`;
    const app = await startApp(
      'gateway',
      {
        // Only the token and license, as the seed's docker command; the rest points the gateway at this machine.
        gravitee_cloud_token: cloudToken,
        gravitee_license_key: licenseKey,
        GRAVITEE_CLOUD_GATE_URLS: gateUrlMap,
        GRAVITEE_CLOUD_GATE_CA_FILE: testEnv.caFile,
        GATEWAY_HTTP_PORT: String(trafficPort),
        GATEWAY_MANAGEMENT_PORT: String(managementPort),
        GATEWAY_STATE_DIR: mkdtempSync(join(tmpdir(), 'gateway-state-')),
        GATEWAY_REPORT_FLUSH_MS: '300',
        GATEWAY_HEARTBEAT_MS: '1000',
        ...extraEnv,
      },
      `${managementUrl}/_node/health`,
    );
    apps.push(app);
    return { app, trafficUrl: `http://127.0.0.1:${trafficPort}`, managementUrl };
  };

  return { adminToken, controlPlaneUrl, gateUrls, workerUrl: `http://127.0.0.1:${workerPort}`, apps, gateAgent, api, startGateway, stop };
}
