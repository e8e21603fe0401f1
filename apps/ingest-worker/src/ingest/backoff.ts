/** Exponential backoff with full jitter: 200 ms, 400 ms, ... capped at `maxMs`. */
export function backoffDelay(attempt: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, 200 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** What a batch in progress may do while it waits: keep its group membership and learn it must stop. */
export interface BatchControl {
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was taken away or re-positioned. */
  isActive(): boolean;
}

/** The batch was given up before it finished; nothing of it may be committed. */
export class BatchAbandonedError extends Error {
  constructor(reason: string) {
    super(`batch abandoned: ${reason}`);
    this.name = 'BatchAbandonedError';
  }
}

const HEARTBEAT_EVERY_MS = 1000;

/**
 * Waits `ms` while heartbeating, so a long backoff never costs the partition; stops early
 * (throwing `BatchAbandonedError`) when the batch must be given up.
 */
export async function waitActively(ms: number, control: BatchControl): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!control.isActive()) throw new BatchAbandonedError('consumer stopping or partition reassigned');
    await control.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, Math.min(HEARTBEAT_EVERY_MS, until - Date.now())));
  }
  if (!control.isActive()) throw new BatchAbandonedError('consumer stopping or partition reassigned');
}

/**
 * Runs `work` while heartbeating beside it, so a slow Elasticsearch answer does not make the
 * group think this member died. A failed heartbeat here (a rebalance under way) is not acted on:
 * the work's result is still worth having, and the next heartbeat or the commit reports it.
 */
export async function withHeartbeats<T>(control: BatchControl, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    control.heartbeat().catch(() => undefined);
  }, HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
