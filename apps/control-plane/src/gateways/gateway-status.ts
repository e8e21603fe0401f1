/** What an instance's heartbeats say. */
export type InstanceStatus = 'connected' | 'disconnected' | 'stopped';
export const INSTANCE_STATUSES = ['connected', 'disconnected', 'stopped'] as const satisfies readonly InstanceStatus[];

/**
 * An installation's status (SPEC §4): `pending` until its first heartbeat, then what its instances say,
 * and `revoked` when the token it runs with (or every token it has) was revoked.
 */
export type GatewayStatus = 'pending' | InstanceStatus | 'revoked';
export const GATEWAY_STATUSES = ['pending', 'connected', 'disconnected', 'stopped', 'revoked'] as const satisfies readonly GatewayStatus[];

export interface InstanceState {
  state: 'started' | 'stopped';
  lastHeartbeatAt: Date;
}

export interface TokenState {
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}

/** `stopped` once it said so; `connected` while heartbeats are fresher than the timeout; else `disconnected`. */
export function instanceStatus(instance: InstanceState, now: number, heartbeatTimeoutMs: number): InstanceStatus {
  if (instance.state === 'stopped') return 'stopped';
  return now - instance.lastHeartbeatAt.getTime() <= heartbeatTimeoutMs ? 'connected' : 'disconnected';
}

/**
 * - `revoked`: it has tokens and all of them are revoked, or the token it last used is revoked while an
 *   instance still runs (a gate refuses that token within seconds, so its heartbeats cannot be trusted
 *   to stop before the timeout says so);
 * - `pending`: no heartbeat yet;
 * - `connected` if any instance is, `stopped` if every instance stopped cleanly, else `disconnected`.
 */
export function gatewayStatus(instances: InstanceStatus[], tokens: TokenState[]): GatewayStatus {
  if (tokens.length > 0 && tokens.every((t) => t.revokedAt !== null)) return 'revoked';
  if (instances.length === 0) return 'pending';
  const allStopped = instances.every((s) => s === 'stopped');
  if (!allStopped && lastUsed(tokens)?.revokedAt) return 'revoked';
  if (instances.includes('connected')) return 'connected';
  return allStopped ? 'stopped' : 'disconnected';
}

function lastUsed(tokens: TokenState[]): TokenState | undefined {
  let last: TokenState | undefined;
  for (const t of tokens) if (t.lastSeenAt && (!last?.lastSeenAt || t.lastSeenAt > last.lastSeenAt)) last = t;
  return last;
}
