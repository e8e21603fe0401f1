import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';

interface Seen {
  gateway: string;
  nodeId: string;
  hostname: string | null;
  at: number;
}

/**
 * One log line when a gateway instance connects (its first heartbeat here), stops (GATEWAY_STOPPED)
 * or goes silent past the heartbeat timeout, instead of a line per heartbeat. Held in memory: after a
 * restart of the control plane, instances say they connected again at their next heartbeat.
 */
@Injectable()
export class GatewayPresence implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Gateways');
  private readonly seen = new Map<string, Seen>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly config: ControlPlaneConfig) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.sweep(Date.now()), Math.min(5000, Math.max(500, this.config.HEARTBEAT_TIMEOUT_MS / 2)));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  heartbeat(gateway: { id: string; name: string }, nodeId: string, hostname: string | null, version: string | null, stopped: boolean, now = Date.now()): void {
    const key = `${gateway.id}/${nodeId}`;
    const label = `gateway "${gateway.name}" (${gateway.id})`;
    const where = `instance ${nodeId}${hostname ? ` on ${hostname}` : ''}`;
    if (stopped) {
      this.seen.delete(key);
      this.logger.log(`${label} stopped: ${where}`);
      return;
    }
    if (!this.seen.has(key)) this.logger.log(`${label} connected: ${where}${version ? `, version ${version}` : ''}`);
    this.seen.set(key, { gateway: label, nodeId, hostname, at: now });
  }

  sweep(now: number): void {
    for (const [key, s] of this.seen) {
      if (now - s.at <= this.config.HEARTBEAT_TIMEOUT_MS) continue;
      this.seen.delete(key);
      this.logger.warn(`${s.gateway} disconnected: no heartbeat from instance ${s.nodeId}${s.hostname ? ` on ${s.hostname}` : ''} for ${Math.round((now - s.at) / 1000)} s`);
    }
  }
}
