import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule, ControlPlaneConfig } from '@app/config';
import { DomainExceptionFilter, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { statusOfControlPlaneError } from './control-plane.errors';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forValue(ControlPlaneConfig, config),
        LoggingModule.forRoot({ service: 'control-plane', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        MetricsModule.forRoot(),
        DatabaseModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new DomainExceptionFilter(statusOfControlPlaneError) }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
