import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaAdapter } from '@app/kafka';
import { probe } from '@app/observability';
import { ChangeStreamService } from '../control-plane/change-stream.service';
import { ReportsProducer } from '../reports/reports.producer';

/**
 * Liveness and readiness of the gate's dependencies. The gate keeps serving `/sync` with Kafka
 * down; this is where an operator sees it.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaAdapter,
    private readonly reports: ReportsProducer,
    private readonly changes: ChangeStreamService,
  ) {}

  @Get()
  async check(@Res() res: Response): Promise<void> {
    try {
      res.status(200).json(await this.health.check(this.indicatorsToCheck()));
    } catch (err) {
      // Terminus reports a failing dependency as a 503 whose body names it; keep that body.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503).json(err.getResponse());
    }
  }

  private indicatorsToCheck() {
    return [
      () =>
        probe(this.indicators, 'kafka', async () => {
          if (!this.reports.isProducerRunning) throw new Error('the report producer thread is restarting');
          return { ...(await this.kafka.ping()), topic: this.reports.topic, topicReady: this.reports.isTopicReady };
        }),
      () =>
        probe(this.indicators, 'controlPlane', async () => {
          if (!this.changes.isConnected) throw new Error('change stream not connected');
          return { changeStream: 'connected' };
        }),
    ];
  }
}
