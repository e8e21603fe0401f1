import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { decodeUnverified, CloudTokenClaims } from '@app/contracts';
import { Stack, startStack } from '../support/stack';
import { waitFor } from '../support/wait-for';

interface Account {
  id: string;
  region: string;
  environments: Array<{ id: string; name: string }>;
}
interface Gateway {
  id: string;
  status: string;
  instances: Array<{ nodeId: string; status: string }>;
}
interface InstallationDetails {
  cloudToken: string;
  licenseKey: string;
  cloudGateUrl: string;
  install: Record<string, string>;
}

/**
 * The seed's connection flow with every component real: the operator creates an account and a hybrid
 * gateway installation, starts the reference gateway with only its token and license, deploys an API,
 * sees traffic in analytics, stops the API, and finally revokes the token.
 */
describe('seed connection flow, end to end', () => {
  let stack: Stack;
  let upstream: Server;
  let upstreamUrl: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ upstream: true, method: req.method, url: req.url }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    stack = await startStack('seedflow');
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => upstream?.close(r));
  });

  it('connects a hybrid gateway, serves a deployed API, reports analytics and survives revocation', async () => {
    // 1. Account, environment, hybrid gateway installation, installation details.
    const account = await stack.api<Account>('POST', '/accounts', { name: 'Acme', region: 'eu' });
    expect(account.status).toBe(201);
    const environmentId = account.body.environments[0].id;
    const created = await stack.api<Gateway>('POST', `/accounts/${account.body.id}/gateways`, {
      name: 'edge-1',
      platform: 'docker',
      environmentId,
      accessPoints: ['gw.acme.example'],
    });
    expect(created.status).toBe(201);
    const details = await stack.api<InstallationDetails>('POST', `/accounts/${account.body.id}/gateways/${created.body.id}/installation-details`);
    expect(details.status).toBe(201);
    const claims = decodeUnverified<CloudTokenClaims>(details.body.cloudToken);
    expect(claims).toMatchObject({ cpg: 'eu', envs: [environmentId], meta: { GATEWAYID: created.body.id } });
    expect(details.body.cloudGateUrl).toBe(stack.gateUrls.eu);

    // 2. The gateway starts with only the token and license; an unknown path gets the seed's message.
    let gateway = await stack.startGateway(details.body.cloudToken, details.body.licenseKey);
    const notFound = await fetch(`${gateway.trafficUrl}/`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await notFound.text()).toBe('No context-path matches the request URI.');

    // 3. The Overview lists the instance as connected.
    const listGateways = async () => (await stack.api<Gateway[]>('GET', `/accounts/${account.body.id}/gateways`)).body.find((g) => g.id === created.body.id);
    await waitFor('the instance to show as connected', async () => (await listGateways())?.instances.some((i) => i.status === 'connected'));

    // 4. Create and deploy APIs; the gateway serves them.
    const createApi = async (name: string, contextPath: string) => {
      const api = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/environments/${environmentId}/apis`, { name, contextPath, target: upstreamUrl });
      expect(api.status).toBe(201);
      const deployed = await stack.api('POST', `/accounts/${account.body.id}/environments/${environmentId}/apis/${api.body.id}/deploy`);
      expect(deployed.status).toBeLessThan(300);
      return api.body.id;
    };
    const echoId = await createApi('Echo', '/echo');
    const keptId = await createApi('Kept', '/kept');
    const served = await waitFor('the Echo API to be served', async () => {
      const res = await fetch(`${gateway.trafficUrl}/echo/hello?x=1`);
      return res.status === 200 ? ((await res.json()) as { upstream: boolean; url: string }) : undefined;
    }, { timeoutMs: 10_000, everyMs: 50 });
    expect(served).toEqual({ upstream: true, method: 'GET', url: '/hello?x=1' });
    for (let i = 0; i < 5; i++) expect((await fetch(`${gateway.trafficUrl}/echo/n${i}`)).status).toBe(200);
    // Deployed just after Echo: it may arrive with the next change notification.
    await waitFor('the Kept API to be served', async () => (await fetch(`${gateway.trafficUrl}/kept/`)).status === 200, { timeoutMs: 10_000, everyMs: 50 });

    // 5. The requests show up in the account's analytics.
    const from = Date.now() - 3_600_000;
    const analytics = await waitFor('the 6 Echo requests in the analytics', async () => {
      const res = await stack.api<{ total: number; byStatus: Record<string, number> }>('GET', `/accounts/${account.body.id}/analytics/requests?from=${from}&to=${Date.now() + 60_000}&interval=60000&apiId=${echoId}`);
      return res.status === 200 && res.body.total >= 6 ? res.body : undefined;
    }, { timeoutMs: 30_000, everyMs: 500 });
    expect(analytics.total).toBe(6);

    // 6. Stopping the API removes it from the gateway.
    expect((await stack.api('POST', `/accounts/${account.body.id}/environments/${environmentId}/apis/${echoId}/stop`)).status).toBeLessThan(300);
    await waitFor('the stopped Echo API to be gone', async () => (await fetch(`${gateway.trafficUrl}/echo/hello`)).status === 404, { timeoutMs: 10_000, everyMs: 50 });

    // 7. A clean shutdown shows as stopped; a restart connects again (from the same token and license).
    expect(await gateway.app.stop()).toBe(0);
    await waitFor('the instance to show as stopped', async () => (await listGateways())?.instances.every((i) => i.status === 'stopped'));
    gateway = await stack.startGateway(details.body.cloudToken, details.body.licenseKey);
    await waitFor('the restarted gateway to serve the Kept API', async () => (await fetch(`${gateway.trafficUrl}/kept/`)).status === 200, { timeoutMs: 10_000, everyMs: 50 });

    // 8. Revoking the token: sync is refused, the gateway says so, and keeps serving its last configuration.
    expect((await stack.api('POST', `/accounts/${account.body.id}/tokens/${claims?.jti}/revoke`)).status).toBe(204);
    const health = await waitFor('the health to show the revoked token', async () => {
      const text = await (await fetch(`${gateway.managementUrl}/_node/health`)).text();
      return /revoked|unauthori[sz]ed/i.test(text) ? text : undefined;
    }, { everyMs: 200 });
    expect(health).toMatch(/TOKEN_REVOKED|revoked|unauthori[sz]ed/i);
    expect(gateway.app.output()).toMatch(/revoked|401|unauthori[sz]ed/i);
    expect((await fetch(`${gateway.trafficUrl}/kept/still`)).status).toBe(200);
    expect(keptId).toBeDefined();
  });
});
