import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { AccountsService } from '../accounts/accounts.service';
import { ControlPlaneError } from '../control-plane.errors';
import { CreateGatewayDto, GatewayView } from './dto/gateway.dto';
import { GatewayEntity } from './gateway.entity';
import { GatewaysRepository } from './gateways.repository';
import { gatewayStatus, instanceStatus } from './gateway-status';

@Injectable()
export class GatewaysService {
  constructor(
    private readonly gateways: GatewaysRepository,
    private readonly accounts: AccountsService,
    private readonly config: ControlPlaneConfig,
  ) {}

  async create(accountId: string, input: CreateGatewayDto): Promise<GatewayView> {
    await this.accounts.require(accountId);
    await this.accounts.requireEnvironment(accountId, input.environmentId);
    const gateway = {
      id: randomUUID(),
      accountId,
      environmentId: input.environmentId,
      name: input.name,
      platform: input.platform,
      accessPoints: [...new Set(input.accessPoints)],
    };
    await this.gateways.insert(gateway);
    return this.get(accountId, gateway.id);
  }

  async list(accountId: string): Promise<GatewayView[]> {
    await this.accounts.require(accountId);
    const rows = await this.gateways.listInAccountWithInstances(accountId);
    return rows.map((g) => this.toView(g));
  }

  async get(accountId: string, gatewayId: string): Promise<GatewayView> {
    const gateway = await this.gateways.findInAccountWithInstances(accountId, gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
    return this.toView(gateway);
  }

  async require(accountId: string, gatewayId: string): Promise<GatewayEntity> {
    await this.accounts.require(accountId);
    const gateway = await this.gateways.findInAccount(accountId, gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
    return gateway;
  }

  /** Every gateway of every account counted by the status the dashboard shows for it. */
  async countByStatus(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const gateway of await this.gateways.listAllWithInstances()) {
      const { status } = this.toView(gateway);
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }

  private toView(gateway: GatewayEntity): GatewayView {
    const now = Date.now();
    const instances = (gateway.instances ?? [])
      .sort((a, b) => b.lastHeartbeatAt.getTime() - a.lastHeartbeatAt.getTime())
      .map((i) => ({
        nodeId: i.nodeId,
        hostname: i.hostname,
        version: i.version,
        status: instanceStatus(i, now, this.config.HEARTBEAT_TIMEOUT_MS),
        lastHeartbeatAt: i.lastHeartbeatAt.toISOString(),
      }));
    return {
      id: gateway.id,
      name: gateway.name,
      platform: gateway.platform,
      environmentId: gateway.environmentId,
      accessPoints: gateway.accessPoints,
      status: gatewayStatus(instances.map((i) => i.status)),
      lastHeartbeatAt: instances[0]?.lastHeartbeatAt ?? null,
      instances,
      createdAt: gateway.createdAt.toISOString(),
    };
  }
}
