import { ConfigValidationError } from '@app/config';

/**
 * Runs a service's `main`: a configuration problem is printed as a plain message naming
 * the variable (no stack trace) and the process exits with status 1.
 */
export function runService(name: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigValidationError) {
      process.stderr.write(`${name}: ${err.message}\n`);
    } else {
      process.stderr.write(`${name}: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  });
}
