import { ControlPlaneError } from '../control-plane.errors';
import type { AutomationErrors, SpecCheck, SpecProblem } from '@app/contracts';
import { describeProblems } from '@app/contracts';
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

/** The body, once it matches the contract; otherwise a `400` naming every problem. */
export function valid<T>(check: SpecCheck<T>, what: string): T {
  if (check.ok) return check.value;
  const problems: SpecProblem[] = check.problems;
  throw new ControlPlaneError('INVALID_REQUEST', `the ${what} is invalid: ${describeProblems(problems)}`, { problems });
}

/** A change with severe errors is refused as a whole, with them and the warnings (a dry run answers them instead). */
export function refuseIfSevere(errors: AutomationErrors, what: string): void {
  if (errors.severe.length > 0) {
    throw new ControlPlaneError('INVALID_REQUEST', `the ${what} cannot be applied: ${errors.severe.join('; ')}`, { errors });
  }
}

/** `dryRun` as the document defines it: a boolean query parameter, false when absent. */
export function dryRunOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ControlPlaneError('INVALID_REQUEST', 'dryRun must be true or false');
}
