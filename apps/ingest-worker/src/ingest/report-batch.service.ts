import { Injectable } from '@nestjs/common';
import { KafkaMessage } from '@app/kafka';
import { BatchControl } from './backoff';
import { BulkWriter } from './bulk-writer.service';
import { DeadLetter, DeadLetterProducer } from './dead-letter.producer';
import { ReportDocument, decodeReportMessage } from './report-document';

export interface BatchOutcome {
  indexed: number;
  deadLettered: number;
}

/**
 * One slice of a partition, start to finish: decode and validate every message, write the good
 * ones, dead-letter the rest. Returns only when all of it is settled, so the caller may commit.
 */
@Injectable()
export class ReportBatchService {
  constructor(
    private readonly writer: BulkWriter,
    private readonly deadLetters: DeadLetterProducer,
  ) {}

  async ingest(topic: string, partition: number, messages: KafkaMessage[], control: BatchControl): Promise<BatchOutcome> {
    const documents: ReportDocument[] = [];
    const sources: KafkaMessage[] = [];
    const letters: DeadLetter[] = [];
    for (const message of messages) {
      const decoded = decodeReportMessage(message.value);
      if (decoded.ok) {
        documents.push(decoded.document);
        sources.push(message);
      } else {
        letters.push({ kind: 'invalid-envelope', reason: decoded.error, topic, partition, message });
      }
    }
    const rejected = await this.writer.write(documents, control);
    for (const { position, reason } of rejected) {
      letters.push({ kind: 'rejected-by-elasticsearch', reason, topic, partition, message: sources[position] });
    }
    await this.deadLetters.send(letters, control);
    return { indexed: documents.length - rejected.length, deadLettered: letters.length };
  }
}
