import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { ProxyService } from './proxy/proxy.service';
import { ReporterService } from './reporting/reporter.service';
import { SyncService } from './sync/sync.service';

/**
 * Start order: configuration first (from the gate, else from disk), then traffic, then reporting and
 * heartbeats, so the management port only answers once the gateway can serve what it synced.
 * A clean stop runs the other way: no new traffic, the last reports out, `GATEWAY_STOPPED` sent.
 */
@Injectable()
export class GatewayRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sync: SyncService,
    private readonly proxy: ProxyService,
    private readonly reporter: ReporterService,
    private readonly heartbeat: HeartbeatService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync.start();
    await this.proxy.listen();
    this.reporter.start();
    this.heartbeat.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.stop();
    await Promise.all([this.reporter.stop(), this.heartbeat.stop(), this.sync.stop()]);
  }
}
