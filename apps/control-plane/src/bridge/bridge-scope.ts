import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ControlPlaneError } from '../control-plane.errors';

/** Tenancy of a bridge call, from the headers the Cloud Gate sets out of the verified token. */
export interface BridgeScope {
  accountId: string;
  organizationId: string;
  environmentIds: string[];
  gatewayId: string;
  tokenId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(req: Request, name: string): string {
  const value = req.headers[name];
  if (typeof value !== 'string' || value.trim() === '') throw new ControlPlaneError('INVALID_REQUEST', `the ${name} header is required`);
  return value.trim();
}

function uuidHeader(req: Request, name: string): string {
  const value = header(req, name);
  if (!UUID.test(value)) throw new ControlPlaneError('INVALID_REQUEST', `the ${name} header must be a UUID`);
  return value;
}

export function scopeFromRequest(req: Request): BridgeScope {
  const environmentIds = header(req, 'x-scope-envs')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (environmentIds.some((id) => !UUID.test(id))) throw new ControlPlaneError('INVALID_REQUEST', 'x-scope-envs must be comma-separated UUIDs');
  return {
    accountId: uuidHeader(req, 'x-scope-account'),
    organizationId: uuidHeader(req, 'x-scope-org'),
    environmentIds,
    gatewayId: uuidHeader(req, 'x-scope-gateway'),
    tokenId: uuidHeader(req, 'x-scope-token'),
  };
}

/** The caller's scope as the gate declared it; `BridgeScopeService.resolve` narrows it to what exists. */
export const Scope = createParamDecorator((_data: unknown, ctx: ExecutionContext) => scopeFromRequest(ctx.switchToHttp().getRequest<Request>()));
