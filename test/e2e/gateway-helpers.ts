import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiDefinitionV4 } from '@app/contracts';
import { LicenseFeatures, encodeLicense } from '@app/contracts/license3j';
import { testEnv } from '../support/env';
import { freePort, startApp } from '../support/processes';

export function licenseKeys() {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

export function license(privateKeyPem: string, overrides: Partial<LicenseFeatures> = {}): string {
  const features: LicenseFeatures = {
    company: 'Acme',
    email: 'ops@acme.test',
    licenseId: randomUUID(),
    expiryDate: new Date(Date.now() + 86_400_000),
    tier: 'universe',
    packs: 'observability',
    features: 'apim-en-hybrid',
    ...overrides,
  };
  return encodeLicense(features, privateKeyPem).toString('base64');
}

export interface TokenScope {
  org: string;
  env: string;
  gatewayId: string;
}

/** A Cloud Token as the control plane issues it; the fake gate compares it whole, so the signature is not checked. */
export function cloudToken(scope: TokenScope, expiresInSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'GraviteeCloud',
    aud: 'CloudGate',
    jti: randomUUID(),
    iat: now,
    exp: now + expiresInSeconds,
    org: scope.org,
    envs: [scope.env],
    cpg: 'eu',
    cpr: 'westeurope',
    cpp: 'az',
    cp: 'cp-1',
    dpm: 'hybrid',
    target: 'apim',
    scopes: ['sync', 'reports'],
    meta: { GATEWAYID: scope.gatewayId },
    acc: 'acc-1',
    idx: 'idx-1',
  };
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS512', typ: 'JWT', kid: 'k1' })}.${part(claims)}.${Buffer.from('not-checked-here').toString('base64url')}`;
}

export function apiDefinition(
  contextPath: string,
  target: string,
  security: 'key-less' | 'api-key' = 'key-less',
  id: string = randomUUID(),
): ApiDefinitionV4 {
  return {
    id,
    name: `api ${contextPath}`,
    definitionVersion: '4.0.0',
    type: 'proxy',
    listeners: [{ type: 'http', paths: [{ path: contextPath }], entrypoints: [{ type: 'http-proxy' }] }],
    endpointGroups: [{ name: 'default', type: 'http-proxy', endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target } }] }],
    plans: [{ id: `${id}-plan`, name: security, status: 'PUBLISHED', security: { type: security } }],
  };
}

/** A real upstream: echoes what it received as JSON; `/slow` never answers (the gateway's timeout must act). */
export async function startEchoUpstream(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'echo' });
        res.end(body);
      };
      // A stalled backend: the request is held open until the gateway gives up and closes it.
      if (!req.url?.includes('/slow')) answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface GatewayPorts {
  http: number;
  management: number;
}

export async function startGateway(env: Record<string, string>, ports?: GatewayPorts) {
  const p = ports ?? { http: await freePort(), management: await freePort() };
  const app = await startApp(
    'gateway',
    {
      GRAVITEE_CLOUD_GATE_CA_FILE: testEnv.caFile,
      GATEWAY_HTTP_PORT: String(p.http),
      GATEWAY_MANAGEMENT_PORT: String(p.management),
      GATEWAY_REPORT_FLUSH_MS: '200',
      GATEWAY_HEARTBEAT_MS: '300',
      GATEWAY_UPSTREAM_TIMEOUT_MS: '500',
      GATEWAY_SYNC_WAIT_MS: '5000',
      ...env,
    },
    `http://127.0.0.1:${p.management}/_node/health`,
  );
  return { app, ports: p, traffic: `http://127.0.0.1:${p.http}`, management: `http://127.0.0.1:${p.management}` };
}

export const tempStateDir = () => mkdtempSync(join(tmpdir(), 'gateway-state-'));
