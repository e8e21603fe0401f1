import { gatewayStatus, instanceStatus } from './gateway-status';

describe('gateway status', () => {
  const now = Date.parse('2026-01-01T00:00:30Z');

  it('is connected while heartbeats are fresh and disconnected after the timeout', () => {
    expect(instanceStatus({ state: 'started', lastHeartbeatAt: new Date(now - 5_000) }, now, 15_000)).toBe('connected');
    expect(instanceStatus({ state: 'started', lastHeartbeatAt: new Date(now - 15_001) }, now, 15_000)).toBe('disconnected');
  });

  it('is stopped after GATEWAY_STOPPED whatever the heartbeat age', () => {
    expect(instanceStatus({ state: 'stopped', lastHeartbeatAt: new Date(now) }, now, 15_000)).toBe('stopped');
  });

  it('aggregates instances: any connected wins, all stopped is stopped, none is disconnected', () => {
    expect(gatewayStatus(['disconnected', 'connected'])).toBe('connected');
    expect(gatewayStatus(['stopped', 'stopped'])).toBe('stopped');
    expect(gatewayStatus(['stopped', 'disconnected'])).toBe('disconnected');
    expect(gatewayStatus([])).toBe('disconnected');
  });
});
