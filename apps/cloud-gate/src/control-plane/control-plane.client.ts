import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent as HttpAgent, IncomingMessage, OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { CloudGateConfig } from '@app/config';
import { CloudGateError } from '../cloud-gate.errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ControlPlaneAnswer {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** A streaming answer: the caller reads (or `resume()`s) the body. */
export interface ControlPlaneStream {
  statusCode: number;
  body: IncomingMessage;
}

/** Headers naming the verified token's tenancy (docs/internal-api.md). */
export type ScopeHeaders = Record<`x-scope-${string}`, string>;

const MAX_SOCKETS = 64;

/**
 * The gate's one way to the control plane: keep-alive connections (Node's own http agent: the gate
 * holds every connected gateway's request, so it keeps its own footprint small) with timeouts. A
 * control plane that does not answer becomes `CONTROL_PLANE_UNAVAILABLE` (503).
 */
@Injectable()
export class ControlPlaneClient implements OnApplicationShutdown {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly config: CloudGateConfig) {
    this.base = new URL(config.CONTROL_PLANE_URL);
    const secure = this.base.protocol === 'https:';
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }) : new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.send = secure ? httpsRequest : httpRequest;
  }

  /** Internal API call carrying the shared secret. */
  async internal(method: HttpMethod, pathAndQuery: string, headers: Record<string, string> = {}, body?: Buffer): Promise<ControlPlaneAnswer> {
    return this.call(method, pathAndQuery, { ...headers, 'x-internal-token': this.config.INTERNAL_API_TOKEN }, body);
  }

  /** Public endpoints (JWKS, license key): no secret sent. */
  async public(pathAndQuery: string): Promise<ControlPlaneAnswer> {
    return this.call('GET', pathAndQuery, {});
  }

  async internalJson<T>(pathAndQuery: string): Promise<T> {
    return this.parseJson<T>(await this.internal('GET', pathAndQuery), pathAndQuery);
  }

  async publicJson<T>(pathAndQuery: string): Promise<T> {
    return this.parseJson<T>(await this.public(pathAndQuery), pathAndQuery);
  }

  /**
   * Opens a long-lived streaming GET (the change stream); the caller owns the body, which fails
   * when nothing arrives for `idleTimeoutMs` or when `signal` aborts.
   */
  async stream(pathAndQuery: string, idleTimeoutMs: number, signal: AbortSignal): Promise<ControlPlaneStream> {
    const response = await this.exchange('GET', pathAndQuery, { accept: 'text/event-stream', 'x-internal-token': this.config.INTERNAL_API_TOKEN }, undefined, signal);
    response.setTimeout(idleTimeoutMs, () => response.destroy(new Error(`nothing received for ${idleTimeoutMs} ms`)));
    return { statusCode: response.statusCode ?? 0, body: response };
  }

  onApplicationShutdown(): void {
    this.agent.destroy();
  }

  private async call(method: HttpMethod, pathAndQuery: string, headers: Record<string, string>, body?: Buffer): Promise<ControlPlaneAnswer> {
    let response: IncomingMessage;
    let payload: Buffer;
    try {
      response = await this.exchange(
        method,
        pathAndQuery,
        { accept: 'application/json', 'accept-encoding': 'identity', ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      );
      payload = await this.readAll(response);
    } catch (err) {
      throw unavailable(err);
    }
    const status = response.statusCode ?? 0;
    const route = `${method} ${pathAndQuery.split('?')[0]}`;
    // A rejected shared secret is our misconfiguration, not the gateway's: never let it look like a token problem.
    if (status === 401 || status === 403 || status === 502 || status === 503 || status === 504) {
      throw new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane answered ${status} on ${route}`);
    }
    // The control plane's own failure is never relayed as if it were an answer about the gateway's request.
    if (status >= 500 || status < 100) {
      const upstreamErrorId = errorIdOf(payload);
      throw new CloudGateError('CONTROL_PLANE_FAILED', `the control plane failed on ${route}${upstreamErrorId ? ` (its error id ${upstreamErrorId})` : ''}; retry later`, {
        controlPlaneStatus: status,
        ...(upstreamErrorId ? { controlPlaneErrorId: upstreamErrorId } : {}),
      });
    }
    return { status, contentType: response.headers['content-type'], body: payload };
  }

  /** Sends the request; resolves with the response once its headers arrived within the timeout. */
  private exchange(method: HttpMethod, pathAndQuery: string, headers: OutgoingHttpHeaders, body?: Buffer, signal?: AbortSignal): Promise<IncomingMessage> {
    const timeoutMs = this.config.CONTROL_PLANE_TIMEOUT_MS;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = this.send(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          method,
          path: this.pathOf(pathAndQuery),
          headers: body ? { ...headers, 'content-length': body.length } : headers,
          agent: this.agent,
          signal,
        },
        (response) => {
          clearTimeout(timer);
          resolve(response);
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      request.end(body);
    });
  }

  /** The whole body, failing when nothing arrives for the call timeout. */
  private readAll(response: IncomingMessage): Promise<Buffer> {
    const timeoutMs = this.config.CONTROL_PLANE_TIMEOUT_MS;
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      response.setTimeout(timeoutMs, () => response.destroy(new Error(`the answer stalled for ${timeoutMs} ms`)));
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('the control plane closed the connection mid-answer')));
    });
  }

  private parseJson<T>(answer: ControlPlaneAnswer, what: string): T {
    if (answer.status !== 200) throw new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane answered ${answer.status} on ${what.split('?')[0]}`);
    try {
      return JSON.parse(answer.body.toString('utf8')) as T;
    } catch {
      throw new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane sent invalid JSON on ${what.split('?')[0]}`);
    }
  }

  /** The control plane may live under a path prefix (behind a proxy). */
  private pathOf(pathAndQuery: string): string {
    return `${this.base.pathname.replace(/\/+$/, '')}${pathAndQuery}`;
  }
}

/** The `errorId` of a control-plane 5xx body, so both logs can be joined; nothing else of it is kept. */
function errorIdOf(payload: Buffer): string | undefined {
  try {
    const id = (JSON.parse(payload.subarray(0, 4096).toString('utf8')) as { errorId?: unknown }).errorId;
    return typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(err: unknown): CloudGateError {
  if (err instanceof CloudGateError) return err;
  return new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane unreachable: ${err instanceof Error ? err.message : String(err)}`);
}
