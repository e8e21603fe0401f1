import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CloudGateConfig } from '@app/config';
import { CloudTokenScope, GatewayIdentity, cloudGateUrlFor } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { presentedToken } from './presented-token';
import { TokenVerifier } from './token-verifier.service';

const SCOPE_KEY = 'cloud-gate:scope';

/** The Cloud Token scope a route needs; routes without it are not token-protected. */
export const RequiresScope = (scope: CloudTokenScope) => SetMetadata(SCOPE_KEY, scope);

type GatewayRequest = Request & { gateway?: GatewayIdentity };

/** The verified caller, set by CloudTokenGuard. */
export const Gateway = createParamDecorator((_: unknown, ctx: ExecutionContext): GatewayIdentity => {
  const identity = ctx.switchToHttp().getRequest<GatewayRequest>().gateway;
  if (!identity) throw new Error('@Gateway() used on a route without @RequiresScope()');
  return identity;
});

/** Cloud Token (Bearer, or Basic as Gravitee's bridge client sends it) → verified identity, then this gate's region, then the route's scope. */
@Injectable()
export class CloudTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly config: CloudGateConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<CloudTokenScope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (!scope) return true;
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const token = presentedToken(req.headers.authorization);
    if (!token) throw new CloudGateError('TOKEN_MISSING', 'Authorization: Bearer <cloud token> (or Basic with the token as password) is required');
    const identity = await this.verifier.verify(token);
    if (identity.geography !== this.config.REGION) {
      const cloudGateUrl = cloudGateUrlFor(identity.geography, this.config.CLOUD_GATE_URL_TEMPLATE, this.config.CLOUD_GATE_URLS);
      throw new CloudGateError('REGION_MISMATCH', `this token belongs to region ${identity.geography}; use ${cloudGateUrl}`, {
        region: identity.geography,
        cloudGateUrl,
      });
    }
    if (!identity.scopes.includes(scope)) throw new CloudGateError('SCOPE_MISSING', `the token lacks the ${scope} scope`);
    req.gateway = identity;
    return true;
  }
}
