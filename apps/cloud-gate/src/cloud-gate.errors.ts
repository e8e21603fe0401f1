import { DomainError } from '@app/observability';

export const CLOUD_GATE_ERROR_CODES = [
  'TOKEN_MISSING',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'SCOPE_MISSING',
  'OUT_OF_SCOPE',
  'REGION_MISMATCH',
  'NOT_FOUND',
  'UNSUPPORTED',
  'BODY_INVALID',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'KAFKA_UNAVAILABLE',
  'GATE_BUSY',
  'CONTROL_PLANE_UNAVAILABLE',
  'CONTROL_PLANE_FAILED',
] as const;
export type CloudGateErrorCode = (typeof CLOUD_GATE_ERROR_CODES)[number];

export class CloudGateError extends DomainError<CloudGateErrorCode> {}

export function statusOfCloudGateError(code: string): number {
  const known = code as CloudGateErrorCode;
  switch (known) {
    case 'TOKEN_MISSING':
    case 'TOKEN_INVALID':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_REVOKED':
      return 401;
    case 'SCOPE_MISSING':
    case 'OUT_OF_SCOPE':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'REGION_MISMATCH':
      return 421;
    case 'BODY_INVALID':
    case 'UNSUPPORTED':
      return 400;
    case 'BODY_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'KAFKA_UNAVAILABLE':
    case 'GATE_BUSY':
    case 'CONTROL_PLANE_UNAVAILABLE':
      return 503;
    // The control plane failed on a call the gateway made correctly: not the gateway's fault, nor ours to hide.
    case 'CONTROL_PLANE_FAILED':
      return 502;
    default: {
      const unmapped: never = known;
      return unmapped ? 500 : 500;
    }
  }
}
