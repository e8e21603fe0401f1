import { Module } from '@nestjs/common';
import { KafkaModule } from '../kafka/kafka.module';
import { RateLimiter } from './rate-limiter.service';
import { ReportsController } from './reports.controller';
import { ReportsProducer } from './reports.producer';

@Module({ imports: [KafkaModule], controllers: [ReportsController], providers: [ReportsProducer, RateLimiter], exports: [ReportsProducer, KafkaModule] })
export class ReportsModule {}
