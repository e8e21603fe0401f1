/* eslint-disable @typescript-eslint/no-require-imports -- the route lists are read from the compiled apps, as the processes under test run them */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Agent, Dispatcher, request } from 'undici';
import { decodeUnverified } from '@app/contracts';
import type { CloudGateConfig, ControlPlaneConfig } from '@app/config';
import { createTestDatabase } from '../support/database';
import { testEnv } from '../support/env';
import { NestRoute, routesOf } from '../support/nest-routes';
import { RunningApp, freePort, startApp } from '../support/processes';
import {
  FUZZ_SEED,
  FuzzRequest,
  checkAnswer,
  describeRequest,
  fromSchema,
  mutated,
  nastyJson,
  nastyNumber,
  nastyRecord,
  nastyString,
  pathValue,
  percentEncode,
  queryString,
  runsPerRoute,
  seedFor,
  wireBody,
} from './fuzz.support';

/**
 * Property-based fuzzing (fast-check) of every route of the control plane, every route of a real
 * Cloud Gate in front of it (the bridge routes reach the real control plane through it) and
 * `/reports`: random and adversarial paths, queries and bodies (NUL, deep nesting, huge numbers,
 * wrong types, odd encodings and content types). No answer is a 5xx, every 4xx has the error
 * shape, and every service stays healthy. Seeded: the seed is printed; `FUZZ_SEED=<n>` replays a
 * run; `FUZZ_INPUTS=<n>` sets the inputs of the whole suite (default 4,000, shared out over the routes,
 * 20 to 60 each), `FUZZ_RUNS=<n>` the inputs per route.
 *
 * Routes are read from the compiled apps' own Nest metadata, so a route added to any controller is
 * fuzzed once it is merged. What each route's parameters and bodies look like comes from the
 * OpenAPI document where it has them, from the field names of this project otherwise.
 */

const ROOT = join(__dirname, '..', '..');
const dist = <T>(path: string): T => require(join(ROOT, 'dist', path)) as T;

type AppModuleClass<C> = { AppModule: { forRoot: (config: C, ...rest: never[]) => object } };
const config = dist<{ ControlPlaneConfig: new () => ControlPlaneConfig; CloudGateConfig: new () => CloudGateConfig; IngestWorkerConfig: new () => object; GatewayConfig: new () => object }>(
  'libs/config/src/index.js',
);
const prefix = dist<{ API_PREFIX: string; UNPREFIXED_ROUTES: string[] }>('apps/control-plane/src/openapi/openapi.document.js');
const controlPlaneRoutes = routesOf(dist<AppModuleClass<ControlPlaneConfig>>('apps/control-plane/src/app.module.js').AppModule.forRoot(new config.ControlPlaneConfig()), {
  prefix: prefix.API_PREFIX,
  exclude: prefix.UNPREFIXED_ROUTES,
});
const gateRoutes = routesOf(dist<AppModuleClass<CloudGateConfig>>('apps/cloud-gate/src/app.module.js').AppModule.forRoot(Object.assign(new config.CloudGateConfig(), { REGION: 'eu' })));
/** The other services answer HTTP for health and metrics only; the SPEC §9 rules hold there too. */
const workerRoutes = routesOf(dist<AppModuleClass<object>>('apps/ingest-worker/src/app.module.js').AppModule.forRoot(new config.IngestWorkerConfig()));
const gatewayRoutes = routesOf(dist<AppModuleClass<object>>('apps/gateway/src/app.module.js').AppModule.forRoot(new config.GatewayConfig(), {} as never));

/** Inputs per route, from the suite's budget over every route fuzzed (`/reports` counts twice). */
const FUZZ_RUNS = runsPerRoute(controlPlaneRoutes.length + gateRoutes.length + 1 + workerRoutes.length + gatewayRoutes.length);

/** Routes not fuzzed, and why. */
const NOT_FUZZED: Record<string, string> = {
  'GET /internal/changes': 'an event stream that never ends; its only input is the internal token',
};

