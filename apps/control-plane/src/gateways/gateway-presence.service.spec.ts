import { Logger } from '@nestjs/common';
import { ControlPlaneConfig } from '@app/config';
import { GatewayPresence } from './gateway-presence.service';

describe('GatewayPresence', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    jest.spyOn(Logger.prototype, 'log').mockImplementation((m: unknown) => void lines.push(`info ${String(m)}`));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((m: unknown) => void lines.push(`warn ${String(m)}`));
  });
  afterEach(() => jest.restoreAllMocks());

  const presence = () => new GatewayPresence({ HEARTBEAT_TIMEOUT_MS: 15_000 } as ControlPlaneConfig);
  const gw = { id: 'g1', name: 'edge-1' };

  it('says an instance connected at its first heartbeat only, and disconnected once it went silent', () => {
    const p = presence();
    p.heartbeat(gw, 'n1', 'host-a', '4.8.0', false, 1000);
    p.heartbeat(gw, 'n1', 'host-a', '4.8.0', false, 6000);
    p.sweep(20_000);
    p.sweep(30_000);
    expect(lines).toEqual(['info gateway "edge-1" (g1) connected: instance n1 on host-a, version 4.8.0', 'warn gateway "edge-1" (g1) disconnected: no heartbeat from instance n1 on host-a for 24 s']);
    p.heartbeat(gw, 'n1', 'host-a', null, false, 31_000);
    expect(lines[2]).toBe('info gateway "edge-1" (g1) connected: instance n1 on host-a');
  });

  it('says an instance stopped, and does not call it disconnected afterwards', () => {
    const p = presence();
    p.heartbeat(gw, 'n1', null, null, false, 1000);
    p.heartbeat(gw, 'n1', null, null, true, 2000);
    p.sweep(60_000);
    expect(lines).toEqual(['info gateway "edge-1" (g1) connected: instance n1', 'info gateway "edge-1" (g1) stopped: instance n1']);
  });
});
