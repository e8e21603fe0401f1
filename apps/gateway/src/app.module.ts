import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule, GatewayConfig } from '@app/config';
import { LoggingModule, MetricsModule } from '@app/observability';
import { CloudGateClient } from './cloud-gate/cloud-gate.client';
import { GatewayRuntime } from './gateway-runtime.service';
import { HeartbeatService } from './heartbeat/heartbeat.service';
import { ManagementModule } from './management/management.module';
import { ProxyService } from './proxy/proxy.service';
import { ServedConfiguration } from './proxy/served-configuration';
import { RateLimitRepository } from './ratelimit/rate-limit.repository';
import { ReporterService } from './reporting/reporter.service';
import { GatewayContext } from './startup/gateway-context';
import { StateStore } from './sync/state.store';
import { SyncService } from './sync/sync.service';

/** What `main` checked before the app is built: who the gateway is, its gate, its state directory. */
export interface GatewayStartup {
  context: GatewayContext;
  cloudGate: CloudGateClient;
  store: StateStore;
  /** Where the last synced configuration is kept. */
  stateDir: string;
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, startup: GatewayStartup): DynamicModule {
    const runtime = [ServedConfiguration, SyncService, ReporterService, RateLimitRepository, ProxyService, HeartbeatService];
    return {
      module: AppModule,
      global: true,
      imports: [
        AppConfigModule.forValue(GatewayConfig, config),
        LoggingModule.forRoot({ service: 'gateway', level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' }),
        MetricsModule.forRoot(false),
        ManagementModule,
      ],
      providers: [
        { provide: GatewayContext, useValue: startup.context },
        { provide: CloudGateClient, useValue: startup.cloudGate },
        { provide: StateStore, useValue: startup.store },
        ...runtime,
        GatewayRuntime,
      ],
      exports: [ServedConfiguration, SyncService, RateLimitRepository],
    };
  }
}
