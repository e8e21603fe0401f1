import { randomUUID } from 'node:crypto';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger, NotFoundException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorBody, defaultCode, errorBody } from './error-body';
import { answerWrongMethod, clientErrorOfHttpStack } from './http-input';
import { redactUrl } from './redact-url';

export { ErrorBody, defaultCode, errorBody } from './error-body';

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
 * from the app's own mapping; Express's own refusals (body-parser, an undecodable path) keep their
 * 4xx; a route that exists for other methods answers `405` with `Allow`. Every 5xx is ours: it is
 * logged with an error id, and the client gets that id (for a 500, nothing else).
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  constructor(
    private readonly statusOf: (code: string) => number = () => 500,
    /** An app's own reading of exceptions from its adapters (a database's refusal of a value), as domain errors. */
    private readonly translate: (exception: unknown) => DomainError | undefined = () => undefined,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = this.toBody(exception, req, res);
    if (body.statusCode >= 500 && body.errorId === undefined) {
      body.errorId = randomUUID();
      this.logger.warn({ errorId: body.errorId, correlationId: req.id, url: redactUrl(req.url ?? ''), code: body.code, reason: body.message }, 'Answered 5xx');
    }
    if (res.headersSent) return;
    if (body.statusCode === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }

  private toBody(thrown: unknown, req: Request & { id?: string }, res: Response): ErrorBody {
    const exception = this.translate(thrown) ?? thrown;
    if (exception !== thrown) this.logger.warn({ correlationId: req.id, url: redactUrl(req.url ?? ''), err: thrown }, 'Answered as a client error: an adapter refused a value of the request');
    if (exception instanceof DomainError) {
      const status = this.statusOf(exception.code);
      return errorBody(status, exception.code, exception.message, exception.details);
    }
    if (exception instanceof NotFoundException && answerWrongMethod(req, res)) {
      return errorBody(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${String(res.getHeader('Allow'))}`);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null && 'code' in response) return { ...(response as ErrorBody) };
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
    const refusal = clientErrorOfHttpStack(exception);
    if (refusal) return refusal;
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, correlationId: req.id, url: redactUrl(req.url ?? '') }, 'Unhandled error');
    return { ...errorBody(500, 'INTERNAL_ERROR', `Internal error; quote error id ${errorId}`), errorId };
  }
}
