import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GatewayEntity } from './gateway.entity';
import { GatewayInstanceEntity } from './gateway-instance.entity';

export type NewGateway = Pick<GatewayEntity, 'id' | 'accountId' | 'environmentId' | 'name' | 'platform' | 'accessPoints'>;
export type InstanceHeartbeat = Omit<GatewayInstanceEntity, 'gateway'>;

/** Gateways and the running instances their heartbeats describe. */
@Injectable()
export class GatewaysRepository {
  constructor(
    @InjectRepository(GatewayEntity) private readonly gateways: Repository<GatewayEntity>,
    @InjectRepository(GatewayInstanceEntity) private readonly instances: Repository<GatewayInstanceEntity>,
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

  /** One row per gateway node: the first heartbeat creates it, later ones overwrite it. */
  async recordInstance(instance: InstanceHeartbeat): Promise<void> {
    await this.instances.upsert(instance, ['gatewayId', 'nodeId']);
  }
}
