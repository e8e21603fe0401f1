import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import { ElasticsearchAdapter } from '@app/elasticsearch';
import { AccountsModule } from '../accounts/accounts.module';
import { ACCOUNT_INDEX_RESOLVER, AccountsIndexResolver } from './account-index.resolver';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

@Injectable()
class ElasticsearchShutdown implements OnApplicationShutdown {
  constructor(private readonly es: ElasticsearchAdapter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.es.close().catch(() => undefined);
  }
}

@Module({
  imports: [AccountsModule],
  controllers: [AnalyticsController],
  providers: [
    {
      provide: ElasticsearchAdapter,
      inject: [ControlPlaneConfig],
      useFactory: (config: ControlPlaneConfig) => new ElasticsearchAdapter({ url: config.ELASTICSEARCH_URL, requestTimeoutMs: 10_000 }),
    },
    ElasticsearchShutdown,
    AnalyticsRepository,
    AnalyticsService,
    { provide: ACCOUNT_INDEX_RESOLVER, useClass: AccountsIndexResolver },
  ],
  exports: [AnalyticsService, ElasticsearchAdapter],
})
export class AnalyticsModule {}
