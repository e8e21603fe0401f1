import { Client, errors } from '@elastic/elasticsearch';

export interface ElasticsearchAdapterOptions {
  url: string;
  requestTimeoutMs?: number;
  maxRetries?: number;
}

/** The one place that knows `@elastic/elasticsearch`. */
export class ElasticsearchAdapter {
  readonly client: Client;

  constructor(options: ElasticsearchAdapterOptions) {
    this.client = new Client({
      node: options.url,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 0,
      compression: false,
    });
  }

  async ping(): Promise<{ status: string }> {
    const health = await this.client.cluster.health({ timeout: '2s' });
    return { status: health.status };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** HTTP status of a failed call, or undefined for connection-level failures. */
export function statusOfError(err: unknown): number | undefined {
  if (err instanceof errors.ResponseError) return err.statusCode ?? undefined;
  return undefined;
}

export function isConnectionError(err: unknown): boolean {
  return err instanceof errors.ConnectionError || err instanceof errors.TimeoutError || err instanceof errors.NoLivingConnectionsError;
}

export { errors as ElasticsearchErrors };
