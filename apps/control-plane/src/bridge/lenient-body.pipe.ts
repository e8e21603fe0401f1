import { Injectable, PipeTransform } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldErrors } from '@app/observability';
import { ControlPlaneError } from '../control-plane.errors';

/**
 * Bridge bodies come from Gravitee gateways, whose criteria carry fields we do not use:
 * those are stripped, while the fields we read are validated strictly.
 * (Handlers type the body as `unknown`, so the global, forbidding pipe leaves it to this one.)
 */
@Injectable()
export class LenientBodyPipe<T extends object> implements PipeTransform<unknown, T> {
  constructor(private readonly cls: ClassConstructor<T>) {}

  transform(value: unknown): T {
    const body = value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0) ? {} : value;
    if (typeof body !== 'object' || Array.isArray(body)) throw new ControlPlaneError('INVALID_REQUEST', 'the body must be a JSON object');
    const instance = plainToInstance(this.cls, body);
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
    if (errors.length > 0) {
      const details = fieldErrors(errors);
      throw new ControlPlaneError('INVALID_REQUEST', details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), { fields: details });
    }
    return instance;
  }
}
