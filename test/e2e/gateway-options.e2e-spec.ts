import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { rateLimitFlow } from '@app/contracts';
import { testEnv } from '../support/env';
import { FakeCloudGate } from './gateway-fake-cloud-gate';
import { apiDefinition, cloudToken, license, licenseKeys, startEchoUpstream, startGateway, tempStateDir } from './gateway-helpers';
import { waitFor } from '../support/wait-for';

const scope = { org: `org-${randomUUID()}`, env: `env-${randomUUID()}`, gatewayId: `gw-${randomUUID()}` };

/** A real HTTP CONNECT proxy, as a corporate network puts between the gateway and its Cloud Gate. */
async function startConnectProxy() {
  const tunnels: Array<{ target: string; authorization?: string }> = [];
  const server = http.createServer((_, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    tunnels,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('gateway with the seed Linux options: HTTP proxy to the Cloud Gate, Redis rate-limit repository', () => {
  it('reaches its Cloud Gate through the proxy and reports its Redis repository in health', async () => {
    const keys = licenseKeys();
    const token = cloudToken(scope);
    const gate = new FakeCloudGate(token, keys.publicKey);
    await gate.start();
    const proxy = await startConnectProxy();
    const upstream = await startEchoUpstream();
    const redis = new URL(testEnv.redisUrl);
    const gateway = await startGateway({
      gravitee_cloud_token: token,
      gravitee_license_key: license(keys.privateKey),
      GRAVITEE_CLOUD_GATE_URLS: `eu=${gate.url}`,
      GATEWAY_STATE_DIR: tempStateDir(),
      gravitee_management_http_proxy_enabled: 'true',
      gravitee_management_http_proxy_host: '127.0.0.1',
      gravitee_management_http_proxy_port: String(proxy.port),
      gravitee_management_http_proxy_username: 'proxy-user',
      gravitee_management_http_proxy_password: 'proxy-pass',
      gravitee_ratelimit_type: 'redis',
      gravitee_ratelimit_redis_host: redis.hostname,
      gravitee_ratelimit_redis_port: redis.port || '6379',
    });
    try {
      gate.apiEvent('PUBLISH_API', apiDefinition('/via-proxy', upstream.url), scope.env, scope.org);
      await waitFor('the API synced through the proxy', async () => (await fetch(`${gateway.traffic}/via-proxy`)).status === 200, { everyMs: 50 });
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(proxy.tunnels.every((t) => t.target === `127.0.0.1:${gate.port}`)).toBe(true);
      expect(proxy.tunnels[0].authorization).toBe(`Basic ${Buffer.from('proxy-user:proxy-pass').toString('base64')}`);

      const health = (await (await fetch(`${gateway.management}/_node/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', ratelimit: { type: 'redis', status: 'up' } });
    } finally {
      await gateway.app.stop();
      await Promise.all([proxy.stop(), upstream.stop(), gate.stop()]);
    }
  });

  it('enforces a plan rate-limit policy across two gateways sharing Redis (429 past the limit)', async () => {
    const keys = licenseKeys();
    const token = cloudToken(scope);
    const gate = new FakeCloudGate(token, keys.publicKey);
    await gate.start();
    const upstream = await startEchoUpstream();
    const redis = new URL(testEnv.redisUrl);
    const env = () => ({
      gravitee_cloud_token: token,
      gravitee_license_key: license(keys.privateKey),
      GRAVITEE_CLOUD_GATE_URLS: `eu=${gate.url}`,
      GATEWAY_STATE_DIR: tempStateDir(),
      gravitee_ratelimit_type: 'redis',
      gravitee_ratelimit_redis_host: redis.hostname,
      gravitee_ratelimit_redis_port: redis.port || '6379',
    });
    const [first, second] = [await startGateway(env()), await startGateway(env())];
    try {
      const definition = apiDefinition(`/limited-${randomUUID().slice(0, 8)}`, upstream.url);
      definition.plans[0].flows = [rateLimitFlow({ limit: 4, periodSeconds: 600 })];
      const open = apiDefinition(`/open-${randomUUID().slice(0, 8)}`, upstream.url);
      gate.apiEvent('PUBLISH_API', definition, scope.env, scope.org);
      gate.apiEvent('PUBLISH_API', open, scope.env, scope.org);
      const path = definition.listeners[0].paths[0].path;
      for (const gw of [first, second]) await waitFor('both APIs synced', async () => (await fetch(`${gw.traffic}${open.listeners[0].paths[0].path}`)).status === 200, { everyMs: 50 });

      // Four requests in the window, split over both gateways; the fifth, on either, is refused.
      const statuses = [];
      for (const gw of [first, second, first, second, first, second]) statuses.push((await fetch(`${gw.traffic}${path}/x`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      // An API without the policy is not limited.
      for (let i = 0; i < 6; i++) expect((await fetch(`${first.traffic}${open.listeners[0].paths[0].path}`)).status).toBe(200);
    } finally {
      await Promise.all([first.app.stop(), second.app.stop()]);
      await Promise.all([upstream.stop(), gate.stop()]);
    }
  });
});

