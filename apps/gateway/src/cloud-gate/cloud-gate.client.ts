import { gunzipSync, gzipSync } from 'node:zlib';
import { Dispatcher, request } from 'undici';
import {
  BridgeApiKey,
  BridgeEvent,
  BridgeSubscription,
  EventCriteria,
  EventGroup,
  Page,
} from '@app/contracts';

/** `unauthorized`: the gate refused the token (revoked, expired); `http`: another error answer; `network`: no answer. */
export type CloudGateFailure = 'unauthorized' | 'http' | 'network';

export class CloudGateError extends Error {
  constructor(
    readonly failure: CloudGateFailure,
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly retryAfterMs?: number,
    /** For `network` failures: the system or TLS error code (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, ...). */
    readonly networkCode?: string,
  ) {
    super(message);
    this.name = 'CloudGateError';
  }
}

interface CallOptions {
  body?: unknown;
  /** Pre-serialized body (reports: NDJSON). */
  raw?: { data: string; contentType: string };
  gzip?: boolean;
  auth?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ChangeAnswer {
  changed: boolean;
  environmentIds: string[];
  /** The gate's clock when it answered: the `since` of the next wait. */
  now: number;
}

/** A heartbeat event, whole or as a patch (only `id`, `type`, `updatedAt`, `properties`). */
export type HeartbeatEvent = Pick<BridgeEvent, 'id' | 'type' | 'properties' | 'updatedAt'> & {
  payload: string | null;
  environments: string[] | null;
  parentId?: string | null;
  createdAt?: number | null;
  organizations?: string[];
};

/** Gravitee's `io.gravitee.node.api.Monitoring`. */
export interface NodeMonitoringRecord {
  id: string | null;
  nodeId: string;
  type: 'NODE_INFOS' | 'HEALTH_CHECK' | 'MONITOR';
  payload: string;
  createdAt: number | null;
  evaluatedAt: number;
  updatedAt: number;
}

export interface KeyCriteria {
  environments: string[];
  includeRevoked: boolean;
  from?: number;
  to?: number;
}

export interface SubscriptionCriteria {
  environments: string[];
  from?: number;
  to?: number;
}

/** Adapter to one Cloud Gate: the SPEC §4 bridge routes, `/reports` and the license public key. */
export class CloudGateClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly dispatcher: Dispatcher,
    private readonly timeoutMs = 10_000,
  ) {}

  async licensePublicKey(): Promise<string> {
    const body = await this.call<{ publicKey?: unknown }>('GET', '/license/public-key', { auth: false });
    if (typeof body.publicKey !== 'string' || !body.publicKey.includes('PUBLIC KEY')) {
      throw new CloudGateError('http', 'the Cloud Gate answered /license/public-key without a PEM public key');
    }
    return body.publicKey;
  }

  /** Latest event per group key, one page (pages start at 0). */
  async latestEvents(group: EventGroup, criteria: EventCriteria, page: number, size: number): Promise<Page<BridgeEvent>> {
    const answer = await this.call<Page<BridgeEvent> | BridgeEvent[]>('POST', `/sync/_bridge/eventsLatest/_search?group=${group}&page=${page}&size=${size}`, {
      body: criteria,
    });
    return Array.isArray(answer) ? { content: answer, pageNumber: page, pageElements: answer.length, totalElements: answer.length } : answer;
  }

  /**
   * The gate's long-poll: answers as soon as one of the token's environments changed after `since`
   * (the gate's clock, from its previous answer), or with `changed: false` after `waitMs`.
   */
  async waitForChange(since: number | undefined, waitMs: number, signal: AbortSignal): Promise<ChangeAnswer> {
    const query = `timeout=${waitMs}${since !== undefined ? `&since=${since}` : ''}`;
    return this.call<ChangeAnswer>('GET', `/sync/_bridge/changes?${query}`, { timeoutMs: this.timeoutMs + waitMs, signal });
  }

  async findKeys(criteria: KeyCriteria): Promise<BridgeApiKey[]> {
    return contentOf(await this.call<BridgeApiKey[] | Page<BridgeApiKey>>('POST', '/sync/_bridge/keys/_findByCriteria', { body: criteria }));
  }

  async searchSubscriptions(criteria: SubscriptionCriteria): Promise<BridgeSubscription[]> {
    return contentOf(await this.call<BridgeSubscription[] | Page<BridgeSubscription>>('POST', '/sync/_bridge/subscriptions/_search', { body: criteria }));
  }

  /** A heartbeat: the whole event the first time, then patches of it (`payload: null`), as Gravitee's gateway sends them. */
  async createOrPatchEvent(event: HeartbeatEvent): Promise<void> {
    await this.call<unknown>('POST', '/sync/_bridge/events/_createOrPatch', { body: event });
  }

  /** The node's own monitoring record of one type (`NODE_INFOS`, `HEALTH_CHECK`, `MONITOR`); `id: null` updates it by node and type. */
  async saveNodeMonitoring(record: NodeMonitoringRecord): Promise<void> {
    await this.call<unknown>('PUT', '/sync/_bridge/node/monitoring', { body: record });
  }

  /** One batch of reports as gzip NDJSON. */
  async postReports(ndjson: string): Promise<void> {
    await this.call<unknown>('POST', '/reports', { raw: { data: ndjson, contentType: 'application/x-ndjson' }, gzip: true });
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
    if (options.auth !== false) headers.authorization = `Bearer ${this.token}`;
    let payload: Buffer | undefined;
    if (options.raw || options.body !== undefined) {
      const text = options.raw ? options.raw.data : JSON.stringify(options.body);
      headers['content-type'] = options.raw ? options.raw.contentType : 'application/json';
      payload = Buffer.from(text);
      if (options.gzip) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
    }
    const timeout = options.timeoutMs ?? this.timeoutMs;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: payload,
        dispatcher: this.dispatcher,
        signal: options.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      throw new CloudGateError('network', `Cloud Gate ${this.baseUrl} unreachable: ${describe(err)}`, undefined, undefined, undefined, networkCodeOf(err));
    }
    let raw: Buffer;
    try {
      raw = Buffer.from(await res.body.arrayBuffer());
    } catch (err) {
      throw new CloudGateError('network', `Cloud Gate ${this.baseUrl} broke off its answer: ${describe(err)}`);
    }
    if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const text = raw.toString('utf8');
    if (res.statusCode >= 400) throw errorFromAnswer(res.statusCode, text, res.headers['retry-after'], `${method} ${path}`);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new CloudGateError('http', `Cloud Gate answered ${method} ${path} with a body that is not JSON`, res.statusCode);
    }
  }
}

function contentOf<T>(answer: T[] | Page<T>): T[] {
  return Array.isArray(answer) ? answer : (answer?.content ?? []);
}

function networkCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : typeof cause === 'string' ? cause : undefined;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  const code = (err as Error & { code?: string }).code;
  return [err.message, code, cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
}

function errorFromAnswer(status: number, text: string, retryAfter: string | string[] | undefined, what: string): CloudGateError {
  let code: string | undefined;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    /* not JSON: keep the text */
  }
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  const failure: CloudGateFailure = status === 401 ? 'unauthorized' : 'http';
  return new CloudGateError(failure, `Cloud Gate refused ${what} with ${status}${code ? ` ${code}` : ''}: ${message}`, status, code, retryAfterMs);
}
