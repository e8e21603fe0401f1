import type { AutomationErrors, SpecCheck } from '@app/contracts';
import { describeProblems, isHrid, nulLocation } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { AutomationContext } from './automation-context.service';

/** `BaseStatus` (and `crossId`) of a state answer; `id` is absent from a dry run of something new. */
export function statusOf(context: AutomationContext, id: string | undefined, errors: AutomationErrors, withCrossId: boolean) {
  return {
    ...(id ? { id, ...(withCrossId ? { crossId: id } : {}) } : {}),
    organizationId: context.organizationId,
    environmentId: context.environmentId,
    errors,
  };
}

/*
 * Errors of the Automation API carry their detail in `message` and no `details` object: the body is
 * then both this project's error shape and the document's `HttpError` (whose `details` is a list).
 */

/** The body, once it matches the contract; otherwise a `400` naming every problem. */
export function valid<T>(check: SpecCheck<T>, what: string): T {
  if (check.ok) {
    const nul = nulLocation(check.value);
    if (nul) throw new ControlPlaneError('INVALID_REQUEST', `the ${what} is invalid: strings must not hold NUL characters (at ${nul})`);
    return check.value;
  }
  throw new ControlPlaneError('INVALID_REQUEST', `the ${what} is invalid: ${describeProblems(check.problems)}`);
}

/** A change with severe errors is refused as a whole, with them and the warnings (a dry run answers them instead). */
export function refuseIfSevere(errors: AutomationErrors, what: string): void {
  if (errors.severe.length > 0) {
    const warnings = errors.warning.length > 0 ? ` (warnings: ${errors.warning.join('; ')})` : '';
    throw new ControlPlaneError('INVALID_REQUEST', `the ${what} cannot be applied: ${errors.severe.join('; ')}${warnings}`);
  }
}

/** A human-readable id from the path; one that could never have been declared names nothing (`404`). */
export function hridOf(value: string, what: string): string {
  if (!isHrid(value)) throw new ControlPlaneError('NOT_FOUND', `no ${what} with hrid ${JSON.stringify(value.slice(0, 64))}`);
  return value;
}

/** `dryRun` as the document defines it: a boolean query parameter, false when absent. */
export function dryRunOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ControlPlaneError('INVALID_REQUEST', 'dryRun must be true or false');
}
