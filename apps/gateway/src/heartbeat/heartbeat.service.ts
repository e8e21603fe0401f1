import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '@app/config';
import { HEARTBEAT_PROPERTIES as P } from '@app/contracts';
import { CloudGateClient, CloudGateError, HeartbeatEvent, NodeMonitoringRecord } from '../cloud-gate/cloud-gate.client';
import { SyncService } from '../sync/sync.service';
import { GatewayContext } from '../startup/gateway-context';
import { healthCheck, instancePayload, monitor, nodeInfos } from './node-monitoring';

/** Health and monitor records go out with every this many heartbeats (and with the first). */
const MONITORING_EVERY_BEATS = 6;

/**
 * Tells the control plane this instance is alive, as Gravitee's gateway does: one `GATEWAY_STARTED`
 * event per run (its payload the node, `payload.id` and `properties.id` the node id), patched with
 * `last_heartbeat_at` every interval by calls carrying only the event id, type and properties, then
 * `GATEWAY_STOPPED`, whole, on a clean stop. Like Gravitee's node, it also keeps its node monitoring
 * (`NODE_INFOS`, `HEALTH_CHECK`, `MONITOR`) up to date through the bridge.
 */
@Injectable()
export class HeartbeatService {
  private readonly logger = new Logger(HeartbeatService.name);
  /** One event per run of the gateway; every heartbeat patches it. */
  private readonly eventId = randomUUID();
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  /** Node monitoring goes out on its own, so a slow gate never spaces heartbeats out. */
  private monitoringInFlight?: Promise<void>;
  private failing = false;
  /** Until the gate has the whole event, every heartbeat sends it whole. */
  private delivered = false;
  private beats = 0;

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
    await Promise.all([this.inFlight, this.monitoringInFlight]);
    await this.beat('GATEWAY_STOPPED');
    await this.monitoringInFlight;
  }

  private beat(type: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED'): Promise<void> {
    const whole = type === 'GATEWAY_STOPPED' || !this.delivered;
    const send = this.cloudGate
      .createOrPatchEvent(whole ? this.event(type) : this.patch())
      .then(() => {
        if (this.failing) this.logger.log('heartbeats reach the Cloud Gate again');
        this.failing = false;
        this.delivered = true;
        if (!this.monitoringInFlight) this.monitoringInFlight = this.sendMonitoring(type).finally(() => (this.monitoringInFlight = undefined));
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

  /** Node monitoring is best effort: a gate without it (or a refusal) never holds heartbeats back. */
  private async sendMonitoring(type: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED'): Promise<void> {
    const records: NodeMonitoringRecord[] = [];
    const first = this.beats === 0;
    if (first || type === 'GATEWAY_STOPPED') records.push(nodeInfos(this.context, this.config.GATEWAY_HTTP_PORT, type === 'GATEWAY_STOPPED' ? 'STOPPED' : 'STARTED'));
    if (type === 'GATEWAY_STARTED' && this.beats % MONITORING_EVERY_BEATS === 0) {
      const sync = this.sync.status;
      records.push(
        healthCheck(this.context, {
          'management-repository': { healthy: sync.state === 'synced', ...(sync.state === 'synced' ? {} : { message: sync.message ?? sync.state }) },
          'http-server': { healthy: true },
        }),
        monitor(this.context),
      );
    }
    this.beats++;
    for (const record of records) {
      await this.cloudGate.saveNodeMonitoring(record).catch((err: Error) => {
        if (first) this.logger.warn(`node monitoring ${record.type} not delivered: ${err.message}`);
      });
    }
  }

  private event(type: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED'): HeartbeatEvent {
    const now = Date.now();
    const { claims, nodeId, hostname, version, startedAt } = this.context;
    const properties: Record<string, string> = {
      [P.id]: nodeId,
      [P.nodeId]: nodeId,
      [P.hostname]: hostname,
      [P.version]: version,
      [P.startedAt]: String(startedAt),
      [P.lastHeartbeatAt]: String(now),
      cluster_primary_node: 'true',
    };
    if (type === 'GATEWAY_STOPPED') properties[P.stoppedAt] = String(now);
    return {
      id: this.eventId,
      type,
      payload: JSON.stringify(instancePayload(this.context, this.config.GATEWAY_HTTP_PORT)),
      parentId: null,
      properties,
      environments: claims.envs,
      organizations: [claims.org],
      createdAt: startedAt,
      updatedAt: now,
    };
  }

  /** What Gravitee's gateway sends between its first and last events: the event id and the new heartbeat time. */
  private patch(): HeartbeatEvent {
    const now = Date.now();
    return {
      id: this.eventId,
      type: 'GATEWAY_STARTED',
      payload: null,
      environments: null,
      properties: { [P.lastHeartbeatAt]: String(now), cluster_primary_node: 'true' },
      updatedAt: now,
    };
  }
}
