import { Injectable } from '@nestjs/common';
import { ReportRecordDecoder } from '@app/contracts';
import { KafkaMessage } from '@app/kafka';
import { BatchControl } from './backoff';
import { BulkWriter, RejectedItem } from './bulk-writer.service';
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
    const decoder = new ReportRecordDecoder();
    for (const message of messages) {
      const decoded = decodeReportMessage(message.value, { decoder });
      if (decoded.ok) {
        documents.push(decoded.document);
        sources.push(message);
      } else {
        letters.push({ kind: 'invalid-envelope', reason: decoded.error, topic, partition, message });
      }
    }
    const rejected = await this.writeRewritingRefused(documents, sources, control);
    for (const { position, reason } of rejected) {
      letters.push({ kind: 'rejected-by-elasticsearch', reason, topic, partition, message: sources[position] });
    }
    await this.deadLetters.send(letters, control);
    return { indexed: documents.length - rejected.length, deadLettered: letters.length };
  }

  /**
   * Writes the documents; those refused while written from the report's own text get a second
   * chance written anew from the decoded report, which is what the contract validated (see
   * `ReportDocument.verbatim`). What is refused then is refused for good.
   */
  private async writeRewritingRefused(documents: ReportDocument[], sources: KafkaMessage[], control: BatchControl): Promise<RejectedItem[]> {
    const rejected = await this.writer.write(documents, control);
    const retried = rejected.filter(({ position }) => documents[position].verbatim);
    if (retried.length === 0) return rejected;
    const rewritten = retried.map(({ position }) => {
      const decoded = decodeReportMessage(sources[position].value, { verbatim: false });
      if (!decoded.ok) throw new Error(`message at offset ${sources[position].offset} decoded once and not twice: ${decoded.error}`);
      return decoded.document;
    });
    const again = await this.writer.write(rewritten, control);
    return [
      ...rejected.filter(({ position }) => !documents[position].verbatim),
      ...again.map(({ position, reason }) => ({ position: retried[position].position, reason })),
    ];
  }
}
