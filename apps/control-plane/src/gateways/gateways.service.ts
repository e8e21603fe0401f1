import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { AccountsService } from '../accounts/accounts.service';
import { ControlPlaneError } from '../control-plane.errors';
import { CreateGatewayDto, GatewayView } from './dto/gateway.dto';
import { GatewayEntity } from './gateway.entity';
import { GatewaysRepository } from './gateways.repository';
import { gatewayStatus, instanceStatus } from './gateway-status';
import { instanceMonitoring } from './instance-monitoring';
import { NodeMonitoringEntity } from './node-monitoring.entity';

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
    const monitoring = await this.gateways.monitoringOf(rows.map((g) => g.id));
    return rows.map((g) => this.toView(g, monitoring));
  }

  async get(accountId: string, gatewayId: string): Promise<GatewayView> {
    const gateway = await this.gateways.findInAccountWithInstances(accountId, gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
    return this.toView(gateway, await this.gateways.monitoringOf([gateway.id]));
  }

  async require(accountId: string, gatewayId: string): Promise<GatewayEntity> {
    await this.accounts.require(accountId);
    const gateway = await this.gateways.findInAccount(accountId, gatewayId);
    if (!gateway) throw new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
    return gateway;
  }

  private toView(gateway: GatewayEntity, monitoring: NodeMonitoringEntity[]): GatewayView {
    const now = Date.now();
    const instances = (gateway.instances ?? [])
      .sort((a, b) => b.lastHeartbeatAt.getTime() - a.lastHeartbeatAt.getTime())
      .map((i) => {
        // The heartbeat says who the node is; its NODE_INFOS fill what the heartbeat left out.
        const m = instanceMonitoring(monitoring.filter((r) => r.gatewayId === gateway.id && r.nodeId === i.nodeId));
        return {
          nodeId: i.nodeId,
          hostname: i.hostname ?? m.hostname,
          ip: i.ip ?? m.ip,
          port: i.port ?? m.port,
          version: i.version ?? m.version,
          status: instanceStatus(i, now, this.config.HEARTBEAT_TIMEOUT_MS),
          lastHeartbeatAt: i.lastHeartbeatAt.toISOString(),
          startedAt: i.startedAt?.toISOString() ?? null,
          jvm: m.jvm,
          plugins: i.plugins ?? m.plugins ?? [],
          health: m.health,
          monitor: m.monitor,
        };
      });
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
