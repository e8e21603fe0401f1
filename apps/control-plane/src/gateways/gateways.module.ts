import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { TokensModule } from '../tokens/tokens.module';
import { GatewayInstanceEntity } from './gateway-instance.entity';
import { GatewayEntity } from './gateway.entity';
import { GatewaysController } from './gateways.controller';
import { GatewaysRepository } from './gateways.repository';
import { GatewaysService } from './gateways.service';
import { GatewayPresence } from './gateway-presence.service';
import { InstallationService } from './installation.service';

@Module({
  imports: [TypeOrmModule.forFeature([GatewayEntity, GatewayInstanceEntity]), AccountsModule, KeysModule, TokensModule],
  controllers: [GatewaysController],
  providers: [GatewaysService, InstallationService, GatewaysRepository, GatewayPresence],
  exports: [GatewaysService, GatewaysRepository, GatewayPresence],
})
export class GatewaysModule {}
