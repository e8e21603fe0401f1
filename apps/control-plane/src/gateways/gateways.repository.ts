import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { GatewayEntity } from './gateway.entity';
import { GatewayHeartbeatEventEntity } from './gateway-heartbeat-event.entity';
import { GatewayInstanceEntity } from './gateway-instance.entity';
import { NodeMonitoringEntity } from './node-monitoring.entity';

export type NewGateway = Pick<GatewayEntity, 'id' | 'accountId' | 'environmentId' | 'name' | 'platform' | 'accessPoints'>;
export type GatewayChanges = Partial<Pick<GatewayEntity, 'name' | 'accessPoints'>>;
export type InstanceHeartbeat = Omit<GatewayInstanceEntity, 'gateway'>;

/** Gateways, the running instances their heartbeats describe, and what those nodes report of themselves. */
@Injectable()
export class GatewaysRepository {
  constructor(
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
    @InjectRepository(GatewayInstanceEntity) private readonly instances: Repository<GatewayInstanceEntity>,
    @InjectRepository(GatewayHeartbeatEventEntity) private readonly heartbeats: Repository<GatewayHeartbeatEventEntity>,
    @InjectRepository(NodeMonitoringEntity) private readonly monitoring: Repository<NodeMonitoringEntity>,
  ) {}

  async insert(gateway: NewGateway): Promise<void> {
    await this.gateways.insert(this.gateways.create(gateway));
  }

  listInAccountWithInstances(accountId: string): Promise<GatewayEntity[]> {
    return this.gateways.find({ where: { accountId }, relations: { instances: true }, order: { createdAt: 'ASC' } });
  }

  findInAccountWithInstances(accountId: string, gatewayId: string): Promise<GatewayEntity | null> {
    return this.gateways.findOne({ where: { id: gatewayId, accountId }, relations: { instances: true } });
  }

  findInAccount(accountId: string, gatewayId: string): Promise<GatewayEntity | null> {
    return this.gateways.findOne({ where: { id: gatewayId, accountId } });
  }

  /** Every gateway of every account with its instances (the control plane's own metrics). */
  listAllWithInstances(): Promise<GatewayEntity[]> {
    return this.gateways.find({ relations: { instances: true } });
  }

  /**
   * As `findInAccount`, holding the row until the transaction ends: `share` lets tokens be issued
   * side by side, `update` (deletion) waits for them and they for it, so no token outlives a delete unrevoked.
   */
  findInAccountLocked(tx: Transaction, accountId: string, gatewayId: string, mode: 'share' | 'update'): Promise<GatewayEntity | null> {
    return this.repository(tx).findOne({
      where: { id: gatewayId, accountId },
      lock: { mode: mode === 'share' ? 'pessimistic_read' : 'pessimistic_write' },
    });
  }

  /** False when the gateway is not the account's. */
  async update(accountId: string, gatewayId: string, changes: GatewayChanges): Promise<boolean> {
    if (Object.keys(changes).length === 0) return (await this.findInAccount(accountId, gatewayId)) !== null;
    const result = await this.gateways.update({ id: gatewayId, accountId }, changes);
    return (result.affected ?? 0) > 0;
  }

  /** Deletes the gateway; its instances go with it (ON DELETE CASCADE), its tokens stay. */
  async delete(tx: Transaction, gatewayId: string): Promise<void> {
    await this.repository(tx).delete({ id: gatewayId });
  }

  /** One row per gateway node: the first heartbeat creates it, later ones overwrite it. */
  async recordInstance(instance: InstanceHeartbeat): Promise<void> {
    await this.instances.upsert(instance, ['gatewayId', 'nodeId']);
  }

  findHeartbeatEvent(gatewayId: string, id: string): Promise<GatewayHeartbeatEventEntity | null> {
    return this.heartbeats.findOne({ where: { gatewayId, id } });
  }

  async saveHeartbeatEvent(event: GatewayHeartbeatEventEntity): Promise<void> {
    await this.heartbeats.upsert(event, ['gatewayId', 'id']);
  }

  findMonitoring(gatewayId: string, nodeId: string, type: string): Promise<NodeMonitoringEntity | null> {
    return this.monitoring.findOne({ where: { gatewayId, nodeId, type } });
  }

  /** One record per node and type: a later one replaces it (its id kept). */
  async saveMonitoring(record: NodeMonitoringEntity): Promise<NodeMonitoringEntity> {
    await this.monitoring.upsert(record, ['gatewayId', 'nodeId', 'type']);
    return this.monitoring.findOneOrFail({ where: { gatewayId: record.gatewayId, nodeId: record.nodeId, type: record.type } });
  }

  /** The latest node monitoring of these gateways' nodes. */
  monitoringOf(gatewayIds: string[]): Promise<NodeMonitoringEntity[]> {
    if (gatewayIds.length === 0) return Promise.resolve([]);
    return this.monitoring.find({ where: { gatewayId: In(gatewayIds) } });
  }

  private repository(tx: Transaction): Repository<GatewayEntity> {
    return Transaction.managerOf(tx, this.gateways.manager).getRepository(GatewayEntity);
  }
}
