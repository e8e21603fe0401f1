import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { GatewayConfig } from '@app/config';
import { MetricsReport } from '@app/contracts';
import { MetricsService } from '@app/observability';
import { CloudGateClient, CloudGateError } from '../cloud-gate/cloud-gate.client';
import { SyncService } from '../sync/sync.service';
import { backoffDelay, isRetryable } from './backoff';
import { ReportBuffer } from './report-buffer';

/** How long a clean shutdown may spend sending what is left. */
const SHUTDOWN_FLUSH_MS = 5000;

/**
 * Sends metrics reports to the Cloud Gate in batches (a full batch, or whatever is waiting every
 * flush interval, like Gravitee's cloud reporter), gzip NDJSON, one batch in flight at a time.
 * A failed batch that may succeed later goes back to the front of the buffer and is retried with
 * exponential backoff; a batch the gate rejects for good (`4xx`) is dropped and counted.
 */
@Injectable()
export class ReporterService {
  private readonly logger = new Logger(ReporterService.name);
  private readonly buffer: ReportBuffer<MetricsReport>;
  private readonly dropped: Counter<'reason'>;
  private readonly sent: Counter;
  private readonly abort = new AbortController();
  private wake?: () => void;
  private loop?: Promise<void>;
  private attempt = 0;

  constructor(
    private readonly config: GatewayConfig,
    private readonly cloudGate: CloudGateClient,
    metrics: MetricsService,
    private readonly sync: SyncService,
  ) {
    this.buffer = new ReportBuffer(config.GATEWAY_REPORT_BUFFER_MAX);
    this.dropped = metrics.counter('gateway_reports_dropped_total', 'Reports dropped: buffer full or rejected by the Cloud Gate', ['reason']);
    this.sent = metrics.counter('gateway_reports_sent_total', 'Reports accepted by the Cloud Gate');
    const buffer = this.buffer;
    new Gauge({
      name: 'gateway_reports_buffered',
      help: 'Reports waiting to be sent',
      registers: [metrics.registry],
      collect() {
        this.set(buffer.size);
      },
    });
  }

  start(): void {
    this.loop = this.run();
  }

  report(report: MetricsReport): void {
    if (this.buffer.push(report) > 0) this.dropped.inc({ reason: 'buffer_full' });
    if (this.buffer.size >= this.config.GATEWAY_REPORT_BATCH_SIZE && this.attempt === 0) this.wake?.();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    // Last chance for what is still buffered; a gate that is away now loses it.
    const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
    while (this.buffer.size > 0 && Date.now() < deadline) {
      if (!(await this.sendBatch())) break;
    }
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      const delay = this.attempt === 0 ? this.config.GATEWAY_REPORT_FLUSH_MS : backoffDelay(this.attempt - 1);
      await this.pause(delay);
      if (this.abort.signal.aborted) return;
      while (this.buffer.size > 0 && !this.abort.signal.aborted) {
        if (!(await this.sendBatch())) break;
        if (this.buffer.size < this.config.GATEWAY_REPORT_BATCH_SIZE) break;
      }
    }
  }

  /** Sends one batch; `false` when it must be retried later. */
  private async sendBatch(): Promise<boolean> {
    const batch = this.buffer.take(this.config.GATEWAY_REPORT_BATCH_SIZE);
    if (batch.length === 0) return true;
    try {
      await this.cloudGate.postReports(batch.map((r) => JSON.stringify(r)).join('\n') + '\n');
      this.sent.inc(batch.length);
      if (this.attempt > 0) this.logger.log(`reports reach the Cloud Gate again (${batch.length} sent)`);
      this.attempt = 0;
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof CloudGateError && err.failure === 'unauthorized') this.sync.checkNow('the Cloud Gate refused reports with 401');
      if (!isRetryable(err)) {
        this.dropped.inc({ reason: 'rejected' }, batch.length);
        this.logger.error(`the Cloud Gate rejected ${batch.length} reports for good, dropped: ${message}`);
        return true;
      }
      const overflow = this.buffer.requeue(batch);
      if (overflow > 0) this.dropped.inc({ reason: 'buffer_full' }, overflow);
      if (this.attempt === 0) this.logger.warn(`could not send ${batch.length} reports, retrying with backoff: ${message}`);
      this.attempt++;
      const retryAfter = err instanceof CloudGateError ? err.retryAfterMs : undefined;
      if (retryAfter) await this.pause(retryAfter);
      return false;
    }
  }

  private async pause(ms: number): Promise<void> {
    if (this.abort.signal.aborted) return;
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([sleep(ms, undefined, { signal: this.abort.signal }).catch(() => undefined), woken]);
    this.wake = undefined;
  }
}
