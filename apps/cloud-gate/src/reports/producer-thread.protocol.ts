/** What the Cloud Gate's main thread and its report producer thread say to each other. */
export interface ProducerThreadOptions {
  brokers: string[];
  clientId: string;
  topic: string;
  maxInFlight: number;
  maxBatchBytes: number;
}

export type ToProducerThread =
  /** Produce one `/reports` call's envelopes, all keyed by its gateway. */
  { kind: 'send'; id: number; key: string; values: string[] } | { kind: 'close' };

export type FromProducerThread =
  | { kind: 'acked'; id: number }
  | { kind: 'failed'; id: number; reason: string }
  | { kind: 'log'; level: 'error' | 'warn' | 'log' | 'debug'; entry: Record<string, unknown> };
