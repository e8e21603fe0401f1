import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { AccountsService } from '../accounts/accounts.service';
import { ControlPlaneError } from '../control-plane.errors';
import { UnitOfWork } from '../database/unit-of-work';
import { TokenView } from '../tokens/dto/token.dto';
import { TokensService } from '../tokens/tokens.service';
import { CreateGatewayDto, GatewayDetailView, GatewayInstanceView, GatewayView, UpdateGatewayDto } from './dto/gateway.dto';
import { GatewayEntity } from './gateway.entity';
import { GatewaysRepository } from './gateways.repository';
import { TokenState, gatewayStatus, instanceStatus } from './gateway-status';
import { instanceMonitoring } from './instance-monitoring';
import { NodeMonitoringEntity } from './node-monitoring.entity';

@Injectable()
export class GatewaysService {
  constructor(
    private readonly gateways: GatewaysRepository,
    private readonly accounts: AccountsService,
    private readonly tokens: TokensService,
    private readonly unitOfWork: UnitOfWork,
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
    const [rows, tokens] = await Promise.all([this.gateways.listInAccountWithInstances(accountId), this.tokens.list(accountId)]);
    const monitoring = await this.gateways.monitoringOf(rows.map((g) => g.id));
    return rows.map((g) => this.toView(g, tokens.filter((t) => t.gatewayId === g.id), monitoring));
  }

  /** The gateway with its instances and its tokens. */
  async get(accountId: string, gatewayId: string): Promise<GatewayDetailView> {
    const gateway = await this.gateways.findInAccountWithInstances(accountId, gatewayId);
    if (!gateway) throw notFound(accountId, gatewayId);
    const [tokens, monitoring] = await Promise.all([this.tokens.ofGateway(accountId, gatewayId), this.gateways.monitoringOf([gateway.id])]);
    return { ...this.toView(gateway, tokens, monitoring), tokens };
  }

  async update(accountId: string, gatewayId: string, input: UpdateGatewayDto): Promise<GatewayDetailView> {
    await this.accounts.require(accountId);
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.accessPoints !== undefined ? { accessPoints: [...new Set(input.accessPoints)] } : {}),
    };
    if (!(await this.gateways.update(accountId, gatewayId, changes))) throw notFound(accountId, gatewayId);
    return this.get(accountId, gatewayId);
  }

  /** Deletes the installation and revokes every token it has; gates refuse them within seconds. */
  async remove(accountId: string, gatewayId: string): Promise<void> {
    await this.accounts.require(accountId);
    const revoked = await this.unitOfWork.run(async (tx) => {
      if (!(await this.gateways.findInAccountLocked(tx, accountId, gatewayId, 'update'))) throw notFound(accountId, gatewayId);
      const revocations = await this.tokens.revokeInstallation(tx, accountId, gatewayId);
      await this.gateways.delete(tx, gatewayId);
      return revocations;
    });
    await this.tokens.announce(revoked);
  }

  async require(accountId: string, gatewayId: string): Promise<GatewayEntity> {
    await this.accounts.require(accountId);
    const gateway = await this.gateways.findInAccount(accountId, gatewayId);
    if (!gateway) throw notFound(accountId, gatewayId);
    return gateway;
  }

  /** Every gateway of every account counted by the status the dashboard shows for it (the control plane's metrics). */
  async countByStatus(): Promise<Record<string, number>> {
    const [rows, tokens] = await Promise.all([this.gateways.listAllWithInstances(), this.tokens.all()]);
    const byGateway = new Map<string, TokenView[]>();
    for (const t of tokens) if (t.gatewayId) byGateway.set(t.gatewayId, [...(byGateway.get(t.gatewayId) ?? []), t]);
    const counts: Record<string, number> = {};
    for (const gateway of rows) {
      // The status needs no node monitoring.
      const { status } = this.toView(gateway, byGateway.get(gateway.id) ?? [], []);
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * The gateway's running instances, most recent heartbeat first: what heartbeats say about each node,
   * completed by its latest node monitoring (NODE_INFOS, HEALTH_CHECK, MONITOR).
   */
  instancesOf(gateway: GatewayEntity, monitoring: NodeMonitoringEntity[], now = Date.now()): GatewayInstanceView[] {
    return [...(gateway.instances ?? [])]
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
  }

  private toView(gateway: GatewayEntity, tokens: TokenView[], monitoring: NodeMonitoringEntity[]): GatewayView {
    const instances = this.instancesOf(gateway, monitoring);
    return {
      id: gateway.id,
      name: gateway.name,
      platform: gateway.platform,
      environmentId: gateway.environmentId,
      accessPoints: gateway.accessPoints,
      status: gatewayStatus(
        instances.map((i) => i.status),
        tokens.map(tokenState),
      ),
      lastHeartbeatAt: instances[0]?.lastHeartbeatAt ?? null,
      instances,
      createdAt: gateway.createdAt.toISOString(),
    };
  }
}

function tokenState(t: TokenView): TokenState {
  return { revokedAt: t.revokedAt ? new Date(t.revokedAt) : null, lastSeenAt: t.lastSeenAt ? new Date(t.lastSeenAt) : null };
}

function notFound(accountId: string, gatewayId: string): ControlPlaneError {
  return new ControlPlaneError('NOT_FOUND', `gateway ${gatewayId} does not exist in account ${accountId}`);
}
