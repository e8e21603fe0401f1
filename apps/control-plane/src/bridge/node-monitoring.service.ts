import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ControlPlaneError } from '../control-plane.errors';
import { GatewaysRepository } from '../gateways/gateways.repository';
import { NodeMonitoringEntity } from '../gateways/node-monitoring.entity';
import { ResolvedScope } from './bridge-scope.service';
import { NodeMonitoringDto } from './dto/bridge.dto';

/** Gravitee's `io.gravitee.node.api.Monitoring`, as the bridge answers it. */
export interface MonitoringRecord {
  id: string;
  nodeId: string;
  type: string;
  payload: string;
  createdAt: number;
  evaluatedAt: number | null;
  updatedAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `node/monitoring` (SPEC §4): the gateway's own node monitoring records (`NODE_INFOS`, `HEALTH_CHECK`,
 * `MONITOR`), one per node and type within the token's gateway. Gravitee's node looks one up, then creates
 * it (`POST`) or updates it (`PUT`, possibly with `id: null`): both write the record of that node and type.
 */
@Injectable()
export class NodeMonitoringService {
  constructor(private readonly gateways: GatewaysRepository) {}

  async find(scope: ResolvedScope, nodeId: string, type: string): Promise<MonitoringRecord | undefined> {
    const gatewayId = await this.gatewayOf(scope);
    const row = await this.gateways.findMonitoring(gatewayId, nodeId, type);
    return row ? toRecord(row) : undefined;
  }

  async save(scope: ResolvedScope, input: NodeMonitoringDto): Promise<MonitoringRecord> {
    const gatewayId = await this.gatewayOf(scope);
    const existing = await this.gateways.findMonitoring(gatewayId, input.nodeId, input.type);
    const now = new Date();
    const saved = await this.gateways.saveMonitoring({
      id: existing?.id ?? (input.id && UUID.test(input.id) ? input.id : randomUUID()),
      gatewayId,
      nodeId: input.nodeId,
      type: input.type,
      payload: input.payload,
      createdAt: existing?.createdAt ?? (input.createdAt ? new Date(input.createdAt) : now),
      evaluatedAt: input.evaluatedAt ? new Date(input.evaluatedAt) : null,
      updatedAt: now,
    });
    return toRecord(saved);
  }

  private async gatewayOf(scope: ResolvedScope): Promise<string> {
    const gateway = await this.gateways.findInAccount(scope.account.id, scope.gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${scope.gatewayId} does not exist in account ${scope.account.id}`);
    return gateway.id;
  }
}

function toRecord(row: NodeMonitoringEntity): MonitoringRecord {
  return {
    id: row.id,
    nodeId: row.nodeId,
    type: row.type,
    payload: row.payload,
    createdAt: row.createdAt.getTime(),
    evaluatedAt: row.evaluatedAt?.getTime() ?? null,
    updatedAt: row.updatedAt.getTime(),
  };
}
