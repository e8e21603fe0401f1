import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule, CloudGateConfig } from '@app/config';
import { DomainExceptionFilter, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { HealthModule } from './health/health.module';
import { statusOfCloudGateError } from './cloud-gate.errors';
import { AuthModule } from './auth/auth.module';
import { AutomationModule } from './automation/automation.module';
import { ControlPlaneModule } from './control-plane/control-plane.module';
import { LicenseModule } from './license/license.module';
import { GateMetricsModule } from './metrics/gate-metrics.module';
import { ReportsModule } from './reports/reports.module';
import { SyncModule } from './sync/sync.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: CloudGateConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forValue(CloudGateConfig, config),
        LoggingModule.forRoot({
          service: `cloud-gate-${config.REGION}`,
          level: config.LOG_LEVEL,
          pretty: config.LOG_FORMAT === 'pretty',
          successLevel: 'debug',
          // Every connected gateway holds one of these open; answers and errors are in /metrics.
          unloggedRoutes: ['sync/_bridge/changes'],
        }),
        MetricsModule.forRoot(),
        GateMetricsModule,
        ControlPlaneModule,
        AuthModule,
        SyncModule,
        ReportsModule,
        AutomationModule,
        LicenseModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new DomainExceptionFilter(statusOfCloudGateError) }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
