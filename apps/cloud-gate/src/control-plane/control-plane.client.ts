import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { CloudGateConfig } from '@app/config';
import { CloudGateError } from '../cloud-gate.errors';

export type HttpMethod = 'GET' | 'POST';

export interface ControlPlaneAnswer {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** Headers naming the verified token's tenancy (docs/internal-api.md). */
export type ScopeHeaders = Record<`x-scope-${string}`, string>;

/**
 * The gate's one way to the control plane: a keep-alive connection pool with timeouts.
 * A control plane that does not answer becomes `CONTROL_PLANE_UNAVAILABLE` (503).
 */
@Injectable()
export class ControlPlaneClient implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly base: URL;

  constructor(private readonly config: CloudGateConfig) {
    this.base = new URL(config.CONTROL_PLANE_URL);
    this.pool = new Pool(this.base.origin, {
      connections: 64,
      keepAliveTimeout: 30_000,
      headersTimeout: config.CONTROL_PLANE_TIMEOUT_MS,
      bodyTimeout: config.CONTROL_PLANE_TIMEOUT_MS,
      connect: { timeout: Math.min(config.CONTROL_PLANE_TIMEOUT_MS, 5000) },
    });
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

  /** Opens a long-lived streaming GET (the change stream); the caller owns the body. */
  async stream(pathAndQuery: string, idleTimeoutMs: number, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    return this.pool.request({
      method: 'GET',
      path: this.pathOf(pathAndQuery),
      headers: { accept: 'text/event-stream', 'x-internal-token': this.config.INTERNAL_API_TOKEN },
      headersTimeout: this.config.CONTROL_PLANE_TIMEOUT_MS,
      bodyTimeout: idleTimeoutMs,
      signal,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy().catch(() => undefined);
  }

  private async call(method: HttpMethod, pathAndQuery: string, headers: Record<string, string>, body?: Buffer): Promise<ControlPlaneAnswer> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        method,
        path: this.pathOf(pathAndQuery),
        headers: { accept: 'application/json', 'accept-encoding': 'identity', ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      });
    } catch (err) {
      throw unavailable(err);
    }
    let payload: Buffer;
    try {
      payload = Buffer.from(await response.body.arrayBuffer());
    } catch (err) {
      throw unavailable(err);
    }
    // A rejected shared secret is our misconfiguration, not the gateway's: never let it look like a token problem.
    if (response.statusCode === 401 || response.statusCode === 403 || response.statusCode >= 502) {
      throw new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane answered ${response.statusCode} on ${method} ${pathAndQuery.split('?')[0]}`);
    }
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body: payload };
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

function unavailable(err: unknown): CloudGateError {
  const reason = err instanceof undiciErrors.UndiciError || err instanceof Error ? err.message : String(err);
  return new CloudGateError('CONTROL_PLANE_UNAVAILABLE', `control plane unreachable: ${reason}`);
}
