import { Controller, Get, Header } from '@nestjs/common';
import { MetricsService } from '@app/observability';
import { ServedConfiguration } from '../proxy/served-configuration';
import { RateLimitRepository } from '../ratelimit/rate-limit.repository';
import { SyncService } from '../sync/sync.service';

/** The gateway's management API, at the paths Gravitee's gateway uses and at `/health`, `/metrics` like every service here. */
@Controller()
export class ManagementController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly sync: SyncService,
    private readonly served: ServedConfiguration,
    private readonly rateLimits: RateLimitRepository,
  ) {}

  /**
   * Always `200` while the process serves traffic (it keeps serving its last configuration when the
   * Cloud Gate is away); `status: degraded` and `sync.state` say when it is not in step with the gate.
   */
  @Get(['_node/health', 'health'])
  async health() {
    const sync = this.sync.status;
    const ratelimit = await this.rateLimits.health();
    const healthy = sync.state === 'synced' && ratelimit.status !== 'down';
    return { status: healthy ? 'ok' : 'degraded', sync, apis: this.served.apiCount, ratelimit };
  }

  @Get(['_node/metrics/prometheus', 'metrics'])
  @Header('Content-Type', 'text/plain; version=0.0.4')
  prometheus(): Promise<string> {
    return this.metrics.render();
  }
}
