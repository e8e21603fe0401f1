import { randomUUID } from 'node:crypto';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ValidationError, ValidationPipe } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * A failure the domain knows about, with a stable machine-readable code. Each app maps its codes
 * to HTTP statuses in one exhaustive switch (see `DomainExceptionFilter`).
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

function reason(status: number): string {
  return (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

export function errorBody(status: number, code: string, message: string, details?: unknown): ErrorBody {
  return { statusCode: status, error: reason(status), code, message, ...(details !== undefined ? { details } : {}) };
}

/** Field-level detail for `400`s: `[{field, errors}]`, nested properties as dotted paths. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; errors: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = fieldErrors(errors);
      return new BadRequestException(errorBody(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), details));
    },
  });
}

/**
 * Turns every exception into `{statusCode, error, code, message}`. Domain errors get their status
 * from the app's own mapping; a 500 logs the error with an id and tells the client only that id.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(private readonly statusOf: (code: string) => number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception, req);
    if (res.headersSent) return;
    if (body.statusCode === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request & { id?: string }): ErrorBody {
    if (exception instanceof DomainError) {
      const status = this.statusOf(exception.code);
      return errorBody(status, exception.code, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) return response as ErrorBody;
      // A failing health check (terminus) keeps its per-dependency detail: that is what an operator needs.
      if (typeof response === 'object' && response !== null && 'status' in response && 'details' in response) {
        return { ...errorBody(status, 'UNHEALTHY', 'one or more dependencies are down'), ...(response as object) } as ErrorBody;
      }
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return errorBody(status, defaultCode(status), message);
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, correlationId: req.id, url: req.url }, 'Unhandled error');
    return { ...errorBody(500, 'INTERNAL_ERROR', `Internal error; quote error id ${errorId}`), errorId };
  }
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
