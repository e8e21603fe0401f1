/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON answers field by field */
import 'reflect-metadata';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeUnverified } from '@app/contracts';
import { ControlPlane, INTERNAL_TOKEN, createTestDatabase, http, startControlPlane } from './control-plane.support';
import { freePort } from '../support/processes';
import { waitFor } from '../support/wait-for';

const admin = 'e2e-hardening-admin-token-0123456789';
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A raw body, as a client that controls every byte would send it. */
async function send(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as any };
}

const expectErrorShape = (res: { status: number; body: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), code, message: expect.any(String) });
};

/** Issue 15, findings 3-6 at the control plane: each input that answered 500 (or was accepted) there. */
describe('control plane: bad input is a 4xx, never a 5xx (SPEC §9)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let cp: ControlPlane;
  let account: any;
  let envId: string;
  let gatewayId: string;
  let scopeHeaders: Record<string, string>;
  const api = (path: string) => `${cp.base}/api/v1${path}`;

  beforeAll(async () => {
    db = await createTestDatabase('cp_hardening');
    // Analytics against a port nothing listens on: the one honest way to make this control plane answer 5xx.
    cp = await startControlPlane(db.url, { ADMIN_TOKEN: admin, LOG_LEVEL: 'info', ELASTICSEARCH_URL: `http://127.0.0.1:${await freePort()}` });
    account = (await http('POST', api('/accounts'), { token: admin, body: { name: 'Hard', region: 'eu' } })).body;
    envId = account.environments[0].id;
    gatewayId = (await http('POST', api(`/accounts/${account.id}/gateways`), { token: admin, body: { name: 'gw', platform: 'docker', environmentId: envId, accessPoints: ['gw.example'] } })).body.id;
    const details = (await http('POST', api(`/accounts/${account.id}/gateways/${gatewayId}/installation-details`), { token: admin })).body;
    const claims = decodeUnverified<any>(details.cloudToken);
    scopeHeaders = {
      'x-internal-token': INTERNAL_TOKEN,
      'x-scope-account': claims.acc,
      'x-scope-org': claims.org,
      'x-scope-envs': claims.envs.join(','),
      'x-scope-gateway': claims.meta.GATEWAYID,
      'x-scope-token': claims.jti,
    };
  });

  afterAll(async () => {
    await cp?.app.stop();
    await db?.drop();
  });

  describe('NUL in any string', () => {
    it.each([
      ['an account name', () => ['/accounts', { name: 'a\u0000b', region: 'eu' }]],
      ['an environment name', () => [`/accounts/${account.id}/environments`, { name: 'env\u0000' }]],
      ['a gateway name', () => [`/accounts/${account.id}/gateways`, { name: '\u0000', platform: 'docker', environmentId: envId, accessPoints: ['a.example'] }]],
      ['an API name', () => [`/accounts/${account.id}/environments/${envId}/apis`, { name: 'x\u0000', contextPath: '/nul-name', target: 'http://127.0.0.1:9/x' }]],
      ['an API target', () => [`/accounts/${account.id}/environments/${envId}/apis`, { name: 'x', contextPath: '/nul-target', target: 'http://127.0.0.1:9/x\u0000' }]],
      ['a key of the body', () => ['/accounts', { name: 'ok', region: 'eu', 'k\u0000': 1 }]],
    ])('in %s is refused with 400', async (_what, make) => {
      const [path, body] = make() as [string, unknown];
      const res = await send(api(path), JSON.stringify(body));
      expectErrorShape(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: expect.stringMatching(/^body/) })]);
    });

    it.each([
      ['a heartbeat node id', { id: 'ev-1', type: 'GATEWAY_STARTED', properties: { node_id: 'node\u0000', hostname: 'h' } }],
      ['a heartbeat hostname', { id: 'ev-1', type: 'GATEWAY_STARTED', properties: { node_id: 'node-1', hostname: 'h\u0000' } }],
      ['a bridge property', { types: ['PUBLISH_API'], properties: { api_id: '\u0000' } }],
    ])('in %s is refused with 400 on the internal bridge', async (_what, body) => {
      const path = 'types' in body ? '/eventsLatest/_search?group=API_ID' : '/events/_createOrPatch';
      const res = await send(`${cp.base}/internal/bridge${path}`, JSON.stringify(body), scopeHeaders);
      expectErrorShape(res, 400, 'VALIDATION_FAILED');
    });

    it('in the JSON a heartbeat carries inside its payload string is refused with 400', async () => {
      const body = { id: 'ev-2', type: 'GATEWAY_STARTED', payload: JSON.stringify({ id: 'node-2', hostname: 'h\u0000' }), properties: { node_id: 'node-2' } };
      expectErrorShape(await send(`${cp.base}/internal/bridge/events/_createOrPatch`, JSON.stringify(body), scopeHeaders), 400, 'VALIDATION_FAILED');
    });

    it('in a path or query parameter is refused with 400', async () => {
      expectErrorShape(await http('GET', api(`/accounts/${account.id}%00`), { token: admin }), 400, 'VALIDATION_FAILED');
      const query = await http('GET', api(`/accounts/${account.id}/analytics/logs?apiId=a%00b`), { token: admin });
      expectErrorShape(query, 400, 'VALIDATION_FAILED');
    });
  });

  it.each([
    ['criteria from=1e16', '/events/_search', { from: 1e16 }],
    ['criteria to=1e16', '/events/_search', { to: 1e16 }],
    ['page=99999999999999999999999', '/events/_search?page=99999999999999999999999&size=10', {}],
    ['a heartbeat started_at of 1e20', '/events/_createOrPatch', { id: 'ev-3', type: 'GATEWAY_STARTED', properties: { node_id: 'node-3', started_at: '100000000000000000000' } }],
  ])('answers bridge %s with a 4xx, not a 500', async (_what, path, body) => {
    const res = await send(`${cp.base}/internal/bridge${path}`, JSON.stringify(body), scopeHeaders);
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) expect(res.body).toMatchObject({ statusCode: res.status, code: expect.any(String), message: expect.any(String) });
  });

  it.each([12_000, 30_000])('refuses JSON nested %i deep with 400, on public and internal routes', async (depth) => {
    expectErrorShape(await send(api('/accounts'), `{"name":${nested(depth)},"region":"eu"}`), 400, 'BODY_TOO_DEEP');
    expectErrorShape(await send(`${cp.base}/internal/bridge/events/_search`, `{"properties":${nested(depth)}}`, scopeHeaders), 400, 'BODY_TOO_DEEP');
  });

  it('takes JSON exactly 32 levels deep to validation, and refuses 33', async () => {
    const at = (depth: number) => `{"name":"n","region":"eu","x":${nested(depth - 1)}}`;
    expectErrorShape(await send(api('/accounts'), at(32)), 400, 'VALIDATION_FAILED');
    expectErrorShape(await send(api('/accounts'), at(33)), 400, 'BODY_TOO_DEEP');
  });

  it.each([
    ['a body over 1 MiB', () => JSON.stringify({ name: 'x'.repeat(1024 * 1024), region: 'eu' }), {}, 413, 'BODY_TOO_LARGE'],
    ['a gzip body', () => gzipSync(JSON.stringify({ name: 'Zipped', region: 'eu' })), { 'content-encoding': 'gzip' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['Content-Encoding: br', () => '{}', { 'content-encoding': 'br' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['charset=latin1', () => '{}', { 'content-type': 'application/json; charset=latin1' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body that is not JSON', () => 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['unparseable JSON', () => '{"name":', {}, 400, 'BODY_INVALID'],
  ])('answers %s with its 4xx', async (_what, body, headers, status, code) => {
    const res = await send(api('/accounts'), body(), headers as Record<string, string>);
    expectErrorShape(res, status as number, code as string);
  });

  it.each([
    ['to=1e20', 'to'],
    ['interval=1e20', 'interval'],
    ['from=-1', 'from'],
    ['from=1.5', 'from'],
    ['to=8640000000000001', 'to'],
    ['from=0&to=86400000000&interval=1000', 'interval'],
  ])('refuses analytics %s with 400 naming %s', async (query, parameter) => {
    const res = await http('GET', api(`/accounts/${account.id}/analytics/requests?${query}`), { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(new RegExp(`^${parameter}:`));
  });

  it.each([
    ['no access point', []],
    ['port 0', ['a.example:0']],
    ['port 99999', ['a.example:99999']],
    ['a host longer than DNS allows', [`${'a'.repeat(254)}.example`]],
  ])('refuses a gateway with %s', async (_what, accessPoints) => {
    const res = await http('POST', api(`/accounts/${account.id}/gateways`), { token: admin, body: { name: 'gw', platform: 'docker', environmentId: envId, accessPoints } });
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'accessPoints' })]);
  });

  it('states the length limits of names, hosts, paths, targets and ids in the OpenAPI document', async () => {
    const schemas = (await http('GET', `${cp.base}/api/docs-json`)).body.components.schemas;
    expect(schemas.CreateAccountDto.properties.name).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(schemas.CreateGatewayDto.properties.accessPoints).toMatchObject({ minItems: 1, items: { maxLength: 259 } });
    expect(schemas.CreateApiDto.properties.contextPath).toMatchObject({ maxLength: 512 });
    expect(schemas.CreateApiDto.properties.target).toMatchObject({ maxLength: 2048 });
    const paths = (await http('GET', `${cp.base}/api/docs-json`)).body.paths;
    const pathIds = Object.values(paths).flatMap((item: any) => Object.values(item).flatMap((op: any) => (op.parameters ?? []).filter((p: any) => p.in === 'path')));
    expect(pathIds.length).toBeGreaterThan(10);
    for (const id of pathIds) expect(id.schema).toMatchObject({ type: 'string', format: 'uuid', maxLength: 36 });
  });

  it('answers a wrong method with 405 and Allow, and never says X-Powered-By', async () => {
    const res = await http('PUT', api('/accounts'), { token: admin, body: {} });
    expectErrorShape(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect((await http('GET', `${cp.base}/health`)).headers.get('x-powered-by')).toBeNull();
    // An unknown id on a route that exists is still 404.
    expectErrorShape(await http('GET', api('/accounts/00000000-0000-4000-8000-000000000000'), { token: admin }), 404, 'NOT_FOUND');
  });

  it.each([
    ['a header line without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n', 400, 'BAD_REQUEST'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, 'BAD_REQUEST'],
    ['headers past what the server reads', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
  ])('answers %s in the error shape too', async (_what, raw, status, code) => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(cp.port, '127.0.0.1', () => socket.write(raw));
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
  });

  it('answers its own failure with a 5xx that carries an error id found in the log', async () => {
    const res = await http('GET', api(`/accounts/${account.id}/analytics/requests`), { token: admin });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'UNAVAILABLE', errorId: expect.any(String) });
    await waitFor('the error id in the log', () => cp.app.output().includes(res.body.errorId), { everyMs: 50 });
  });

  it('never writes a credential query parameter into its log', async () => {
    // A failed call is logged at warn (a successful one at debug): the line this control plane writes at info.
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await http('GET', `${api(`/accounts/${missing}`)}?access_token=${admin}&api-key=key-in-query&page=1`, { token: admin });
    expect(res.status).toBe(404);
    await waitFor('the access log line', () => cp.app.output().includes(`/api/v1/accounts/${missing}?access_token=****&api-key=****&page=1`), { everyMs: 50 });
    expect(cp.app.output()).not.toContain(admin);
    expect(cp.app.output()).not.toContain('key-in-query');
  });
});
