import { Module } from '@nestjs/common';
import { BulkWriter } from './bulk-writer.service';
import { DeadLetterProducer } from './dead-letter.producer';
import { IngestMetrics } from './ingest.metrics';
import { ReportBatchService } from './report-batch.service';
import { ReportsConsumer } from './reports.consumer';

@Module({
  providers: [IngestMetrics, BulkWriter, DeadLetterProducer, ReportBatchService, ReportsConsumer],
  exports: [ReportsConsumer],
})
export class IngestModule {}
