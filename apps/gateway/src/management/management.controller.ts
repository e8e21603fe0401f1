import { Controller, Get, Header } from '@nestjs/common';
import { MetricsService } from '@app/observability';

/** The gateway's management API, at the paths Gravitee's gateway uses. */
@Controller('_node')
export class ManagementController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('metrics/prometheus')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  prometheus(): Promise<string> {
    return this.metrics.render();
  }
}
