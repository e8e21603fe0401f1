import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IngestModule } from '../ingest/ingest.module';
import { HealthController } from './health.controller';

// A failing check answers 503 with its reasons; the probes' own subjects log their failures.
@Module({ imports: [TerminusModule.forRoot({ logger: false }), IngestModule], controllers: [HealthController] })
export class HealthModule {}
