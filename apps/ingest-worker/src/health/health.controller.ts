import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { KafkaAdapter } from '@app/kafka';
import { probe } from '@app/observability';
import { ReportsConsumer } from '../ingest/reports.consumer';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaAdapter,
    private readonly es: ElasticsearchAdapter,
    private readonly consumer: ReportsConsumer,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => probe(this.indicators, 'kafka', () => this.kafka.ping()),
      () => probe(this.indicators, 'elasticsearch', () => this.es.ping()),
      () => probe(this.indicators, 'consumer', () => this.consumerStatus()),
    ]);
  }

  /** Up while the worker is a member of its group (its batches may still be waiting on Elasticsearch). */
  private async consumerStatus(): Promise<Record<string, unknown>> {
    const status = this.consumer.status();
    if (status.state !== 'running') throw new Error(`consumer is ${status.state}`);
    return { ...status };
  }
}
