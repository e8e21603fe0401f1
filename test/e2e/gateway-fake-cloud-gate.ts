import { readFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ApiDefinitionV4, BridgeApiKey, BridgeEvent, BridgeSubscription, EventCriteria, EventType } from '@app/contracts';
import { testEnv } from '../support/env';

interface Waiter {
  since: number;
  respond: () => void;
}

/**
 * A small but real Cloud Gate for the gateway's end-to-end tests: HTTPS with the project's gate
 * certificate, the SPEC §4 bridge routes the gateway uses, the change long-poll, `/reports` and
 * `/license/public-key`. It keeps what gateways send so tests can look at it, and can be told to
 * refuse the token (as after a revocation).
 */
export class FakeCloudGate {
  readonly events = new Map<string, BridgeEvent>();
  readonly keys: BridgeApiKey[] = [];
  readonly subscriptions: BridgeSubscription[] = [];
  readonly heartbeats: BridgeEvent[] = [];
  /** `PUT node/monitoring` records, in arrival order. */
  readonly monitoring: Array<{ id: string | null; nodeId: string; type: string; payload: string }> = [];
  readonly reportBatches: Array<{ contentEncoding?: string; contentType?: string; reports: Array<Record<string, unknown>> }> = [];
  /** Answer every token-bearing request with 401 TOKEN_REVOKED. */
  revoked = false;
  /** Statuses to answer the next `/reports` calls with (then 202 again). */
  reportFailures: number[] = [];
  private lastChangeAt = 0;
  private waiters = new Set<Waiter>();
  private server?: https.Server;
  port = 0;

  constructor(
    private readonly token: string,
    private readonly licensePublicKey: string,
  ) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = https.createServer({ cert: readFileSync(testEnv.tlsCertFile), key: readFileSync(testEnv.tlsKeyFile) }, (req, res) => {
      this.handle(req, res).catch((err: Error) => this.json(res, 500, { message: err.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.respond();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What the control plane writes when an API is deployed (`PUBLISH_API`) or stopped (`STOP_API`). */
  apiEvent(type: EventType, definition: ApiDefinitionV4, environmentId: string, organizationId: string): void {
    const now = Math.max(Date.now(), (this.events.get(definition.id)?.updatedAt ?? 0) + 1);
    const payload = { id: definition.id, name: definition.name, environmentId, lifecycleState: type === 'STOP_API' ? 'STOPPED' : 'STARTED', definitionVersion: 'V4', definition: JSON.stringify(definition), deployedAt: now };
    this.events.set(definition.id, {
      id: definition.id,
      type,
      payload: JSON.stringify(payload),
      parentId: null,
      properties: { api_id: definition.id },
      environments: [environmentId],
      organizations: [organizationId],
      createdAt: now,
      updatedAt: now,
    });
    this.changed();
  }

  changed(): void {
    this.lastChangeAt = Date.now();
    for (const waiter of this.waiters) waiter.respond();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readAll(req);
    if (req.method === 'GET' && url.pathname === '/license/public-key') return this.json(res, 200, { algorithm: 'RSA', format: 'spki-pem', publicKey: this.licensePublicKey });
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.json(res, 401, { statusCode: 401, error: 'Unauthorized', code: 'TOKEN_INVALID', message: 'token not accepted' });
    if (this.revoked) return this.json(res, 401, { statusCode: 401, error: 'Unauthorized', code: 'TOKEN_REVOKED', message: 'this Cloud Token was revoked' });
    const body = raw.length > 0 ? (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8') : '';

    switch (`${req.method} ${url.pathname}`) {
      case 'POST /sync/_bridge/eventsLatest/_search': {
        const criteria = JSON.parse(body) as EventCriteria;
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('size'));
        const matching = [...this.events.values()].filter(
          (e) =>
            (!criteria.types || criteria.types.includes(e.type)) &&
            (criteria.from === undefined || e.updatedAt >= criteria.from) &&
            (criteria.to === undefined || e.updatedAt <= criteria.to) &&
            (!criteria.environments || e.environments.some((env) => criteria.environments!.includes(env))),
        );
        const content = matching.slice(page * size, page * size + size);
        return this.json(res, 200, { content, pageNumber: page, pageElements: content.length, totalElements: matching.length });
      }
      case 'POST /sync/_bridge/keys/_findByCriteria': {
        const criteria = JSON.parse(body) as { from?: number; to?: number; includeRevoked?: boolean };
        return this.json(res, 200, this.keys.filter((k) => inWindow(k.updatedAt, criteria) && (criteria.includeRevoked || !k.revoked)));
      }
      case 'POST /sync/_bridge/subscriptions/_search': {
        const criteria = JSON.parse(body) as { from?: number; to?: number };
        return this.json(res, 200, this.subscriptions.filter((s) => inWindow(s.updatedAt, criteria)));
      }
      case 'POST /sync/_bridge/events/_createOrPatch':
        this.heartbeats.push(JSON.parse(body) as BridgeEvent);
        return this.json(res, 200, JSON.parse(body));
      case 'PUT /sync/_bridge/node/monitoring': {
        const record = JSON.parse(body) as (typeof this.monitoring)[number];
        this.monitoring.push(record);
        return this.json(res, 200, { ...record, id: record.id ?? `monitoring-${record.type}` });
      }
      case 'GET /sync/_bridge/changes':
        return this.longPoll(url, res);
      case 'POST /reports': {
        const failure = this.reportFailures.shift();
        const reports = body.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
        this.reportBatches.push({ contentEncoding: req.headers['content-encoding'], contentType: req.headers['content-type'], reports });
        if (failure) return this.json(res, failure, { statusCode: failure, message: 'try later' });
        return this.json(res, 202, { accepted: reports.length, rejected: [] });
      }
      default:
        return this.json(res, 404, { statusCode: 404, message: `no route ${req.method} ${url.pathname}` });
    }
  }

  private longPoll(url: URL, res: http.ServerResponse): void {
    const since = Number(url.searchParams.get('since') ?? Date.now());
    const timeout = Number(url.searchParams.get('timeout') ?? 30_000);
    if (this.lastChangeAt > since) return this.json(res, 200, { changed: true, environmentIds: [], now: Date.now() });
    const waiter: Waiter = {
      since,
      respond: () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.json(res, 200, { changed: this.lastChangeAt > since, environmentIds: [], now: Date.now() });
      },
    };
    const timer = setTimeout(() => waiter.respond(), timeout);
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters.delete(waiter);
    });
    this.waiters.add(waiter);
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

function inWindow(updatedAt: number, criteria: { from?: number; to?: number }): boolean {
  return (criteria.from === undefined || updatedAt >= criteria.from) && (criteria.to === undefined || updatedAt <= criteria.to);
}

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
