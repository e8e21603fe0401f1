import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/observability';

/** The gate's own Prometheus series, beside the per-route HTTP metrics every service has. */
@Injectable()
export class GateMetrics {
  readonly reportsAccepted: Counter;
  readonly reportsRejected: Counter;
  readonly kafkaProduceSeconds: Histogram<'outcome'>;
  readonly syncWaiting: Gauge;
  readonly changeStreamConnected: Gauge;
  readonly revokedTokens: Gauge;
  readonly reportsInFlightBytes: Gauge;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.reportsAccepted = metrics.counter('cloud_gate_reports_accepted_total', 'Report lines acknowledged by Kafka');
    this.reportsRejected = metrics.counter('cloud_gate_reports_rejected_total', 'Report lines rejected by validation');
    this.kafkaProduceSeconds = metrics.histogram('cloud_gate_kafka_produce_seconds', 'Time for Kafka to acknowledge one /reports batch (acks=all)', ['outcome'], [
      0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    this.syncWaiting = new Gauge({ name: 'cloud_gate_sync_waiting_requests', help: 'Gateway requests waiting for a change', registers });
    this.changeStreamConnected = new Gauge({
      name: 'cloud_gate_change_stream_connected',
      help: '1 while the change/revocation stream from the control plane is connected',
      registers,
    });
    this.revokedTokens = new Gauge({ name: 'cloud_gate_revoked_tokens', help: 'Revoked token ids known to this gate', registers });
    this.reportsInFlightBytes = new Gauge({
      name: 'cloud_gate_reports_inflight_bytes',
      help: '/reports body bytes held by the calls under way (bounded by REPORTS_MAX_INFLIGHT_BYTES)',
      registers,
    });
  }
}
