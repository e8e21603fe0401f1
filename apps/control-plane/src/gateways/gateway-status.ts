export type GatewayStatus = 'connected' | 'disconnected' | 'stopped';

export interface InstanceState {
  state: 'started' | 'stopped';
  lastHeartbeatAt: Date;
}

/** `stopped` once it said so; `connected` while heartbeats are fresher than the timeout; else `disconnected`. */
export function instanceStatus(instance: InstanceState, now: number, heartbeatTimeoutMs: number): GatewayStatus {
  if (instance.state === 'stopped') return 'stopped';
  return now - instance.lastHeartbeatAt.getTime() <= heartbeatTimeoutMs ? 'connected' : 'disconnected';
}

/**
 * A gateway is connected if any of its instances is; stopped if every instance stopped cleanly;
 * otherwise (including never seen) disconnected.
 */
export function gatewayStatus(statuses: GatewayStatus[]): GatewayStatus {
  if (statuses.includes('connected')) return 'connected';
  if (statuses.length > 0 && statuses.every((s) => s === 'stopped')) return 'stopped';
  return 'disconnected';
}
