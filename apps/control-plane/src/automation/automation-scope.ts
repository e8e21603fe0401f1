import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { ControlPlaneError } from '../control-plane.errors';

/**
 * Tenancy of an Automation API call, from the headers the Cloud Gate sets out of the verified
 * automation token (docs/internal-api.md); there is no gateway installation behind it.
 */
export interface AutomationScope {
  accountId: string;
  organizationId: string;
  environmentIds: string[];
  tokenId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidHeader(req: Request, name: string): string {
  const value = req.headers[name];
  if (typeof value !== 'string' || !UUID.test(value.trim())) throw new ControlPlaneError('INVALID_REQUEST', `the ${name} header must be a UUID`);
  return value.trim();
}

export function automationScopeOf(req: Request): AutomationScope {
  const envs = req.headers['x-scope-envs'];
  const environmentIds = (typeof envs === 'string' ? envs : '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (environmentIds.length === 0 || environmentIds.some((id) => !UUID.test(id))) throw new ControlPlaneError('INVALID_REQUEST', 'x-scope-envs must be comma-separated UUIDs');
  return {
    accountId: uuidHeader(req, 'x-scope-account'),
    organizationId: uuidHeader(req, 'x-scope-org'),
    environmentIds,
    tokenId: uuidHeader(req, 'x-scope-token'),
  };
}

export const ScopeOfAutomation = createParamDecorator((_: unknown, ctx: ExecutionContext) => automationScopeOf(ctx.switchToHttp().getRequest<Request>()));
