import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule, GatewayConfig } from '@app/config';
import { LoggingModule, MetricsModule } from '@app/observability';
import { ManagementModule } from './management/management.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forValue(GatewayConfig, config),
        LoggingModule.forRoot({ service: 'gateway', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }),
        MetricsModule.forRoot(false),
        ManagementModule,
      ],
    };
  }
}
