import { QueryFailedError } from 'typeorm';

/** A unique constraint refused the row (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

/** A foreign key refused the change (SQLSTATE 23503), e.g. deleting a row others still reference. */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23503';
}

/**
 * PostgreSQL refused a value as data (SQLSTATE class 22: out of range, invalid date, NUL in text,
 * bad number syntax). The values we write come from requests, so this is a request holding a value
 * its validation let through: a 400, logged so the missing bound can be added where it belongs.
 */
export function isDataException(err: unknown): boolean {
  const code = err instanceof QueryFailedError ? (err.driverError as { code?: string } | undefined)?.code : undefined;
  return typeof code === 'string' && code.startsWith('22');
}
