import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError, DomainExceptionFilter } from '@app/observability';
import { CloudGateError, statusOfCloudGateError } from '../cloud-gate.errors';

/**
 * Errors of the Automation API routes, guards included, as the gate writes every error, but with their
 * detail in `message` only: a `details` object is not the document's `HttpError`, whose `details` is a
 * list, and the Terraform provider decodes 4xx answers as `HttpError`.
 */
@Catch()
export class AutomationErrorFilter implements ExceptionFilter {
  private readonly filter = new DomainExceptionFilter(statusOfCloudGateError);

  catch(exception: unknown, host: ArgumentsHost): void {
    const plain = exception instanceof DomainError && exception.details !== undefined ? new CloudGateError(exception.code as CloudGateError['code'], exception.message) : exception;
    this.filter.catch(plain, host);
  }
}
