import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { EnvironmentEntity } from '../accounts/environment.entity';
import { ApiKeyEntity } from '../apis/api-key.entity';
import { EventEntity } from '../apis/event.entity';
import { SubscriptionEntity } from '../apis/subscription.entity';
import { GatewayInstanceEntity } from '../gateways/gateway-instance.entity';
import { GatewayEntity } from '../gateways/gateway.entity';
import { TokensModule } from '../tokens/tokens.module';
import { BridgeEventsService } from './bridge-events.service';
import { BridgeScopeService } from './bridge-scope.service';
import { BridgeSyncService } from './bridge-sync.service';
import { BridgeController } from './bridge.controller';
import { HeartbeatsService } from './heartbeats.service';
import { InternalController } from './internal.controller';
import { InternalTokenGuard } from './internal-token.guard';

@Module({
  imports: [
    TypeOrmModule.forFeature([AccountEntity, EnvironmentEntity, EventEntity, ApiKeyEntity, SubscriptionEntity, GatewayEntity, GatewayInstanceEntity]),
    TokensModule,
  ],
  controllers: [BridgeController, InternalController],
  providers: [BridgeScopeService, BridgeEventsService, BridgeSyncService, HeartbeatsService, InternalTokenGuard],
})
export class BridgeModule {}
