import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startApp } from '../support/processes';
import { FakeCloudGate } from './gateway-fake-cloud-gate';
import { apiDefinition, cloudToken, license, licenseKeys, startEchoUpstream, startGateway, tempStateDir } from './gateway-helpers';
import { waitFor } from '../support/wait-for';

const scope = { org: `org-${randomUUID()}`, env: `env-${randomUUID()}`, gatewayId: `gw-${randomUUID()}` };

describe('gateway without its Cloud Gate', () => {
  const keys = licenseKeys();
  const token = cloudToken(scope);
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
  });
  afterAll(async () => upstream?.stop());

  it('serves its last synced APIs from disk when the gate is down at start, and resyncs when it returns', async () => {
    const stateDir = tempStateDir();
    const gate = new FakeCloudGate(token, keys.publicKey);
    await gate.start();
    const gatePort = gate.port;
    const env = { GRAVITEE_CLOUD_TOKEN: token, GRAVITEE_LICENSE_KEY: license(keys.privateKey), GRAVITEE_CLOUD_GATE_URLS: `eu=${gate.url}`, GATEWAY_STATE_DIR: stateDir };

    const first = await startGateway(env);
    gate.apiEvent('PUBLISH_API', apiDefinition('/kept', upstream.url), scope.env, scope.org);
    await waitFor('the API to be served', async () => (await fetch(`${first.traffic}/kept`)).status === 200, { everyMs: 50 });
    await first.app.stop();
    await gate.stop();

    // No gate at all: the configuration and the license public key come from the state directory.
    const second = await startGateway(env);
    try {
      expect((await fetch(`${second.traffic}/kept/again`)).status).toBe(200);
      const health = (await (await fetch(`${second.management}/_node/health`)).json()) as { status: string; sync: { state: string; servingFrom: string } };
      expect(health).toMatchObject({ status: 'degraded', sync: { state: 'unreachable', servingFrom: 'disk' } });
      expect(second.app.output()).toMatch(/serving the configuration synced at .* from disk \(1 APIs\)/);

      // The gate comes back on the same address with a change made meanwhile: the gateway resyncs.
      const back = new FakeCloudGate(token, keys.publicKey);
      back.apiEvent('PUBLISH_API', apiDefinition('/added-meanwhile', upstream.url), scope.env, scope.org);
      await back.start(gatePort);
      try {
        await waitFor('the resync after the gate returned', async () => (await fetch(`${second.traffic}/added-meanwhile`)).status === 200, { timeoutMs: 20_000, everyMs: 50 });
        // A full resync: what the gate no longer lists is not served any more.
        expect((await fetch(`${second.traffic}/kept`)).status).toBe(404);
        const synced = (await (await fetch(`${second.management}/_node/health`)).json()) as { status: string };
        expect(synced.status).toBe('ok');
      } finally {
        await second.app.stop();
        await back.stop();
      }
    } finally {
      await second.app.kill();
    }
  });
});

describe('gateway refusing to start', () => {
  const keys = licenseKeys();
  const otherKeys = licenseKeys();
  const publicKeyFile = join(tempStateDir(), 'license-public.pem');
  writeFileSync(publicKeyFile, keys.publicKey);

  async function refusal(env: Record<string, string>): Promise<string> {
    const app = await startApp('gateway', {
      GRAVITEE_CLOUD_GATE_URLS: `eu=https://127.0.0.1:${await freePort()}`,
      GRAVITEE_LICENSE_PUBLIC_KEY_FILE: publicKeyFile,
      GATEWAY_STATE_DIR: tempStateDir(),
      GATEWAY_HTTP_PORT: String(await freePort()),
      GATEWAY_MANAGEMENT_PORT: String(await freePort()),
      ...env,
    });
    const code = await new Promise<number | null>((resolve) => app.process.once('exit', resolve));
    expect(code).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    return lines[0];
  }

  const token = cloudToken(scope);

  it.each([
    ['an expired license', () => license(keys.privateKey, { expiryDate: new Date(Date.now() - 60_000) }), /^gateway: refusing to start: GRAVITEE_LICENSE_KEY: license expired on /],
    ['a license signed with another key', () => license(otherKeys.privateKey), /^gateway: refusing to start: GRAVITEE_LICENSE_KEY: license signature is invalid/],
    ['a malformed license', () => Buffer.from('not a license at all').toString('base64'), /^gateway: refusing to start: GRAVITEE_LICENSE_KEY: malformed license/],
    ['a license key that is not base64', () => 'this is %% not base64', /^gateway: refusing to start: GRAVITEE_LICENSE_KEY: not a license key/],
  ])('on %s, with one clear line', async (_, makeLicense, message) => {
    expect(await refusal({ GRAVITEE_CLOUD_TOKEN: token, gravitee_license_key: makeLicense() })).toMatch(message);
  });

  it('on an expired Cloud Token', async () => {
    const expired = cloudToken(scope, -60);
    expect(await refusal({ gravitee_cloud_token: expired, GRAVITEE_LICENSE_KEY: license(keys.privateKey) })).toMatch(
      /^gateway: refusing to start: GRAVITEE_CLOUD_TOKEN: the token expired at /,
    );
  });

  it('on a license it cannot check: no public key file, no gate, nothing kept; the gate is blamed, not the license', async () => {
    const line = await refusal({ GRAVITEE_CLOUD_TOKEN: token, GRAVITEE_LICENSE_KEY: license(keys.privateKey), GRAVITEE_LICENSE_PUBLIC_KEY_FILE: '' });
    expect(line).toMatch(/GRAVITEE_CLOUD_GATE_URLS: cannot reach the Cloud Gate at https:\/\/127\.0\.0\.1:\d+ .*the license cannot be checked before a first contact with the gate/);
    expect(line).not.toMatch(/GRAVITEE_LICENSE_KEY/);
  });
});
