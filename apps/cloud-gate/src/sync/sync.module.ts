import { Module } from '@nestjs/common';
import { BridgeController } from './bridge.controller';
import { BridgeService } from './bridge.service';
import { ChangeWaiters } from './change-waiters.service';

@Module({ controllers: [BridgeController], providers: [BridgeService, ChangeWaiters] })
export class SyncModule {}
