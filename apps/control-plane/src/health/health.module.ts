import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AnalyticsModule } from '../analytics/analytics.module';
import { HealthController } from './health.controller';

// A failing check answers 503 with its reasons; the probes' own subjects log their failures.
@Module({ imports: [TerminusModule.forRoot({ logger: false }), AnalyticsModule], controllers: [HealthController] })
export class HealthModule {}
