import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { TokensModule } from '../tokens/tokens.module';
import { GatewayHeartbeatEventEntity } from './gateway-heartbeat-event.entity';
import { GatewayInstanceEntity } from './gateway-instance.entity';
import { GatewayEntity } from './gateway.entity';
import { GatewaysController } from './gateways.controller';
import { GatewaysRepository } from './gateways.repository';
import { GatewaysService } from './gateways.service';
import { GatewayPresence } from './gateway-presence.service';
import { InstallationService } from './installation.service';
import { NodeMonitoringEntity } from './node-monitoring.entity';

@Module({
  imports: [TypeOrmModule.forFeature([GatewayEntity, GatewayInstanceEntity, GatewayHeartbeatEventEntity, NodeMonitoringEntity]), AccountsModule, KeysModule, TokensModule],
  controllers: [GatewaysController],
  providers: [GatewaysService, InstallationService, GatewaysRepository, GatewayPresence],
  exports: [GatewaysService, GatewaysRepository, GatewayPresence],
})
export class GatewaysModule {}
