import { gatewayStatus, instanceStatus } from './gateway-status';

describe('gateway status', () => {
  const now = Date.parse('2026-01-01T00:00:30Z');
  const at = (msAgo: number) => new Date(now - msAgo);
  const live = (lastSeenMsAgo?: number) => ({ revokedAt: null, lastSeenAt: lastSeenMsAgo === undefined ? null : at(lastSeenMsAgo) });
  const revoked = (lastSeenMsAgo?: number) => ({ revokedAt: at(1000), lastSeenAt: lastSeenMsAgo === undefined ? null : at(lastSeenMsAgo) });

  it('is connected while heartbeats are fresh and disconnected after the timeout', () => {
    expect(instanceStatus({ state: 'started', lastHeartbeatAt: new Date(now - 5_000) }, now, 15_000)).toBe('connected');
    expect(instanceStatus({ state: 'started', lastHeartbeatAt: new Date(now - 15_001) }, now, 15_000)).toBe('disconnected');
  });

  it('is stopped after GATEWAY_STOPPED whatever the heartbeat age', () => {
    expect(instanceStatus({ state: 'stopped', lastHeartbeatAt: new Date(now) }, now, 15_000)).toBe('stopped');
  });

  it('is pending until a first heartbeat', () => {
    expect(gatewayStatus([], [])).toBe('pending');
    expect(gatewayStatus([], [live()])).toBe('pending');
  });

  it('aggregates instances: any connected wins, all stopped is stopped, otherwise disconnected', () => {
    expect(gatewayStatus(['disconnected', 'connected'], [live(1)])).toBe('connected');
    expect(gatewayStatus(['stopped', 'stopped'], [live(1)])).toBe('stopped');
    expect(gatewayStatus(['stopped', 'disconnected'], [live(1)])).toBe('disconnected');
  });

  it('says revoked when every token is revoked, connected or not', () => {
    expect(gatewayStatus([], [revoked()])).toBe('revoked');
    expect(gatewayStatus(['connected'], [revoked(2000), revoked()])).toBe('revoked');
    expect(gatewayStatus(['stopped'], [revoked(2000)])).toBe('revoked');
  });

  it('says revoked when the token in use was revoked, even if a newer one waits to be used (rotation)', () => {
    expect(gatewayStatus(['connected'], [live(), revoked(2000)])).toBe('revoked');
    expect(gatewayStatus(['disconnected'], [live(), revoked(2000)])).toBe('revoked');
    // Once the new token is in use, the old one's revocation no longer matters.
    expect(gatewayStatus(['connected'], [live(500), revoked(20_000)])).toBe('connected');
    // A gateway that stopped cleanly before a rotation is stopped.
    expect(gatewayStatus(['stopped'], [live(), revoked(2000)])).toBe('stopped');
  });
});
