import type { Message } from '@app/kafka';

/**
 * One `/reports` call's messages for the region's report topic, keyed by its gateway so that the
 * gateway's reports stay ordered in one partition. No record headers: the envelope says its own
 * version (`v`), and headers cost the producer and the broker work on every record.
 */
export function keyedMessages(key: string, values: string[]): Message[] {
  const keyBytes = Buffer.from(key);
  return values.map((value) => ({ key: keyBytes, value }));
}

/** Splits messages into groups whose payloads stay under `maxBytes` (a group holds at least one message). */
export function chunkByBytes(messages: Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(message.value as string | Buffer) + (message.key ? Buffer.byteLength(message.key as string | Buffer) : 0) + 64;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface PendingSend {
  messages: Message[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * At most `maxInFlight` produce calls at once; messages arriving meanwhile are coalesced into the
 * next call (fewer, larger record batches: less broker work per report), cut into record batches of
 * at most `maxBatchBytes`. A `send` settles with the call(s) that carried its messages, so it
 * resolves only once every one of them is acknowledged.
 */
export class CoalescingProducer {
  private pending: PendingSend[] = [];
  private inFlight = 0;

  constructor(
    private readonly produce: (batches: Message[][]) => Promise<void>,
    private readonly maxInFlight: number,
    private readonly maxBatchBytes: number,
  ) {}

  send(messages: Message[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ messages, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  private async run(batch: PendingSend[]): Promise<void> {
    try {
      await this.produce(chunkByBytes(batch.flatMap((p) => p.messages), this.maxBatchBytes));
      batch.forEach((p) => p.resolve());
    } catch (err) {
      batch.forEach((p) => p.reject(err));
    }
  }
}
