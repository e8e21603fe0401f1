import { Client, errors } from '@elastic/elasticsearch';
import type { estypes } from '@elastic/elasticsearch';

export type { estypes };

/**
 * A document's JSON on one line (bulk bodies are line-delimited): as text, or as pieces, text and
 * UTF-8 bytes, that join into it (a document can then reuse bytes it arrived in, uncopied until here).
 */
export type DocumentSource = string | ReadonlyArray<string | Uint8Array>;

/** One document to index (create or overwrite) under an explicit id. */
export interface BulkIndexItem {
  index: string;
  id: string;
  source: DocumentSource;
}

/** Outcome of one bulk item, in request order: `status` is the item's HTTP status. */
export interface BulkItemResult {
  status: number;
  error?: { type: string; reason: string };
}

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

  /** Cluster colour under `cluster` (`status` is reserved by health reports). */
  async ping(): Promise<{ cluster: string }> {
    const health = await this.client.cluster.health({ timeout: '2s' });
    return { cluster: health.status };
  }

  /**
   * One bulk request of `index` operations. Resolves with every item's own outcome (a bulk answers
   * 200 even when items failed); rejects only when the request as a whole failed.
   *
   * The NDJSON body is written here into one buffer from the documents' own pieces (the client
   * would serialise every line on its own), and Elasticsearch is asked for nothing but each item's
   * status and error: a full bulk answer repeats index, id, version and shard details for every
   * document.
   */
  async bulkIndex(items: BulkIndexItem[]): Promise<BulkItemResult[]> {
    if (items.length === 0) return [];
    const response = await this.client.bulk<Record<string, unknown>>({
      // The transport sends a buffer body as it is (typed as operations, it is only ever serialised).
      operations: bulkBody(items) as unknown as estypes.BulkOperationContainer[],
      filter_path: ['errors', 'items.*.status', 'items.*.error.type', 'items.*.error.reason'],
    });
    if (!Array.isArray(response.items) || response.items.length !== items.length) {
      throw new Error(`bulk answered ${Array.isArray(response.items) ? response.items.length : 'no'} items for ${items.length} documents`);
    }
    return response.items.map((entry) => {
      const outcome = entry.index ?? Object.values(entry)[0];
      const error = outcome?.error;
      return {
        status: outcome?.status ?? 500,
        ...(error ? { error: { type: error.type, reason: error.reason ?? error.type } } : {}),
      };
    });
  }

  /** Creates or replaces a composable index template (`PUT _index_template/<name>`). */
  async putIndexTemplate(name: string, body: Omit<estypes.IndicesPutIndexTemplateRequest, 'name'>): Promise<void> {
    await this.client.indices.putIndexTemplate({ name, ...body });
  }

  /** Creates the index if missing and makes sure it carries the alias; safe to call concurrently. */
  async ensureIndexWithAlias(index: string, alias: string): Promise<void> {
    try {
      await this.client.indices.create({ index, aliases: { [alias]: {} } });
    } catch (err) {
      if (!(err instanceof errors.ResponseError && err.body?.error?.type === 'resource_already_exists_exception')) throw err;
      await this.client.indices.putAlias({ index, name: alias });
    }
  }

  /** Searches indices that may not exist yet: a missing index or alias answers like an empty one. */
  async searchTolerant<T = Record<string, unknown>>(index: string, body: Omit<estypes.SearchRequest, 'index'>): Promise<estypes.SearchResponse<T>> {
    return this.client.search<T>({ index, ignore_unavailable: true, allow_no_indices: true, ...body });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * `{"index":{...}}` + document, one line each, as the bulk API reads them, in one buffer: text is
 * gathered into runs, and each run and each byte piece is copied once into the body.
 */
export function bulkBody(items: BulkIndexItem[]): Buffer {
  const parts: Array<string | Uint8Array> = [];
  let length = 0;
  let text = '';
  const flush = () => {
    if (text === '') return;
    parts.push(text);
    length += Buffer.byteLength(text);
    text = '';
  };
  for (const { index, id, source } of items) {
    text += `{"index":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(id)}}}\n`;
    for (const piece of typeof source === 'string' ? [source] : source) {
      if (typeof piece === 'string') text += piece;
      else {
        flush();
        parts.push(piece);
        length += piece.length;
      }
    }
    text += '\n';
  }
  flush();
  const body = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === 'string') offset += body.write(part, offset);
    else {
      body.set(part, offset);
      offset += part.length;
    }
  }
  return body;
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
