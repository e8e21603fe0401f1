import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaAdapter } from '@app/kafka';
import { probe } from '@app/observability';
import { ChangeStreamService } from '../control-plane/change-stream.service';
import { ReportsProducer } from '../reports/reports.producer';

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
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        probe(this.indicators, 'kafka', async () => ({ ...(await this.kafka.ping()), topic: this.reports.topic, topicReady: this.reports.isTopicReady })),
      () =>
        probe(this.indicators, 'controlPlane', async () => {
          if (!this.changes.isConnected) throw new Error('change stream not connected');
          return { changeStream: 'connected' };
        }),
    ]);
  }
}
