import { QueryFailedError } from 'typeorm';

/** A unique constraint refused the row (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';
}

/** A foreign key refused the change (SQLSTATE 23503), e.g. deleting a row others still reference. */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23503';
}
