/**
 * Helpers for the Cloud Gate's end-to-end tests and benchmark: a token signer holding real RSA keys,
 * and a small *real HTTP* stand-in for the control plane's internal API (docs/internal-api.md), the
 * control plane being our own service. Kafka and Redis are never faked.
 */
import { KeyObject, createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Agent, Dispatcher, request } from 'undici';
import type { CloudTokenClaims } from '@app/contracts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newSigningKey(kid = `k-${randomUUID().slice(0, 8)}`): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export function publicJwk(key: SigningKey): Record<string, string> {
  const jwk = key.publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS512', n: jwk.n, e: jwk.e };
}

export function claimsFor(overrides: Partial<CloudTokenClaims> = {}): CloudTokenClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'GraviteeCloud',
    aud: 'CloudGate',
    jti: randomUUID(),
    iat: now,
    exp: now + 3600,
    org: 'org-1',
    envs: ['env-1'],
    cpg: 'eu',
    cpr: 'westeurope',
    cpp: 'az',
    cp: 'cp-test',
    dpm: 'hybrid',
    target: 'apim',
    scopes: ['sync', 'reports'],
    meta: { GATEWAYID: `gw-${randomUUID().slice(0, 8)}` },
    acc: 'acc-1',
    idx: 'idx-1',
    ...overrides,
  };
}

/** RS512 JWS compact, as the control plane signs Cloud Tokens. */
export function signToken(key: SigningKey, claims: object, header: Record<string, unknown> = {}): string {
  const signingInput = `${b64({ alg: 'RS512', typ: 'JWT', kid: key.kid, ...header })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA512').update(signingInput).sign(key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

export function unsignedToken(claims: object, kid: string): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`;
}

