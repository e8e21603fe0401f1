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
  const body = new GrowingBuffer(items.length * 1024);
  // Text between two byte pieces is written at once: a document's appended fields, its newline and
  // the next action line are one write.
  let text = '';
  let lastIndex: string | undefined;
  let action = '';
  for (const { index, id, source } of items) {
    if (index !== lastIndex) {
      lastIndex = index;
      action = `{"index":{"_index":${JSON.stringify(index)},"_id":`;
    }
    text += `${action}${JSON.stringify(id)}}}\n`;
    if (typeof source === 'string') text += source;
    else {
      for (const piece of source) {
        if (typeof piece === 'string') text += piece;
        else {
          body.text(text);
          text = '';
          body.bytes(piece);
        }
      }
    }
    text += '\n';
  }
  body.text(text);
  return body.filled();
}

/** Bytes written one after another into a buffer that grows as needed. */
class GrowingBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  text(value: string): void {
    if (value === '') return;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.reserve(value.length * 3);
    this.length += this.buffer.write(value, this.length);
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  filled(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
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
