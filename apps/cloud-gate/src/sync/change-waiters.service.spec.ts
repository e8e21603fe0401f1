import type { ChangeListener, ChangeStreamService } from '../control-plane/change-stream.service';
import type { GateMetrics } from '../metrics/gate-metrics.service';
import { ChangeWaiters } from './change-waiters.service';

function waiters() {
  let listener: ChangeListener = {};
  const stream = { subscribe: (l: ChangeListener) => (listener = l) } as unknown as ChangeStreamService;
  const metrics = { syncWaiting: { set: () => undefined } } as unknown as GateMetrics;
  const registry = new ChangeWaiters(stream, metrics);
  return { registry, change: (environmentIds: string[], at: number) => listener.onEnvironmentChange!({ environmentIds, at }) };
}

describe('ChangeWaiters', () => {
  it("answers at once a wait that began after a change it missed, whatever the control plane's clock says", async () => {
    const { registry, change } = waiters();
    const since = Date.now() - 1;
    // The control plane's clock is a minute behind this gate's.
    change(['env-1'], Date.now() - 60_000);
    const answer = await registry.wait(['env-1'], since, 60_000, new AbortController().signal);
    expect(answer).toMatchObject({ changed: true, environmentIds: ['env-1'] });
  });

  it('does not answer for a change heard before `since`, even when the control plane dates it later', async () => {
    const { registry, change } = waiters();
    change(['env-1'], Date.now() + 60_000);
    const hangUp = new AbortController();
    const answer = registry.wait(['env-1'], Date.now() + 1, 60_000, hangUp.signal);
    hangUp.abort();
    await expect(answer).resolves.toMatchObject({ changed: false });
  });

  it('releases a waiting gateway on a change of one of its environments only', async () => {
    const { registry, change } = waiters();
    const hangUp = new AbortController();
    const answer = registry.wait(['env-1', 'env-2'], Date.now(), 60_000, hangUp.signal);
    change(['env-3'], 0);
    change(['env-2'], 0);
    await expect(answer).resolves.toMatchObject({ changed: true, environmentIds: ['env-2'] });
  });
});
