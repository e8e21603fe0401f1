import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { GatewayIdentity } from '@app/contracts';
import { ControlPlaneAnswer, ControlPlaneClient, HttpMethod, ScopeHeaders } from '../control-plane/control-plane.client';
import { readBody } from '../http/request-body';

/** Bridge criteria and heartbeats are small; anything larger is not a gateway talking. */
const BRIDGE_MAX_BODY_BYTES = 1024 * 1024;
const GATE_PREFIX = '/sync/_bridge';
const CONTROL_PLANE_PREFIX = '/internal/bridge';

/** Forwards a bridge call to the control plane with the tenancy of the verified token (docs/internal-api.md). */
@Injectable()
export class BridgeService {
  constructor(private readonly controlPlane: ControlPlaneClient) {}

  async forward(req: Request, identity: GatewayIdentity): Promise<ControlPlaneAnswer> {
    const method = req.method as HttpMethod;
    const body = method === 'POST' || method === 'PUT' ? await readBody(req, BRIDGE_MAX_BODY_BYTES, { gunzip: true }) : undefined;
    return this.controlPlane.internal(method, controlPlaneTarget(req.originalUrl), scopeHeaders(identity), body && body.length > 0 ? body : Buffer.from('{}'));
  }
}

/**
 * `/sync/_bridge/X?q` → `/internal/bridge/X?q`, for a request target in origin form (`/sync/...`) or
 * absolute form (`https://gate/sync/...`) alike: the path is read from the parsed target, never
 * sliced from the raw one. The query is passed on as the gateway wrote it.
 */
export function controlPlaneTarget(originalUrl: string): string {
  const q = originalUrl.indexOf('?');
  const search = q < 0 ? '' : originalUrl.slice(q);
  const { pathname } = new URL(q < 0 ? originalUrl : originalUrl.slice(0, q), 'http://gate.invalid');
  // Routing matched this prefix (case-insensitively, as Express does); anything else is not a bridge call.
  if (pathname.slice(0, GATE_PREFIX.length).toLowerCase() !== GATE_PREFIX) throw new Error(`not a bridge path: ${pathname}`);
  return CONTROL_PLANE_PREFIX + pathname.slice(GATE_PREFIX.length) + search;
}

/** Tenancy headers come from the verified token only; whatever the gateway sent is never copied. */
export function scopeHeaders(identity: GatewayIdentity): ScopeHeaders {
  return {
    'x-scope-account': identity.accountId,
    'x-scope-org': identity.organizationId,
    'x-scope-envs': identity.environmentIds.join(','),
    'x-scope-gateway': identity.gatewayId,
    'x-scope-token': identity.tokenId,
  };
}
