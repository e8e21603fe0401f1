import { Injectable } from '@nestjs/common';
import { BridgeEvent, HEARTBEAT_PROPERTIES } from '@app/contracts';
import { ControlPlaneError } from '../control-plane.errors';
import { GatewayHeartbeatEventEntity } from '../gateways/gateway-heartbeat-event.entity';
import { InstancePlugin } from '../gateways/gateway-instance.entity';
import { GatewaysRepository } from '../gateways/gateways.repository';
import { GatewayPresence } from '../gateways/gateway-presence.service';
import { ResolvedScope } from './bridge-scope.service';
import { HeartbeatEventDto } from './dto/bridge.dto';

/** The node as a heartbeat's payload describes it (Gravitee's `InstanceEventPayload`). */
interface NodePayload {
  id?: unknown;
  hostname?: unknown;
  ip?: unknown;
  port?: unknown;
  version?: unknown;
  tenant?: unknown;
  plugins?: unknown;
}

const MAX_PLUGINS = 500;

function text(value: unknown, max = 256): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;
}

function epochMillis(value: unknown): Date | null {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= 8.64e15 ? new Date(n) : null;
}

function parseNode(payload: string): NodePayload {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as NodePayload) : {};
  } catch {
    return {};
  }
}

function pluginsOf(value: unknown): InstancePlugin[] | null {
  if (!Array.isArray(value)) return null;
  return value
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && text((p as { id?: unknown }).id) !== null)
    .slice(0, MAX_PLUGINS)
    .map((p) => ({ id: text(p.id)!, name: text(p.name), version: text(p.version, 64), type: text(p.type, 64) }));
}

/** Property values are strings in Gravitee's model; anything else is dropped rather than stored. */
function stringProperties(properties: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties ?? {})) if (typeof value === 'string') out[key.slice(0, 256)] = value.slice(0, 4096);
  return out;
}

/**
 * Heartbeats drive the instance view of a gateway (SPEC §4). Gravitee's gateway sends one whole
 * `GATEWAY_STARTED` event per run (its `payload` the node, `payload.id` the node id), then patches it every
 * few seconds with only `id`, `type` and `properties` (`payload: null`), and finally `GATEWAY_STOPPED`. Each
 * call patches the stored event (properties merged, payload kept) and is answered with it whole; the node it
 * names is one instance, whatever event id it uses. The control plane's clock stamps the heartbeat.
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
    const now = new Date();
    const stored = await this.gateways.findHeartbeatEvent(gateway.id, event.id);
    const properties = { ...stored?.properties, ...stringProperties(event.properties) };
    const payload = event.payload ?? stored?.payload ?? '';
    const node = parseNode(payload);
    const nodeId =
      stored?.nodeId ?? text(node.id) ?? text(properties[HEARTBEAT_PROPERTIES.nodeId]) ?? text(properties[HEARTBEAT_PROPERTIES.id]) ?? text(event.id);
    if (!nodeId) throw new ControlPlaneError('INVALID_REQUEST', 'a heartbeat needs a node id (payload.id, properties.id or id)');

    const saved: GatewayHeartbeatEventEntity = {
      gatewayId: gateway.id,
      id: event.id,
      nodeId,
      type: event.type,
      payload,
      parentId: event.parentId ?? stored?.parentId ?? null,
      properties,
      environments: scope.environmentIds,
      createdAt: stored?.createdAt ?? epochMillis(event.createdAt) ?? now,
      updatedAt: now,
    };
    await this.gateways.saveHeartbeatEvent(saved);

    const stopped = event.type === 'GATEWAY_STOPPED';
    const hostname = text(node.hostname) ?? text(properties[HEARTBEAT_PROPERTIES.hostname]);
    const version = text(node.version) ?? text(properties[HEARTBEAT_PROPERTIES.version]);
    await this.gateways.recordInstance({
      gatewayId: gateway.id,
      nodeId,
      hostname,
      version,
      ip: text(node.ip, 64),
      port: text(node.port, 16),
      tenant: text(node.tenant),
      plugins: pluginsOf(node.plugins),
      state: stopped ? 'stopped' : 'started',
      startedAt: epochMillis(properties[HEARTBEAT_PROPERTIES.startedAt]) ?? saved.createdAt,
      lastHeartbeatAt: now,
      stoppedAt: stopped ? now : null,
    });
    this.presence.heartbeat(gateway, nodeId, hostname, version, stopped, now.getTime());
    return {
      id: saved.id,
      type: saved.type,
      payload: saved.payload,
      parentId: saved.parentId,
      properties: saved.properties,
      environments: saved.environments,
      organizations: [scope.organizationId],
      createdAt: saved.createdAt.getTime(),
      updatedAt: saved.updatedAt.getTime(),
    };
  }
}
