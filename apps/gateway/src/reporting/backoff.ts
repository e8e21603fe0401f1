import { CloudGateError } from '../cloud-gate/cloud-gate.client';

/** Exponential backoff with full jitter: `base * 2^attempt`, capped, then a random share of it. */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Worth sending again: the gate was unreachable, overloaded (`429`, `503`) or failed (`5xx`). Other `4xx` will not get better. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof CloudGateError)) return false;
  if (err.failure === 'network') return true;
  const status = err.status ?? 0;
  return status >= 500 || status === 429;
}