/** The classic key-confusion attack: HMAC keyed with the RSA public key's PEM. */
export function hmacWithPublicKey(key: SigningKey, claims: object): string {
  const signingInput = `${b64({ alg: 'HS512', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
  return `${signingInput}.${createHmac('sha512', secret).update(signingInput).digest('base64url')}`;
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export const BRIDGE_VERSION = { version: { MAJOR_VERSION: '4', BUILD_ID: '1', BUILD_NUMBER: '1', REVISION: 'fake' } };

/**
 * Stand-in for the control plane's internal API: JWKS, revocations, the SSE change stream and
 * bridge answers derived from the scope headers it receives.
 */
export class FakeControlPlane {
  readonly keys: SigningKey[] = [];
  readonly calls: RecordedCall[] = [];
  readonly revoked: Array<{ jti: string; revokedAt: number }> = [];
  jwksFetches = 0;
  /** `down`: bridge connections are dropped, as a crashed control plane would; `failing`: bridge calls answer 500. */
  bridgeMode: 'up' | 'down' | 'failing' = 'up';
  /** When set, `/internal/changes` answers 503 (the stream cannot be opened). */
  refuseStreams = false;
  private readonly streams = new Set<ServerResponse>();
  private server?: Server;
  private pingTimer?: NodeJS.Timeout;
  port = 0;

  constructor(readonly internalToken: string) {
    this.keys.push(newSigningKey());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.pingTimer = setInterval(() => this.broadcast(': ping\n\n'), 15_000);
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    this.dropStreams();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  revoke(jti: string, { announce = true } = {}): void {
    const revocation = { jti, revokedAt: Date.now() };
    this.revoked.push(revocation);
    if (announce) this.broadcast(`event: revocation\ndata: ${JSON.stringify(revocation)}\n\n`);
  }

  changeEnvironments(environmentIds: string[]): void {
    this.broadcast(`event: environment\ndata: ${JSON.stringify({ environmentIds, at: Date.now() })}\n\n`);
  }

  rotateKeys(announce: boolean): SigningKey {
    const key = newSigningKey();
    this.keys.unshift(key);
    if (announce) this.broadcast(`event: keys\ndata: ${JSON.stringify({ at: Date.now() })}\n\n`);
    return key;
  }

  dropStreams(): void {
    for (const s of this.streams) s.destroy();
    this.streams.clear();
  }

  lastCall(pathPrefix: string): RecordedCall | undefined {
    return [...this.calls].reverse().find((c) => c.url.startsWith(pathPrefix));
  }

  private broadcast(chunk: string): void {
    for (const s of this.streams) s.write(chunk);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/.well-known/jwks.json') {
      this.jwksFetches += 1;
      return json(200, { keys: this.keys.map(publicJwk) });
    }
    if (url.pathname === '/api/v1/license/public-key') {
      return json(200, { algorithm: 'RSA', format: 'spki-pem', publicKey: this.keys[0].publicKey.export({ format: 'pem', type: 'spki' }) });
    }
    if (req.headers['x-internal-token'] !== this.internalToken) return json(401, { statusCode: 401, error: 'Unauthorized', message: 'bad internal token' });
    this.calls.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
    if (url.pathname === '/internal/revocations') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return json(200, { now: Date.now(), revoked: this.revoked.filter((r) => r.revokedAt >= since) });
    }
    if (url.pathname === '/internal/changes') {
      if (this.refuseStreams) return json(503, { message: 'not now' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': connected\n\n');
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/internal/bridge')) {
      if (this.bridgeMode === 'down') return void req.socket.destroy();
      if (this.bridgeMode === 'failing') return json(500, { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'secret internals', errorId: 'cp-error-1' });
      return json(200, this.bridgeAnswer(url, req.headers, body));
    }
    json(404, { message: 'not found' });
  }

  /** Shapes of SPEC §4, built from the scope headers so a test sees which tenancy the gate sent. */
  private bridgeAnswer(url: URL, headers: IncomingMessage['headers'], body: string): unknown {
    const envs = String(headers['x-scope-envs'] ?? '').split(',').filter(Boolean);
    const org = String(headers['x-scope-org'] ?? '');
    const route = url.pathname.slice('/internal/bridge'.length);
    const event = (id: string, env: string) => ({
      id,
      type: 'PUBLISH_API',
      payload: JSON.stringify({ id, environmentId: env }),
      parentId: null,
      properties: { api_id: id },
      environments: [env],
      organizations: [org],
      createdAt: 1,
      updatedAt: 1,
    });
    switch (route) {
      case '':
        return BRIDGE_VERSION;
      case '/eventsLatest/_search':
        return envs.map((env) => event(`api-of-${env}`, env));
      case '/events/_search': {
        const content = envs.map((env) => event(`evt-of-${env}`, env));
        return url.searchParams.has('page') ? { content, pageNumber: Number(url.searchParams.get('page')), pageElements: content.length, totalElements: content.length } : content;
      }
      case '/events/_createOrPatch':
        return JSON.parse(body || '{}');
      case '/keys/_findByCriteria':
        return envs.map((env) => ({ id: `key-${env}`, key: `k-${env}`, environmentId: env }));
      case '/subscriptions/_search':
        return envs.map((env) => ({ id: `sub-${env}`, environmentId: env }));
      case '/environments':
        return envs.map((env) => ({ id: env, organizationId: org }));
      case '/organizations':
        return [{ id: org }];
      case '/installation':
        return { id: 'installation-1', additionalInformation: {} };
      default:
        return { unknownRoute: route };
    }
  }
}

export interface GateAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

/** A client trusting the project's CA, as gateways do; answers are not decompressed, so gzip is visible. */
export class GateClient {
  readonly dispatcher: Dispatcher;

  constructor(
    readonly baseUrl: string,
    caFile?: string,
    connections = 16,
  ) {
    this.dispatcher = new Agent({ connections, connect: caFile ? { ca: readFileSync(caFile) } : {}, keepAliveTimeout: 30_000 });
  }

  async call(method: 'GET' | 'POST', path: string, options: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<GateAnswer> {
    const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
    if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await request(`${this.baseUrl}${path}`, { method, headers, body: options.body, dispatcher: this.dispatcher });
    const raw = Buffer.from(await res.body.arrayBuffer());
    const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return { status: res.statusCode, headers: res.headers, raw, text, json: <T>() => JSON.parse(text) as T };
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
