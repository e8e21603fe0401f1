import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fetch } from 'undici';
import { freePort } from '../support/processes';
import { NpmStart, runNpmStart } from '../support/npm-start';

const ROOT = join(__dirname, '..', '..');

/** The bash block of README.md's "A first hybrid gateway, by hand", as a reader copies it. */
function walkthrough(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A first hybrid gateway, by hand'));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no bash block under "A first hybrid gateway, by hand"');
  return block[1];
}

/**
 * README's walkthrough, run by bash as written against a running `npm start` (its own ports and run
 * folder) and a local upstream: the only changes are the run folder's path and the variables the
 * script itself offers (TARGET and the two gateways' ports).
 */
describe('README walkthrough', () => {
  let run: NpmStart;
  let upstream: Server;
  let upstreamUrl: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => res.end(JSON.stringify({ upstream: true, url: req.url })));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    run = await runNpmStart('readme');
  });

  afterAll(async () => {
    await run?.stop();
    await new Promise((r) => upstream?.close(r));
  });

  it('runs as written: two gateways connect and serve the deployed API, analytics count the calls, the revoked token is refused', async () => {
    const script = walkthrough();
    expect(script).toContain('source .run/start.env');
    const [gw1, mgmt1, gw2, mgmt2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const home = join(run.runDir, 'home');
    mkdirSync(home, { recursive: true });
    const child = spawn('bash', ['--norc', '--noprofile', '-eo', 'pipefail', '-c', script.replaceAll('.run/', `${run.runDir}/`)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, TARGET: upstreamUrl, GW1: String(gw1), MGMT1: String(mgmt1), GW2: String(gw2), MGMT2: String(mgmt2) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d.toString()));
    child.stderr.on('data', (d) => (output += d.toString()));
    // A step that never comes true would loop forever: the test's own timeout ends it, and the gateways with it.
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, 240_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('No context-path matches the request URI.') });
    const analytics = JSON.parse(output.split('\n').find((l) => l.startsWith('{"total"')) ?? '{}') as { total?: number; byStatus?: Record<string, number> };
    // The script waits for the first report to be searchable; the other gateway's may still be on its way.
    expect(analytics.total).toBeGreaterThanOrEqual(1);

    // Each gateway kept its state in a folder of its own, and both are gone.
    const stateOf = (log: string) => /state in (\S+);/.exec(readFileSync(join(run.runDir, log), 'utf8'))?.[1];
    const [a, b] = [stateOf('edge-1a.log'), stateOf('edge-1b.log')];
    expect(a).toMatch(new RegExp(`^${home}/\\.cache/hybrid-gateway/`));
    expect(b).toMatch(new RegExp(`^${home}/\\.cache/hybrid-gateway/`));
    expect(a).not.toBe(b);
    for (const port of [mgmt1, mgmt2]) await expect(fetch(`http://127.0.0.1:${port}/_node/health`)).rejects.toThrow();
  });
});
