import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaAdapter } from '@app/kafka';
import { probe } from '@app/observability';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaAdapter,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => probe(this.indicators, 'kafka', () => this.kafka.ping())]);
  }
}
