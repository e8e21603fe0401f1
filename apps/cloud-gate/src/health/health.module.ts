import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReportsModule } from '../reports/reports.module';
import { HealthController } from './health.controller';

// A failing check answers 503 with its reasons; the probes' own subjects log their failures.
@Module({ imports: [TerminusModule.forRoot({ logger: false }), ReportsModule], controllers: [HealthController] })
export class HealthModule {}
