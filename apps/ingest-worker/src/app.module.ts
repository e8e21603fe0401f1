import { DynamicModule, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfigModule, IngestWorkerConfig } from '@app/config';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { KafkaAdapter } from '@app/kafka';
import { LoggingModule, MetricsModule } from '@app/observability';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';

@Module({})
export class AppModule {
  static forRoot(config: IngestWorkerConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        AppConfigModule.forValue(IngestWorkerConfig, config),
        LoggingModule.forRoot({ service: 'ingest-worker', level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' }),
        MetricsModule.forRoot(),
        IngestModule,
        HealthModule,
      ],
      providers: [
        { provide: KafkaAdapter, useFactory: () => new KafkaAdapter({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-ingest` }) },
        { provide: ElasticsearchAdapter, useFactory: () => new ElasticsearchAdapter({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: 20_000 }) },
        AdaptersShutdown,
      ],
      exports: [KafkaAdapter, ElasticsearchAdapter],
    };
  }
}

@Injectable()
class AdaptersShutdown implements OnApplicationShutdown {
  constructor(
    private readonly kafka: KafkaAdapter,
    private readonly es: ElasticsearchAdapter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.kafka.close(), this.es.close()]);
  }
}
