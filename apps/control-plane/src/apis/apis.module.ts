import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiKeyEntity } from './api-key.entity';
import { ApiEntity } from './api.entity';
import { ApiEventsWriter } from './api-events.writer';
import { ApisController } from './apis.controller';
import { ApisService } from './apis.service';
import { EventEntity } from './event.entity';
import { SubscriptionEntity } from './subscription.entity';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiEntity, EventEntity, SubscriptionEntity, ApiKeyEntity]), AccountsModule],
  controllers: [ApisController],
  providers: [ApisService, ApiEventsWriter, SubscriptionsService],
  exports: [TypeOrmModule],
})
export class ApisModule {}
