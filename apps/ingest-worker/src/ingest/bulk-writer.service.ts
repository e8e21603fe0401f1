import { Injectable, Logger } from '@nestjs/common';
import { IngestWorkerConfig } from '@app/config';
import { BulkItemResult, ElasticsearchAdapter, isConnectionError, statusOfError } from '@app/elasticsearch';
import { BatchControl, backoffDelay, waitActively, withHeartbeats } from './backoff';
import { ANALYTICS_TEMPLATE, ANALYTICS_TEMPLATE_NAME } from './index-template';
import { IngestMetrics } from './ingest.metrics';
import { ReportDocument } from './report-document';

export interface RejectedItem {
  /** Position of the item in the list given to `write`. */
  position: number;
  reason: string;
}

/** Worth retrying: Elasticsearch is overloaded (429) or failing (5xx), not refusing the document. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Writes documents to Elasticsearch until every one is either accepted or refused for good.
 * Retries (with backoff, heartbeating) whole requests that fail and single items answered
 * 429/5xx; never returns before that, unless the batch is abandoned (`BatchAbandonedError`).
 */
@Injectable()
export class BulkWriter {
  private readonly logger = new Logger(BulkWriter.name);
  private templateInstalled = false;
  private readonly indicesReady = new Set<string>();
  private waitingSince?: number;

  constructor(
    private readonly es: ElasticsearchAdapter,
    private readonly config: IngestWorkerConfig,
    private readonly metrics: IngestMetrics,
  ) {}

  /** Since when writes have been failing (Elasticsearch down or refusing), for health. */
  get blockedSince(): number | undefined {
    return this.waitingSince;
  }

  async write(items: ReportDocument[], control: BatchControl): Promise<RejectedItem[]> {
    const rejected: RejectedItem[] = [];
    let pending = items.map((_, position) => position);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await waitActively(backoffDelay(attempt - 1, this.config.INGEST_RETRY_MAX_BACKOFF_MS), control);
      const batch = pending.map((p) => items[p]);
      let results: BulkItemResult[];
      try {
        await withHeartbeats(control, () => this.prepareIndices(batch));
        results = await withHeartbeats(control, () => this.timedBulk(batch));
      } catch (err) {
        this.noteFailure(err, pending.length);
        continue;
      }
      const retry: number[] = [];
      const indexed = new Map<string, number>();
      results.forEach((result, k) => {
        const position = pending[k];
        if (result.status < 300) indexed.set(items[position].type, (indexed.get(items[position].type) ?? 0) + 1);
        else if (isRetryableStatus(result.status)) retry.push(position);
        else rejected.push({ position, reason: `${result.status} ${result.error?.type ?? 'error'}: ${result.error?.reason ?? 'refused'}` });
      });
      for (const [type, count] of indexed) this.metrics.documentsIndexed.inc({ type }, count);
      if (retry.length > 0) {
        this.metrics.bulkRetries.inc({ cause: 'item' }, retry.length);
        this.logger.warn({ retrying: retry.length, of: pending.length }, 'Elasticsearch asked to retry some documents');
      }
      pending = retry;
    }
    this.waitingSince = undefined;
    return rejected;
  }

  private async timedBulk(items: ReportDocument[]): Promise<BulkItemResult[]> {
    const end = this.metrics.bulkDuration.startTimer();
    try {
      const results = await this.es.bulkIndex(items);
      end({ outcome: 'ok' });
      return results;
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  }

  /** The template before any index exists, then each daily index with its alias (once per process). */
  private async prepareIndices(items: ReportDocument[]): Promise<void> {
    if (!this.templateInstalled) {
      await this.es.putIndexTemplate(ANALYTICS_TEMPLATE_NAME, ANALYTICS_TEMPLATE);
      this.templateInstalled = true;
    }
    for (const item of items) {
      if (this.indicesReady.has(item.index)) continue;
      await this.es.ensureIndexWithAlias(item.index, item.alias);
      this.indicesReady.add(item.index);
    }
  }

  private noteFailure(err: unknown, documents: number): void {
    this.waitingSince ??= Date.now();
    const cause = isConnectionError(err) ? 'unreachable' : `status-${statusOfError(err) ?? 'unknown'}`;
    this.metrics.bulkRetries.inc({ cause: isConnectionError(err) ? 'unreachable' : 'request' });
    this.logger.warn({ cause, documents, err: err instanceof Error ? err.message : String(err) }, 'Elasticsearch write failed; retrying without committing');
  }
}

