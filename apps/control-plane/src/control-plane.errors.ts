import { DomainError } from '@app/observability';

export const CONTROL_PLANE_ERROR_CODES = ['NOT_FOUND', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'INVALID_REQUEST', 'UNAVAILABLE'] as const;
export type ControlPlaneErrorCode = (typeof CONTROL_PLANE_ERROR_CODES)[number];

export class ControlPlaneError extends DomainError<ControlPlaneErrorCode> {}

/** The one mapping from domain error codes to HTTP statuses. */
export function statusOfControlPlaneError(code: string): number {
  const known = code as ControlPlaneErrorCode;
  switch (known) {
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'INVALID_REQUEST':
      return 400;
    case 'UNAVAILABLE':
      return 503;
    default: {
      const unmapped: never = known;
      return unmapped ? 500 : 500;
    }
  }
}
