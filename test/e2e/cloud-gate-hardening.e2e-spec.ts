import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { freePort, RunningApp, startApp } from '../support/processes';
import { testEnv } from '../support/env';
import { FakeControlPlane, GateClient, claimsFor, signToken } from './cloud-gate.support';
import { waitFor } from '../support/wait-for';

const INTERNAL_TOKEN = `internal-${randomUUID()}`;

/** One request written by hand, so the request target can be in absolute form (`GET https://host/path`). */
function rawRequest(port: number, requestLine: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca: readFileSync(testEnv.caFile), servername: 'localhost' }, () => {
      const lines = [requestLine, 'host: 127.0.0.1', 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]), text: raw.slice(raw.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

describe('Cloud Gate: bad input and a failing control plane (e2e, HTTPS, fake control plane over real HTTP)', () => {
  let cp: FakeControlPlane;
  let gate: RunningApp;
  let client: GateClient;
  let port: number;
  const token = (overrides = {}, header = {}) => signToken(cp.keys[0], claimsFor(overrides), header);

  beforeAll(async () => {
    cp = await new FakeControlPlane(INTERNAL_TOKEN).start();
    port = await freePort();
    gate = await startApp(
      'cloud-gate',
      {
        REGION: 'eu',
        PORT: String(port),
        CONTROL_PLANE_URL: cp.url,
        INTERNAL_API_TOKEN: INTERNAL_TOKEN,
        TLS_CERT_FILE: testEnv.tlsCertFile,
        TLS_KEY_FILE: testEnv.tlsKeyFile,
        KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}`,
        LOG_LEVEL: 'info',
      },
      `https://127.0.0.1:${port}/metrics`,
    );
    client = new GateClient(`https://127.0.0.1:${port}`, testEnv.caFile);
    await waitFor('the change stream to connect', () => cp.streamCount === 1, { everyMs: 50 });
  });

  afterAll(async () => {
    await client?.close();
    await gate?.stop();
    await cp?.stop();
  });

  it('sends an absolute-form request target to the same control-plane path as an origin-form one', async () => {
    const res = await rawRequest(port, `GET https://127.0.0.1:${port}/sync/_bridge/environments?hrids=a HTTP/1.1`, { authorization: `Bearer ${token()}` });
    expect(res.status).toBe(200);
    expect(cp.lastCall('/internal/bridge')!.url).toBe('/internal/bridge/environments?hrids=a');
  });

  it("answers the control plane's 500 with its own 502 and code, quoting only the error ids", async () => {
    cp.bridgeMode = 'failing';
    try {
      const res = await client.call('POST', '/sync/_bridge/events/_search', { token: token(), body: '{}' });
      expect(res.status).toBe(502);
      const body = res.json<{ code: string; errorId: string; message: string }>();
      expect(body).toMatchObject({ statusCode: 502, code: 'CONTROL_PLANE_FAILED', errorId: expect.any(String) });
      expect(body.message).toContain('cp-error-1');
      expect(res.text).not.toContain('secret internals');
      await waitFor('the error id in the log', () => gate.output().includes(body.errorId), { everyMs: 50 });
    } finally {
      cp.bridgeMode = 'up';
    }
  });

  it.each([
    ['Content-Encoding: br', { 'content-encoding': 'br' }],
    ['Content-Encoding: deflate', { 'content-encoding': 'deflate' }],
    ['charset=latin1', { 'content-type': 'application/json; charset=latin1' }],
  ])('refuses a bridge body with %s as 415', async (_what, headers) => {
    const res = await client.call('POST', '/sync/_bridge/events/_search', { token: token(), body: '{}', headers });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it.each([
    ['a header with crit', () => token({}, { crit: ['exp'] })],
    ['an iat ten years ahead', () => token({ iat: Math.floor(Date.now() / 1000) + 10 * 365 * 86_400, exp: Math.floor(Date.now() / 1000) + 11 * 365 * 86_400 })],
  ])('refuses a token with %s (401)', async (_what, make) => {
    const res = await client.call('GET', '/sync/_bridge', { token: make() });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('answers a wrong method with 405 and Allow, a NUL in the query with 400, and never says X-Powered-By', async () => {
    const wrong = await client.call('POST', '/sync/_bridge/environments', { token: token(), body: '{}' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    expect(wrong.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    const nul = await client.call('GET', '/sync/_bridge/changes?since=1%00', { token: token() });
    expect(nul.status).toBe(400);
    expect(nul.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(wrong.headers['x-powered-by']).toBeUndefined();
    expect(nul.headers['x-powered-by']).toBeUndefined();
  });
});
