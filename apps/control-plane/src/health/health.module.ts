import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AnalyticsModule } from '../analytics/analytics.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule, AnalyticsModule], controllers: [HealthController] })
export class HealthModule {}
