import { STATUS_CODES } from 'node:http';
import { HttpStatus } from '@nestjs/common';

/** The one shape of every error answer (SPEC §8, §9): `{statusCode, error, code, message}`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

function reason(status: number): string {
  const known = HttpStatus[status] as string | undefined;
  if (!known) return STATUS_CODES[status] ?? 'Error';
  return known
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function errorBody(status: number, code: string, message: string, details?: unknown): ErrorBody {
  return { statusCode: status, error: reason(status), code, message, ...(details !== undefined ? { details } : {}) };
}

export function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
