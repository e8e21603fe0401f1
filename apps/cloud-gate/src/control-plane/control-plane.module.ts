import { Global, Module } from '@nestjs/common';
import { ChangeStreamService } from './change-stream.service';
import { ControlPlaneClient } from './control-plane.client';

@Global()
@Module({ providers: [ControlPlaneClient, ChangeStreamService], exports: [ControlPlaneClient, ChangeStreamService] })
export class ControlPlaneModule {}