const ADMIN = `fuzz-admin-${randomBytes(12).toString('hex')}`;
const INTERNAL = `fuzz-internal-${randomBytes(12).toString('hex')}`;
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

interface Answer {
  status: number;
  text: string;
  poweredBy: unknown;
}

async function send(base: string, dispatcher: Dispatcher, req: FuzzRequest): Promise<Answer> {
  const res = await request(`${base}${req.target}`, {
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
    dispatcher,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  return { status: res.statusCode, text: await res.body.text(), poweredBy: res.headers['x-powered-by'] };
}

/** Inputs per route, and how many answers of each status class they got. */
const counts = new Map<string, Record<string, number>>();

describe('fuzz: no input makes a service answer 5xx (SPEC §9)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let controlPlane: RunningApp;
  let gate: RunningApp;
  let worker: RunningApp;
  let gateway: RunningApp;
  let cpBase: string;
  let gateBase: string;
  let workerBase: string;
  let gatewayBase: string;
  const cpAgent = new Agent({ connections: 4 });
  const gateAgent = new Agent({ connections: 4, connect: { ca: readFileSync(testEnv.caFile) } });
  let components: Record<string, Record<string, unknown>> = {};
  let openApiPaths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } }>> = {};
  /** Ids that exist, per path parameter name: most inputs reach the handler, not just the id check. */
  const ids: Record<string, string[]> = {};
  let cloudToken = '';
  /** Tenant B's automation token (SPEC §10), for the gate's Automation API routes. */
  let automationToken = '';
  /** Ids of tenant B, for the gate's routes (the token's organization and environment). */
  const gateIds: Record<string, string[]> = {};
  let scopeHeaders: Record<string, string> = {};

  const admin = (method: string, path: string, body?: unknown) =>
    request(`${cpBase}/api/v1${path}`, {
      method: method as Dispatcher.HttpMethod,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: cpAgent,
    }).then(async (res) => (await res.body.json()) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    process.stdout.write(`fuzz: seed ${FUZZ_SEED} (replay with FUZZ_SEED=${FUZZ_SEED}), ${FUZZ_RUNS} inputs per route\n`);
    db = await createTestDatabase('fuzz');
    const topicPrefix = `fuzz${randomBytes(4).toString('hex')}`;
    const [cpPort, gatePort] = await Promise.all([freePort(), freePort()]);
    cpBase = `http://127.0.0.1:${cpPort}`;
    gateBase = `https://127.0.0.1:${gatePort}`;
    controlPlane = await startApp(
      'control-plane',
      { PORT: String(cpPort), DATABASE_URL: db.url, ELASTICSEARCH_URL: testEnv.elasticsearchUrl, ADMIN_TOKEN: ADMIN, INTERNAL_API_TOKEN: INTERNAL, LOG_LEVEL: 'error' },
      `${cpBase}/health`,
    );
    // The worker first: it creates the report topics, which the gate then finds.
    const workerPort = await freePort();
    workerBase = `http://127.0.0.1:${workerPort}`;
    worker = await startApp(
      'ingest-worker',
      { PORT: String(workerPort), KAFKA_BROKERS: testEnv.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: topicPrefix, ELASTICSEARCH_URL: testEnv.elasticsearchUrl, INGEST_CONSUMER_GROUP: `${topicPrefix}-ingest`, LOG_LEVEL: 'error' },
      `${workerBase}/health`,
    );

    gate = await startApp(
      'cloud-gate',
      {
        REGION: 'eu',
        PORT: String(gatePort),
        CONTROL_PLANE_URL: cpBase,
        INTERNAL_API_TOKEN: INTERNAL,
        KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: topicPrefix,
        TLS_CERT_FILE: testEnv.tlsCertFile,
        TLS_KEY_FILE: testEnv.tlsKeyFile,
        // The long-poll answers within a second, whatever timeout an input asks for.
        SYNC_WAIT_MAX_MS: '1000',
        LOG_LEVEL: 'error',
      },
      `${gateBase}/health`,
    );

    const doc = (await (await request(`${cpBase}/api/docs-json`, { dispatcher: cpAgent })).body.json()) as { paths: typeof openApiPaths; components: { schemas: typeof components } };
    openApiPaths = doc.paths;
    components = doc.components.schemas;

    // Tenant A: what the control-plane routes act on (the fuzz may rename, revoke or delete it).
    const a = await admin('POST', '/accounts', { name: 'Fuzz A', region: 'eu' });
    const envA = a.environments[0].id;
    const gwA = await admin('POST', `/accounts/${a.id}/gateways`, { name: 'gw-a', platform: 'docker', environmentId: envA, accessPoints: ['a.example'] });
    const tokenA = decodeUnverified<{ jti: string }>((await admin('POST', `/accounts/${a.id}/gateways/${gwA.id}/installation-details`)).cloudToken)!;
    const apiA = await admin('POST', `/accounts/${a.id}/environments/${envA}/apis`, { name: 'api-a', contextPath: '/fuzz', target: 'http://127.0.0.1:9/x', plans: [{ name: 'keyed', security: 'api-key' }] });
    const subscription = await admin('POST', `/accounts/${a.id}/environments/${envA}/apis/${apiA.id}/plans/${apiA.plans[0].id}/subscriptions`);
    Object.assign(ids, {
      accountId: [a.id],
      envId: [envA],
      environmentId: [envA],
      gatewayId: [gwA.id],
      apiId: [apiA.id],
      planId: [apiA.plans[0].id],
      jti: [tokenA.jti],
      subscriptionId: [subscription.subscriptionId],
    });

    // Tenant B: the gateway whose Cloud Token the gate's routes are called with, left alone by the routes above.
    const b = await admin('POST', '/accounts', { name: 'Fuzz B', region: 'eu' });
    const gwB = await admin('POST', `/accounts/${b.id}/gateways`, { name: 'gw-b', platform: 'linux', environmentId: b.environments[0].id, accessPoints: ['b.example'] });
    const installation = await admin('POST', `/accounts/${b.id}/gateways/${gwB.id}/installation-details`);
    cloudToken = installation.cloudToken;
    automationToken = (await admin('POST', `/accounts/${b.id}/automation-tokens`, { name: 'fuzz' })).cloudToken;
    Object.assign(gateIds, { orgId: [b.organizationId], organizationId: [b.organizationId], envId: [b.environments[0].id], environmentId: [b.environments[0].id], hrid: ['fuzz-api'], apiHrid: ['fuzz-api'] });
    const claims = decodeUnverified<{ acc: string; org: string; envs: string[]; jti: string; meta: { GATEWAYID: string } }>(cloudToken)!;
    // A reference gateway of tenant B, installed as its installation details say.
    const [trafficPort, managementPort] = await Promise.all([freePort(), freePort()]);
    gatewayBase = `http://127.0.0.1:${managementPort}`;
    gateway = await startApp(
      'gateway',
      {
        gravitee_cloud_token: installation.cloudToken,
        gravitee_license_key: installation.licenseKey,
        GRAVITEE_CLOUD_GATE_URLS: `eu=${gateBase}`,
        GRAVITEE_CLOUD_GATE_CA_FILE: testEnv.caFile,
        GATEWAY_HTTP_PORT: String(trafficPort),
        GATEWAY_MANAGEMENT_PORT: String(managementPort),
        GATEWAY_STATE_DIR: mkdtempSync(join(tmpdir(), 'fuzz-gateway-')),
        LOG_LEVEL: 'error',
      },
      `${gatewayBase}/_node/health`,
    );
    scopeHeaders = {
      'x-internal-token': INTERNAL,
      'x-scope-account': claims.acc,
      'x-scope-org': claims.org,
      'x-scope-envs': claims.envs.join(','),
      'x-scope-gateway': claims.meta.GATEWAYID,
      'x-scope-token': claims.jti,
    };
  });

  afterAll(async () => {
    const lines = [...counts.entries()].map(([route, byClass]) => {
      const n = Object.values(byClass).reduce((sum, c) => sum + c, 0);
      const classes = Object.entries(byClass).sort().map(([c, k]) => `${c} ${k}`).join(', ');
      return `  ${String(n).padStart(5)}  ${route}  (${classes})`;
    });
    const total = [...counts.values()].reduce((sum, byClass) => sum + Object.values(byClass).reduce((a, b) => a + b, 0), 0);
    process.stdout.write(`fuzz: ${total} inputs over ${counts.size} routes (seed ${FUZZ_SEED}):\n${lines.join('\n')}\n`);
    for (const [route, why] of Object.entries(NOT_FUZZED)) process.stdout.write(`fuzz: not fuzzed: ${route} (${why})\n`);
    await gateway?.stop();
    await worker?.stop();
    await gate?.stop();
    await controlPlane?.stop();
    await Promise.all([cpAgent.close(), gateAgent.close()]);
    await db?.drop();
  });

  /** Every service answers its health check with 200 and none of them exited. */
  async function expectHealthy(): Promise<void> {
    const services: Array<[string, RunningApp, string, Dispatcher]> = [
      ['control plane', controlPlane, `${cpBase}/health`, cpAgent],
      ['cloud gate', gate, `${gateBase}/health`, gateAgent],
      ['ingest worker', worker, `${workerBase}/health`, cpAgent],
      ['gateway', gateway, `${gatewayBase}/_node/health`, cpAgent],
    ];
    const states = await Promise.all(
      services.map(async ([name, app, url, dispatcher]) => {
        const res = await request(url, { dispatcher });
        await res.body.dump();
        return [name, { status: res.statusCode, exited: app.process.exitCode }] as const;
      }),
    );
    expect(Object.fromEntries(states)).toEqual(Object.fromEntries(services.map(([name]) => [name, { status: 200, exited: null }])));
  }

  const openApiOperation = (route: NestRoute) => openApiPaths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];

  /** Requests for one route: its method (sometimes another), its path with ids or nasty values, a query, headers, a body. */
  function requests(route: NestRoute, credentials: fc.Arbitrary<Record<string, string>>, json: fc.Arbitrary<unknown>, known: Record<string, string[]> = ids): fc.Arbitrary<FuzzRequest> {
    // A wildcard (`*path`, `{*path}`) takes any rest of the path, as a `:name` takes one segment.
    const pattern = route.path.replace(/\{?\*(\w+)\}?/g, ':$1');
    const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const operation = openApiOperation(route);
    const queryNames = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    const path = fc.tuple(...names.map((name) => pathValue(Object.hasOwn(known, name) ? known[name] : []))).map((values) => names.reduce((p, name, i) => p.replace(`:${name}`, values[i]), pattern));
    // `ALL` is Nest's word for a route of every method, not one a client sends.
    const method = route.method === 'ALL' ? fc.constantFrom(...OTHER_METHODS) : fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) });
    const body = fc.option(wireBody(json), { nil: undefined, freq: route.method === 'GET' ? 2 : 12 });
    return fc.tuple(method, path, queryString(queryNames), credentials, body).map(([m, p, q, auth, wire]) => ({
      method: m,
      target: `${p}${q}`,
      headers: { ...auth, ...(wire?.headers ?? {}) },
      body: wire?.body,
    }));
  }

  async function fuzz(route: NestRoute, base: string, dispatcher: Dispatcher, inputs: fc.Arbitrary<FuzzRequest>, options: { emptyNotFound?: boolean; runs?: number } = {}) {
    const via = { [cpBase]: '', [gateBase]: ' (via the Cloud Gate)', [workerBase]: ' (ingest worker)', [gatewayBase]: ' (gateway management)' };
    const key = `${route.method} ${route.path}${via[base]}`;
    await fc.assert(
      fc.asyncProperty(inputs, async (req) => {
        const answer = await send(base, dispatcher, req);
        const byClass = counts.get(key) ?? {};
        const statusClass = `${String(answer.status)[0]}xx`;
        byClass[statusClass] = (byClass[statusClass] ?? 0) + 1;
        counts.set(key, byClass);
        const problem = answer.poweredBy !== undefined ? `answered with X-Powered-By: ${String(answer.poweredBy)}` : checkAnswer(req, answer.status, answer.text, options);
        if (problem) throw new Error(`${problem}\n  request: ${describeRequest(req)}\n  replay: FUZZ_SEED=${FUZZ_SEED}`);
      }),
      { seed: seedFor(key), numRuns: options.runs ?? FUZZ_RUNS, endOnFailure: true },
    );
    await expectHealthy();
  }

  const adminCredentials = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ authorization: `Bearer ${ADMIN}` }) },
    { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { authorization: 'Bearer nope' }, { authorization: `Basic ${Buffer.from(`x:${ADMIN}`).toString('base64')}` }, { authorization: 'Bearer \u00ff' }) },
  );
  const internalCredentials = () =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(scopeHeaders) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('x-scope-account', 'x-scope-org', 'x-scope-envs', 'x-scope-gateway', 'x-scope-token'), nastyString).map(([h, v]) => ({ ...scopeHeaders, [h]: percentEncode(v) })) },
      { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { 'x-internal-token': 'guess-guess-guess-guess' }) },
    );

  /** Bodies of the bridge routes (no OpenAPI document describes them): what a Gravitee gateway sends, then broken. */
  function bridgeBody(route: NestRoute): fc.Arbitrary<unknown> {
    const now = Date.now();
    const environments = (scopeHeaders['x-scope-envs'] ?? '').split(',');
    const templates: Array<[RegExp, Record<string, unknown>]> = [
      [/events\/_createOrPatch$/, { id: 'event-1', type: 'GATEWAY_STARTED', payload: JSON.stringify({ id: 'node-1', hostname: 'h', version: '4.1.0' }), parentId: null, properties: { node_id: 'node-1', hostname: 'h', started_at: String(now), last_heartbeat_at: String(now) }, environments: null, organizations: null }],
      [/(_search|_findByCriteria)$/, { types: ['PUBLISH_API', 'START_API'], properties: {}, from: now - 30_000, to: -1, environments, organizations: [], subscriptions: [], includeRevoked: false, statuses: ['ACCEPTED'] }],
    ];
    const template = templates.find(([pattern]) => pattern.test(route.path))?.[1];
    return template ? fc.oneof({ weight: 3, arbitrary: mutated(template) }, { weight: 1, arbitrary: fc.oneof(nastyRecord, nastyJson) }) : fc.oneof(nastyRecord, nastyJson);
  }

  it('reads the routes of both apps from their code', () => {
    expect(controlPlaneRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/accounts', 'POST /internal/bridge/events/_createOrPatch', 'GET /health']));
    expect(gateRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /reports', 'POST /sync/_bridge/eventsLatest/_search', 'GET /sync/_bridge/changes']));
  });

  describe('control plane', () => {
    // Routes that remove what the others act on (the fixtures' ids) run last, so the others reach their handlers.
    const destroys = (r: NestRoute) => r.method === 'DELETE' || /\/(revoke|undeploy|stop)$/.test(r.path);
    const ordered = [...controlPlaneRoutes.filter((r) => !destroys(r)), ...controlPlaneRoutes.filter(destroys)];
    it.each(ordered.filter((r) => !NOT_FUZZED[`${r.method} ${r.path}`]).map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_key, route) => {
      const internal = route.path.startsWith('/internal');
      const schema = openApiOperation(route)?.requestBody?.content?.['application/json']?.schema;
      const json = schema ? fromSchema(schema, components) : bridgeBody(route);
      // The internal bridge answers as the gate's bridge does (SPEC §4): a missing entity is an empty 404.
      await fuzz(route, cpBase, cpAgent, requests(route, internal ? internalCredentials() : adminCredentials, json), { emptyNotFound: route.path.startsWith('/internal/bridge') });
    });
  });

  describe('Cloud Gate, in front of the control plane', () => {
    const tokenCredentials = () =>
      fc.oneof(
        { weight: 8, arbitrary: fc.constant({ authorization: `Bearer ${cloudToken}` }) },
        { weight: 4, arbitrary: fc.constant({ authorization: `Bearer ${automationToken}` }) },
        { weight: 1, arbitrary: fc.constant({ authorization: `Basic ${Buffer.from(`gateway:${cloudToken}`).toString('base64')}` }) },
        { weight: 1, arbitrary: fc.oneof(fc.constant({}), nastyString.map((s) => ({ authorization: `Bearer ${percentEncode(s)}` }))) },
      );

    it.each(gateRoutes.filter((r) => r.path !== '/reports').map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_key, route) => {
      await fuzz(route, gateBase, gateAgent, requests(route, tokenCredentials(), bridgeBody(route), gateIds), { emptyNotFound: route.path.startsWith('/sync/_bridge') });
    });

    it('POST /reports', async () => {
      const route = gateRoutes.find((r) => r.path === '/reports')!;
      const report = fc.oneof(
        fc.record({ type: fc.constantFrom('metrics', 'log', 'health', 'monitor', 'other'), timestamp: fc.oneof(fc.constant(Date.now()), nastyNumber, nastyString), requestId: nastyString, apiId: nastyString, status: fc.oneof(fc.constant(200), nastyNumber), nodeId: nastyString }, { requiredKeys: [] }),
        nastyRecord,
        nastyJson,
      );
      const lines = fc.array(fc.oneof({ weight: 6, arbitrary: report.map((r) => JSON.stringify(r) ?? 'null') }, { weight: 1, arbitrary: fc.constantFrom('{"type":"monitor","nodeId":"n","jvm":' + '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_001), '{', '', 'null', '[]') }), { minLength: 0, maxLength: 8 });
      const ndjson = fc.tuple(lines, fc.boolean(), fc.boolean()).map(([ls, asArray, gzip]) => {
        const text = asArray ? `[${ls.filter(Boolean).join(',')}]` : ls.join('\n');
        return gzip ? { body: gzipSync(text), headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' } } : { body: Buffer.from(text), headers: { 'content-type': 'application/x-ndjson' } };
      });
      const inputs = fc.tuple(fc.oneof({ weight: 4, arbitrary: ndjson }, { weight: 1, arbitrary: wireBody(nastyJson) }), tokenCredentials(), queryString([])).map(([wire, auth, q]) => ({
        method: 'POST',
        target: `/reports${q}`,
        headers: { ...auth, ...wire.headers },
        body: wire.body,
      }));
      await fuzz(route, gateBase, gateAgent, inputs, { runs: FUZZ_RUNS * 2 });
    });
  });

  describe('ingest worker and reference gateway', () => {
    const routes = [
      ...workerRoutes.map((route) => [`${route.method} ${route.path} (ingest worker)`, route, 'worker'] as const),
      ...gatewayRoutes.map((route) => [`${route.method} ${route.path} (gateway management)`, route, 'gateway'] as const),
    ];
    it.each(routes)('%s', async (_key, route, service) => {
      await fuzz(route, service === 'worker' ? workerBase : gatewayBase, cpAgent, requests(route, fc.constant({}), nastyJson));
    });
  });

  it('every route still answers its own kind of request afterwards (nothing was left broken)', async () => {
    await expectHealthy();
    const res = await request(`${gateBase}/sync/_bridge/environments`, { headers: { authorization: `Bearer ${cloudToken}` }, dispatcher: gateAgent });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });
});
