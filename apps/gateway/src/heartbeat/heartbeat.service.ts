import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '@app/config';
import { BridgeEvent, EventType, HEARTBEAT_PROPERTIES as P } from '@app/contracts';
import { CloudGateClient, CloudGateError } from '../cloud-gate/cloud-gate.client';
import { SyncService } from '../sync/sync.service';
import { GatewayContext } from '../startup/gateway-context';

/**
 * Tells the control plane this instance is alive, as Gravitee's gateway does: one `GATEWAY_STARTED`
 * event per run, patched with `last_heartbeat_at` every interval, then `GATEWAY_STOPPED` on a clean stop.
 */
@Injectable()
export class HeartbeatService {
  private readonly logger = new Logger(HeartbeatService.name);
  /** One event per run of the gateway; every heartbeat patches it. */
  private readonly eventId = randomUUID();
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private failing = false;

  constructor(
    private readonly config: GatewayConfig,
    private readonly context: GatewayContext,
    private readonly cloudGate: CloudGateClient,
    private readonly sync: SyncService,
  ) {}

  start(): void {
    void this.beat('GATEWAY_STARTED');
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.beat('GATEWAY_STARTED');
    }, this.config.GATEWAY_HEARTBEAT_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    await this.beat('GATEWAY_STOPPED');
  }

  private beat(type: EventType): Promise<void> {
    const send = this.cloudGate
      .createOrPatchEvent(this.event(type))
      .then(() => {
        if (this.failing) this.logger.log('heartbeats reach the Cloud Gate again');
        this.failing = false;
      })
      .catch((err: Error) => {
        if (err instanceof CloudGateError && err.failure === 'unauthorized') this.sync.checkNow('the Cloud Gate refused a heartbeat with 401');
        if (!this.failing || type === 'GATEWAY_STOPPED') this.logger.warn(`heartbeat ${type} not delivered: ${err.message}`);
        this.failing = true;
      })
      .finally(() => (this.inFlight = undefined));
    this.inFlight = send;
    return send;
  }

  private event(type: EventType): BridgeEvent {
    const now = Date.now();
    const { claims, nodeId, hostname, version, startedAt } = this.context;
    const properties: Record<string, string> = {
      [P.id]: this.eventId,
      [P.nodeId]: nodeId,
      [P.hostname]: hostname,
      [P.version]: version,
      [P.startedAt]: String(startedAt),
      [P.lastHeartbeatAt]: String(now),
    };
    if (type === 'GATEWAY_STOPPED') properties[P.stoppedAt] = String(now);
    const instance = { id: nodeId, hostname, version, started_at: startedAt, last_heartbeat_at: now, state: type === 'GATEWAY_STOPPED' ? 'STOPPED' : 'STARTED', environments: claims.envs, organizations: [claims.org] };
    return {
      id: this.eventId,
      type,
      payload: JSON.stringify(instance),
      parentId: null,
      properties,
      environments: claims.envs,
      organizations: [claims.org],
      createdAt: startedAt,
      updatedAt: now,
    };
  }
}
