import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Runs one dependency probe under a timeout and reports it to terminus as up or down. */
export async function probe(
  indicators: HealthIndicatorService,
  key: string,
  check: () => Promise<Record<string, unknown> | void>,
  timeoutMs = 2000,
): Promise<HealthIndicatorResult> {
  const indicator = indicators.check(key);
  let timer: NodeJS.Timeout | undefined;
  try {
    const details = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return indicator.up(details ?? {});
  } catch (err) {
    return indicator.down({ message: err instanceof Error ? err.message : String(err) });
  } finally {
    clearTimeout(timer);
  }
}
