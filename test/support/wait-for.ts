import { inspect } from 'node:util';

/**
 * Polls `check` every `everyMs` (default 100) until it gives a value other than `undefined` or `false`,
 * and returns that value. An error thrown by `check` counts as "not yet". After `timeoutMs` (default
 * 15 s) it throws an Error naming `what` and the last value or error seen.
 * A check whose "not yet" is another value (0, '', null) says so: `() => (n > 0 ? n : undefined)`.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 15_000, everyMs = 100 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? `error: ${last.message}` : `value: ${inspect(last, { depth: 2, breakLength: Infinity })}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
