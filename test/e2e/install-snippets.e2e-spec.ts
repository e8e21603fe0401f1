import 'reflect-metadata';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch } from 'undici';
import { testEnv } from '../support/env';
import { Stack, startStack } from '../support/stack';
import { freePort, startApp } from '../support/processes';
import { waitFor } from '../support/wait-for';

const ROOT = join(__dirname, '..', '..');

interface Account {
  id: string;
  environments: Array<{ id: string }>;
}
interface Gateway {
  id: string;
  instances: Array<{ nodeId: string; status: string }>;
}
interface InstallationDetails {
  cloudToken: string;
  licenseKey: string;
  install: { docker: string; helm: string; openshift: string; linux: string };
}

/** A process started outside `startApp` (a shell, `npm run gateway`), with its output kept. */
function track(child: ChildProcess) {
  let output = '';
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * The install snippets of SPEC §8, taken from a real control plane whose gates are self-hosted (the
 * test stack's, with the project's CA) and run as a user would paste them: the Docker one by bash, with
 * `docker` translated to a local process (no Docker engine here), the Linux gravitee.yml given to
 * `npm run gateway`. Each gateway must connect, show as connected and serve a deployed API.
 */
describe('install snippets paste and run against a self-hosted control plane', () => {
  let stack: Stack;
  let upstream: Server;
  let upstreamUrl: string;
  const work = mkdtempSync(join(tmpdir(), 'install-snippets-'));

  beforeAll(async () => {
    upstream = createServer((req, res) => res.end(JSON.stringify({ upstream: true, url: req.url })));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    // The user picked the project's gateway image.
    stack = await startStack('install', { worker: false, controlPlaneEnv: { GATEWAY_IMAGE: 'hybrid-cp-gateway:local' } });
  });

  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => upstream?.close(r));
  });

  async function installation(name: string) {
    const account = await stack.api<Account>('POST', '/accounts', { name, region: 'eu' });
    const environmentId = account.body.environments[0].id;
    const gateway = await stack.api<Gateway>('POST', `/accounts/${account.body.id}/gateways`, { name, platform: 'docker', environmentId, accessPoints: ['localhost'] });
    const details = await stack.api<InstallationDetails>('POST', `/accounts/${account.body.id}/gateways/${gateway.body.id}/installation-details`);
    expect(details.status).toBe(201);
    const connected = async (instances: number) => {
      const listed = (await stack.api<Gateway[]>('GET', `/accounts/${account.body.id}/gateways`)).body.find((g) => g.id === gateway.body.id);
      return listed !== undefined && listed.instances.filter((i) => i.status === 'connected').length === instances;
    };
    const deploy = async (contextPath: string) => {
      const api = await stack.api<{ id: string }>('POST', `/accounts/${account.body.id}/environments/${environmentId}/apis`, { name: contextPath, contextPath, target: upstreamUrl });
      expect((await stack.api('POST', `/accounts/${account.body.id}/environments/${environmentId}/apis/${api.body.id}/deploy`)).status).toBeLessThan(300);
    };
    return { details: details.body, connected, deploy };
  }

  async function expectServing(trafficUrl: string, contextPath: string) {
    const root = await fetch(`${trafficUrl}/`);
    expect([root.status, await root.text()]).toEqual([404, 'No context-path matches the request URI.']);
    await waitFor(`${contextPath} served`, async () => (await fetch(`${trafficUrl}${contextPath}/x`)).status === 200);
  }

  it('Docker: bash runs the snippet, which starts the project gateway image trusting the CA it carries', async () => {
    const { details, connected, deploy } = await installation('docker-snippet');
    expect(details.install.docker).toMatch(/<<'EOF'\n-----BEGIN CERTIFICATE-----/);
    expect(details.install.docker.trimEnd().endsWith('hybrid-cp-gateway:local')).toBe(true);

    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'test', 'support', 'fake-docker.mjs')}" "$@"\n`);
    chmodSync(join(bin, 'docker'), 0o755);
    const containers = join(work, 'containers');
    mkdirSync(containers, { recursive: true });
    const home = join(work, 'docker-home');
    mkdirSync(home, { recursive: true });
    const [httpPort, managementPort] = await Promise.all([freePort(), freePort()]);

    const pidFile = join(containers, 'gio-apim-hybrid-gateway.pid');
    const log = () => readFileSync(join(containers, 'gio-apim-hybrid-gateway.log'), 'utf8');
    try {
      const run = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', details.install.docker], {
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: home,
          FAKE_DOCKER_DIR: containers,
          FAKE_DOCKER_PORTS: `GATEWAY_HTTP_PORT=${httpPort},GATEWAY_MANAGEMENT_PORT=${managementPort}`,
        },
        encoding: 'utf8',
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      // The heredoc wrote the CA the gateway trusts; the mount made it the container's truststore path.
      expect(readFileSync(join(home, '.gravitee-hybrid', 'cp-local-ca.pem'), 'utf8')).toBe(readFileSync(testEnv.caFile, 'utf8').trim() + '\n');
      await waitFor('the gateway healthy', async () => (await fetch(`http://127.0.0.1:${managementPort}/_node/health`)).ok, { timeoutMs: 60_000 }).catch((err: Error) => {
        throw new Error(`${err.message}\n${log()}`);
      });
      await waitFor('the start-up line naming the gate', () => /using Cloud Gate https:\/\/127\.0\.0\.1:\d+,/.test(log()));
      await waitFor('the instance connected', () => connected(1));
      await deploy('/docker-snippet');
      await expectServing(`http://127.0.0.1:${httpPort}`, '/docker-snippet');
    } finally {
      // The "container" outlives the shell that started it (docker run -d): stop it whatever happened above.
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8'));
        const alive = () => {
          try {
            process.kill(pid, 0);
            return true;
          } catch {
            return false;
          }
        };
        if (alive()) process.kill(pid, 'SIGTERM');
        await waitFor('the gateway stopped', () => !alive());
      }
    }
  });

  it('Linux: npm run gateway with the gravitee.yml; a second one has a state folder of its own', async () => {
    const { details, connected, deploy } = await installation('linux-snippet');
    const file = join(work, 'gravitee.yml');
    writeFileSync(file, details.install.linux);
    const home = join(work, 'linux-home');
    mkdirSync(home, { recursive: true });
    const start = async () => {
      const [httpPort, managementPort] = await Promise.all([freePort(), freePort()]);
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'gateway.mjs'), '--config', file], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: home, GATEWAY_HTTP_PORT: String(httpPort), GATEWAY_MANAGEMENT_PORT: String(managementPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { ...track(child), trafficUrl: `http://127.0.0.1:${httpPort}`, managementUrl: `http://127.0.0.1:${managementPort}` };
    };
    const first = await start();
    const second = await start();
    try {
      for (const gw of [first, second]) {
        await waitFor('the gateway healthy', async () => (await fetch(`${gw.managementUrl}/_node/health`)).ok, { timeoutMs: 60_000 }).catch((err: Error) => {
          throw new Error(`${err.message}\n${gw.output()}`);
        });
      }
      // The start-up line may reach the output a moment after health answers.
      const stateOf = (gw: { output: () => string }) => waitFor('the state folder in the start-up line', () => /state in (\S+);/.exec(gw.output())?.[1]);
      const [a, b] = [await stateOf(first), await stateOf(second)];
      expect(a).toMatch(new RegExp(`^${home}/`));
      expect(b).toMatch(new RegExp(`^${home}/`));
      expect(a).not.toBe(b);
      await waitFor('both instances connected', () => connected(2));
      await deploy('/linux-snippet');
      await expectServing(first.trafficUrl, '/linux-snippet');
      await expectServing(second.trafficUrl, '/linux-snippet');
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('a gateway that cannot reach its gate, or does not trust it, says so rather than blaming the license', async () => {
    const { details } = await installation('unreachable');
    const refusal = async (env: Record<string, string>) => {
      const app = await startApp('gateway', {
        gravitee_cloud_token: details.cloudToken,
        gravitee_license_key: details.licenseKey,
        GATEWAY_STATE_DIR: mkdtempSync(join(work, 'state-')),
        GATEWAY_HTTP_PORT: String(await freePort()),
        GATEWAY_MANAGEMENT_PORT: String(await freePort()),
        ...env,
      });
      await waitFor('the gateway to refuse to start and exit', () => app.process.exitCode !== null, { timeoutMs: 30_000 });
      expect({ code: app.process.exitCode, output: app.output() }).toEqual({ code: 1, output: expect.stringContaining('refusing to start') });
      return app.output();
    };

    const closed = await refusal({ gravitee_management_http_url: `https://127.0.0.1:${await freePort()}/sync` });
    expect(closed).toMatch(/GRAVITEE_MANAGEMENT_HTTP_URL: cannot reach the Cloud Gate at https:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
    expect(closed).not.toMatch(/GRAVITEE_LICENSE_KEY/);

    const untrusted = await refusal({ gravitee_management_http_url: `${stack.gateUrls.eu}/sync` });
    expect(untrusted).toMatch(/cannot reach the Cloud Gate .*certificate is not trusted: set gravitee_management_http_ssl_truststore_type=pem/);
    expect(untrusted).not.toMatch(/GRAVITEE_LICENSE_KEY/);
  });
});
