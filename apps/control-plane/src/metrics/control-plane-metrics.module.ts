import { Module } from '@nestjs/common';
import { ApisModule } from '../apis/apis.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { TokensModule } from '../tokens/tokens.module';
import { ControlPlaneMetrics } from './control-plane-metrics.service';

@Module({ imports: [GatewaysModule, ApisModule, TokensModule], providers: [ControlPlaneMetrics] })
export class ControlPlaneMetricsModule {}
