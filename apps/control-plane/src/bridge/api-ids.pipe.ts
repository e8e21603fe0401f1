import { Injectable, PipeTransform } from '@nestjs/common';
import { ControlPlaneError } from '../control-plane.errors';

const MAX_IDS = 1000;

/** The body of `POST plans`: a JSON array of API ids (an empty or absent body is none). */
@Injectable()
export class ApiIdsPipe implements PipeTransform<unknown, string[]> {
  transform(value: unknown): string[] {
    if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) return [];
    if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id.length > 256)) {
      throw new ControlPlaneError('INVALID_REQUEST', 'the body must be a JSON array of API ids');
    }
    if (value.length > MAX_IDS) throw new ControlPlaneError('INVALID_REQUEST', `at most ${MAX_IDS} API ids at once`);
    return value as string[];
  }
}
