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

/** A slice of a partition, decoded: the documents to write and what is already poison. */
export interface PreparedSlice {
  topic: string;
  partition: number;
  documents: ReportDocument[];
  /** The message each document came from, position for position. */
  sources: KafkaMessage[];
  letters: DeadLetter[];
}

/**
 * One slice of a partition, start to finish: decode and validate every message (`prepare`, CPU
 * only, so it can run while earlier slices are being written), then write the good ones and
 * dead-letter the rest (`write`), which returns only when all of it is settled, so the caller may
 * commit.
 */
@Injectable()
export class ReportBatchService {
  constructor(
    private readonly writer: BulkWriter,
    private readonly deadLetters: DeadLetterProducer,
  ) {}

  prepare(topic: string, partition: number, messages: KafkaMessage[]): PreparedSlice {
    const slice: PreparedSlice = { topic, partition, documents: [], sources: [], letters: [] };
    const decoder = new ReportRecordDecoder();
    for (const message of messages) {
      const decoded = decodeReportMessage(message.value, { decoder });
      if (decoded.ok) {
        slice.documents.push(decoded.document);
        slice.sources.push(message);
      } else {
        slice.letters.push({ kind: 'invalid-envelope', reason: decoded.error, topic, partition, message });
      }
    }
    return slice;
  }

  async write({ topic, partition, documents, sources, letters }: PreparedSlice, control: BatchControl): Promise<BatchOutcome> {
    const rejected = await this.writeRewritingRefused(documents, sources, control);
    const refused: DeadLetter[] = rejected.map(({ position, reason }) => ({ kind: 'rejected-by-elasticsearch', reason, topic, partition, message: sources[position] }));
    await this.deadLetters.send([...letters, ...refused], control);
    return { indexed: documents.length - rejected.length, deadLettered: letters.length + refused.length };
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
