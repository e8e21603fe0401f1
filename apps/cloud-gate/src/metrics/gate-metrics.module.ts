import { Global, Module } from '@nestjs/common';
import { GateMetrics } from './gate-metrics.service';

@Global()
@Module({ providers: [GateMetrics], exports: [GateMetrics] })
export class GateMetricsModule {}
