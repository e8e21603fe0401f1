import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ControlPlaneError } from '../control-plane.errors';
import { AdminTokenService } from './admin-token.service';

/** `Authorization: Bearer <admin token>` on every operator route. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly tokens: AdminTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ControlPlaneError('UNAUTHORIZED', 'an admin token is required: Authorization: Bearer <admin token>');
    if (!this.tokens.matches(match[1])) throw new ControlPlaneError('UNAUTHORIZED', 'the admin token is not valid');
    return true;
  }
}
