import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ApiKeyEntity } from './api-key.entity';
import { ApiEntity } from './api.entity';
import { ApiEventsWriter } from './api-events.writer';
import { ApisController } from './apis.controller';
import { ApisRepository } from './apis.repository';
import { ApisService } from './apis.service';
import { DeclaredApisService } from './declared-apis.service';
import { DeclaredSubscriptionsService } from './declared-subscriptions.service';
import { EventEntity } from './event.entity';
import { EventsRepository } from './events.repository';
import { SubscriptionEntity } from './subscription.entity';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiEntity, EventEntity, SubscriptionEntity, ApiKeyEntity]), AccountsModule],
  controllers: [ApisController],
  providers: [ApisService, DeclaredApisService, DeclaredSubscriptionsService, ApiEventsWriter, SubscriptionsService, ApisRepository, EventsRepository, SubscriptionsRepository],
  exports: [EventsRepository, SubscriptionsRepository, ApisRepository, ApisService, DeclaredApisService, DeclaredSubscriptionsService],
})
export class ApisModule {}
