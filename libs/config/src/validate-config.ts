import { ClassConstructor, plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

/** Thrown at boot when a setting is missing or malformed; the message names every offending variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(error: ValidationError): string {
  const shown = error.value === undefined ? 'it is not set' : `got ${JSON.stringify(error.value)}`;
  const expectations = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property}: ${expectations} (${shown})`;
}

/**
 * Reads a flat environment (names as keys) into a validated, typed settings object.
 * Unknown variables are ignored: the environment holds much more than ours.
 */
export function validateConfig<T extends object>(cls: ClassConstructor<T>, env: Record<string, string | undefined>): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    // An empty variable means "not set", as in most shells' `FOO= cmd` usage.
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const instance = plainToInstance(cls, raw, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, skipMissingProperties: false, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigValidationError(errors.map(describe));
  return instance;
}
