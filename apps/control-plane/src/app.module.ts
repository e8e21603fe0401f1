import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule, ControlPlaneConfig } from '@app/config';
import { DomainExceptionFilter, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AccountsModule } from './accounts/accounts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AdminAuthModule } from './admin-auth/admin-auth.module';
import { ApisModule } from './apis/apis.module';
import { ApplicationsModule } from './applications/applications.module';
import { AutomationModule } from './automation/automation.module';
import { BridgeModule } from './bridge/bridge.module';
import { ChangesModule } from './changes/changes.module';
import { GatewaysModule } from './gateways/gateways.module';
import { KeysModule } from './keys/keys.module';
import { ControlPlaneMetricsModule } from './metrics/control-plane-metrics.module';
import { TokensModule } from './tokens/tokens.module';
import { ControlPlaneError, statusOfControlPlaneError } from './control-plane.errors';
import { isDataException } from './database/postgres-errors';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forValue(ControlPlaneConfig, config),
        LoggingModule.forRoot({ service: 'control-plane', level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' }),
        MetricsModule.forRoot(),
        DatabaseModule,
        HealthModule,
        DashboardModule,
        ChangesModule,
        AdminAuthModule,
        KeysModule,
        AccountsModule,
        GatewaysModule,
        TokensModule,
        ApisModule,
        ApplicationsModule,
        BridgeModule,
        AutomationModule,
        AnalyticsModule,
        ControlPlaneMetricsModule,
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new DomainExceptionFilter(statusOfControlPlaneError, translateAdapterError) }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}

/** A value PostgreSQL refuses as data came from the request (see isDataException). */
function translateAdapterError(err: unknown): ControlPlaneError | undefined {
  return isDataException(err) ? new ControlPlaneError('INVALID_REQUEST', 'a value in the request is outside what it may hold (a number or date out of range)') : undefined;
}
