import { Module, OnApplicationShutdown } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import { KafkaAdapter } from '@app/kafka';

@Module({
  providers: [
    {
      provide: KafkaAdapter,
      inject: [CloudGateConfig],
      useFactory: (config: CloudGateConfig) =>
        new KafkaAdapter({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-gate-${config.REGION}` }),
    },
  ],
  exports: [KafkaAdapter],
})
export class KafkaModule implements OnApplicationShutdown {
  constructor(private readonly kafka: KafkaAdapter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
  }
}
