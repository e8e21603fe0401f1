import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule, CloudGateConfig } from '@app/config';
import { DomainExceptionFilter, HttpMetricsMiddleware, LoggingModule, MetricsModule } from '@app/observability';
import { HealthModule } from './health/health.module';
import { statusOfCloudGateError } from './cloud-gate.errors';
import { KafkaModule } from './kafka/kafka.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: CloudGateConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forValue(CloudGateConfig, config),
        LoggingModule.forRoot({ service: `cloud-gate-${config.REGION}`, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        MetricsModule.forRoot(),
        KafkaModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new DomainExceptionFilter(statusOfCloudGateError) }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
