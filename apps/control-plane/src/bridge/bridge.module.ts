import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApisModule } from '../apis/apis.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { TokensModule } from '../tokens/tokens.module';
import { BridgeApisService } from './bridge-apis.service';
import { BridgeDirectoryService } from './bridge-directory.service';
import { BridgeEventsService } from './bridge-events.service';
import { BridgeScopeService } from './bridge-scope.service';
import { BridgeSyncService } from './bridge-sync.service';
import { BridgeController } from './bridge.controller';
import { HeartbeatsService } from './heartbeats.service';
import { InternalController } from './internal.controller';
import { InternalTokenGuard } from './internal-token.guard';
import { NodeMonitoringService } from './node-monitoring.service';

@Module({
  imports: [AccountsModule, ApisModule, GatewaysModule, TokensModule],
  controllers: [BridgeController, InternalController],
  providers: [BridgeScopeService, BridgeEventsService, BridgeSyncService, BridgeDirectoryService, BridgeApisService, HeartbeatsService, NodeMonitoringService, InternalTokenGuard],
})
export class BridgeModule {}
