import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { ControlPlaneError } from '../control-plane.errors';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Cloud Gates present the shared `INTERNAL_API_TOKEN` on every internal route (docs/internal-api.md). */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ControlPlaneConfig) {
    this.expected = digest(config.INTERNAL_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().headers['x-internal-token'];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), this.expected)) {
      throw new ControlPlaneError('UNAUTHORIZED', 'a valid x-internal-token is required');
    }
    return true;
  }
}
