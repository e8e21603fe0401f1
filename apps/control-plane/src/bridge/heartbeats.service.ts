import { Injectable } from '@nestjs/common';
import { BridgeEvent, HEARTBEAT_PROPERTIES } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { GatewaysRepository } from '../gateways/gateways.repository';
import { GatewayPresence } from '../gateways/gateway-presence.service';
import { ResolvedScope } from './bridge-scope.service';
import { HeartbeatEventDto } from './dto/bridge.dto';

/** Instance fields a Gravitee gateway may put in the heartbeat's JSON payload instead of its properties. */
interface InstancePayload {
  hostname?: unknown;
  version?: unknown;
  id?: unknown;
}

function text(value: unknown, max = 256): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

function epochMillis(value: unknown): Date | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? new Date(n) : null;
}

/**
 * Heartbeats (`GATEWAY_STARTED` repeated, `GATEWAY_STOPPED` once) drive the instance view of a gateway.
 * The gateway is the token's own; the control plane's clock stamps the heartbeat.
 */
@Injectable()
export class HeartbeatsService {
  constructor(
    private readonly gateways: GatewaysRepository,
    private readonly presence: GatewayPresence,
  ) {}

  async record(scope: ResolvedScope, event: HeartbeatEventDto): Promise<BridgeEvent> {
    const gateway = await this.gateways.findInAccount(scope.account.id, scope.gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${scope.gatewayId} does not exist in account ${scope.account.id}`);
    const properties = event.properties ?? {};
    let payload: InstancePayload = {};
    try {
      payload = event.payload ? (JSON.parse(event.payload) as InstancePayload) : {};
    } catch {
      payload = {};
    }
    const nodeId = text(properties[HEARTBEAT_PROPERTIES.nodeId]) ?? text(properties[HEARTBEAT_PROPERTIES.id]) ?? text(event.id);
    if (!nodeId) throw new ControlPlaneError('INVALID_REQUEST', 'a heartbeat needs a node id (properties.node_id or id)');
    const now = new Date();
    const stopped = event.type === 'GATEWAY_STOPPED';
    const hostname = text(properties[HEARTBEAT_PROPERTIES.hostname]) ?? text(payload.hostname);
    const version = text(properties[HEARTBEAT_PROPERTIES.version]) ?? text(payload.version);
    await this.gateways.recordInstance({
      gatewayId: gateway.id,
      nodeId,
      hostname,
      version,
      state: stopped ? 'stopped' : 'started',
      startedAt: epochMillis(properties[HEARTBEAT_PROPERTIES.startedAt]),
      lastHeartbeatAt: now,
      stoppedAt: stopped ? now : null,
    });
    this.presence.heartbeat(gateway, nodeId, hostname, version, stopped, now.getTime());
    return {
      id: event.id,
      type: event.type,
      payload: event.payload ?? '',
      parentId: event.parentId ?? null,
      properties,
      environments: scope.environmentIds,
      organizations: [scope.organizationId],
      createdAt: epochMillis(event.createdAt)?.getTime() ?? now.getTime(),
      updatedAt: now.getTime(),
    };
  }
}
