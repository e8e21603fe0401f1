import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '@app/observability';
import { ApisRepository } from '../apis/apis.repository';
import { GATEWAY_STATUSES } from '../gateways/gateway-status';
import { GatewaysService } from '../gateways/gateways.service';
import { TokensRepository } from '../tokens/tokens.repository';

/**
 * What the control plane manages, counted at each scrape: gateways by status, deployed APIs and live
 * Cloud Tokens. A failed count leaves the gauge at its last value and is logged, never fails the scrape.
 */
@Injectable()
export class ControlPlaneMetrics implements OnModuleInit {
  private readonly logger = new Logger(ControlPlaneMetrics.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly gateways: GatewaysService,
    private readonly apis: ApisRepository,
    private readonly tokens: TokensRepository,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const guarded = (what: string, collect: () => Promise<void>) => async () => {
      await collect().catch((err: Error) => this.logger.warn(`metrics: could not count ${what}: ${err.message}`));
    };
    const gateways: Gauge<'status'> = new Gauge({
      name: 'control_plane_gateways',
      help: `Hybrid gateway installations, by status (${GATEWAY_STATUSES.join(', ')})`,
      labelNames: ['status'],
      registers,
      collect: guarded('gateways', async () => {
        const counts = await this.gateways.countByStatus();
        // Every status is exported, so a dashboard sees 0 rather than no series.
        for (const status of new Set<string>([...GATEWAY_STATUSES, ...Object.keys(counts)])) gateways.set({ status }, counts[status] ?? 0);
      }),
    });
    const apis: Gauge<'state'> = new Gauge({
      name: 'control_plane_apis_deployed',
      help: 'APIs deployed to gateways, by lifecycle state (STARTED, STOPPED)',
      labelNames: ['state'],
      registers,
      collect: guarded('deployed APIs', async () => {
        for (const [state, count] of Object.entries(await this.apis.countDeployed())) apis.set({ state }, count);
      }),
    });
    const tokens: Gauge = new Gauge({
      name: 'control_plane_tokens_live',
      help: 'Cloud Tokens neither revoked nor expired',
      registers,
      collect: guarded('live tokens', async () => tokens.set(await this.tokens.countLive(new Date()))),
    });
  }
}
