import { ChangeListener, ChangeStreamService } from '../control-plane/change-stream.service';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { RevocationStore } from './revocation.store';

describe('RevocationStore', () => {
  let listener: ChangeListener;
  let store: RevocationStore;
  const revocation = (jti: string) => ({ jti, revokedAt: 1 });

  beforeEach(() => {
    const changes = { subscribe: (l: ChangeListener) => (listener = l) } as unknown as ChangeStreamService;
    const metrics = { revokedTokens: { set: () => undefined } } as unknown as GateMetrics;
    store = new RevocationStore(changes, metrics);
  });

  it('adds revocations from the stream', () => {
    listener.onRevocations?.([revocation('a')], false);
    expect(store.isRevoked('a')).toBe(true);
    expect(store.isRevoked('b')).toBe(false);
  });

  it('forgets on a complete refresh what the control plane no longer lists (expired tokens)', () => {
    store.onRevocations([revocation('old'), revocation('kept')], true, undefined, 1000);
    store.onRevocations([revocation('kept')], true, 5000, 6000);
    expect(store.isRevoked('old')).toBe(false);
    expect(store.isRevoked('kept')).toBe(true);
  });

  it('keeps a revocation heard while the complete list was being fetched', () => {
    store.onRevocations([], true, undefined, 1000);
    store.onRevocations([revocation('during')], false, undefined, 5500); // the stream, mid-fetch
    store.onRevocations([], true, 5000, 6000); // list asked for at 5000, before that revocation
    expect(store.isRevoked('during')).toBe(true);
  });
});
