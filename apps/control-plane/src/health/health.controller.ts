import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { probe } from '@app/observability';
import { ApiRoute, PublicRoute } from '../openapi/api-docs.decorators';

export type ControlPlaneHealth = HealthCheckResult & { degraded?: string[] };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly es: ElasticsearchAdapter,
  ) {}

  /**
   * Down (503) without PostgreSQL, which every call needs. Elasticsearch only serves analytics queries:
   * without it the control plane is up and says what is degraded.
   */
  @Get()
  @ApiRoute({ operationId: 'getHealth', summary: 'Liveness and readiness of the control plane and its dependencies' })
  @PublicRoute()
  @HealthCheck()
  async check(): Promise<ControlPlaneHealth> {
    const [result, es] = await Promise.all([
      this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]),
      probe(this.indicators, 'elasticsearch', () => this.es.ping()),
    ]);
    const elasticsearch = es.elasticsearch;
    if (elasticsearch.status === 'up') return { ...result, info: { ...result.info, elasticsearch }, details: { ...result.details, elasticsearch } };
    const down = { ...elasticsearch, impact: 'analytics degraded: analytics queries answer 503 until Elasticsearch is back' };
    return { ...result, degraded: ['analytics'], error: { ...result.error, elasticsearch: down }, details: { ...result.details, elasticsearch: down } };
  }
}
