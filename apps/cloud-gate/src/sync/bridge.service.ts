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
    const target = CONTROL_PLANE_PREFIX + req.originalUrl.slice(GATE_PREFIX.length);
    return this.controlPlane.internal(method, target, scopeHeaders(identity), body && body.length > 0 ? body : Buffer.from('{}'));
  }
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
