import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ChangeStreamService, EnvironmentChange } from '../control-plane/change-stream.service';
import { GateMetrics } from '../metrics/gate-metrics.service';

export interface ChangeAnswer {
  changed: boolean;
  /** The caller's environments that changed. */
  environmentIds: string[];
  /** When the change happened (epoch ms): the control plane's time when it is released live, else when this gate heard of it. */
  at?: number;
  /** This gate's clock when it answered: the `since` of the caller's next wait. */
  now: number;
}

interface Waiter {
  environmentIds: string[];
  settle: (answer: ChangeAnswer) => void;
}

/**
 * Gateways waiting for a change, indexed by environment. The one change stream of this gate
 * releases every waiter of an environment at once, so a deploy reaches all of them in one pass.
 */
@Injectable()
export class ChangeWaiters implements BeforeApplicationShutdown {
  private readonly byEnvironment = new Map<string, Set<Waiter>>();
  /** When this gate heard of the last change per environment (its own clock), to answer at once a wait that started after it. */
  private readonly lastChangeAt = new Map<string, number>();
  private readonly all = new Set<Waiter>();

  constructor(
    changes: ChangeStreamService,
    private readonly metrics: GateMetrics,
  ) {
    changes.subscribe({
      onEnvironmentChange: (change) => this.notify(change),
      onStreamRestored: () => this.releaseAll(true),
    });
  }

  /**
   * Resolves on the first change to one of `environmentIds` after `since`, or with `changed: false`
   * after `timeoutMs` or when `cancel` fires (the gateway hung up).
   */
  wait(environmentIds: string[], since: number, timeoutMs: number, cancel: AbortSignal): Promise<ChangeAnswer> {
    const already = environmentIds.filter((env) => (this.lastChangeAt.get(env) ?? -1) > since);
    if (already.length > 0) {
      return Promise.resolve({ changed: true, environmentIds: already, at: Math.max(...already.map((e) => this.lastChangeAt.get(e)!)), now: Date.now() });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => waiter.settle({ changed: false, environmentIds: [], now: Date.now() }), timeoutMs);
      const onCancel = () => waiter.settle({ changed: false, environmentIds: [], now: Date.now() });
      const waiter: Waiter = {
        environmentIds,
        settle: (answer) => {
          clearTimeout(timer);
          cancel.removeEventListener('abort', onCancel);
          this.remove(waiter);
          resolve(answer);
        },
      };
      cancel.addEventListener('abort', onCancel, { once: true });
      this.add(waiter);
    });
  }

  beforeApplicationShutdown(): void {
    this.releaseAll(false);
  }

  private notify(change: EnvironmentChange): void {
    // One clock decides: `since` is this gate's `now` of an earlier answer, so a change is dated by
    // this gate's clock when it heard of it, never by the control plane's (which may be skewed).
    const heardAt = Date.now();
    const at = typeof change.at === 'number' ? change.at : heardAt;
    const released = new Map<Waiter, string[]>();
    for (const env of change.environmentIds) {
      this.lastChangeAt.set(env, Math.max(heardAt, this.lastChangeAt.get(env) ?? 0));
      for (const waiter of this.byEnvironment.get(env) ?? []) released.set(waiter, [...(released.get(waiter) ?? []), env]);
    }
    const now = Date.now();
    for (const [waiter, envs] of released) waiter.settle({ changed: true, environmentIds: envs, at, now });
  }

  private releaseAll(changed: boolean): void {
    const now = Date.now();
    for (const waiter of [...this.all]) waiter.settle({ changed, environmentIds: changed ? waiter.environmentIds : [], now });
  }

  private add(waiter: Waiter): void {
    for (const env of waiter.environmentIds) {
      let set = this.byEnvironment.get(env);
      if (!set) this.byEnvironment.set(env, (set = new Set()));
      set.add(waiter);
    }
    this.all.add(waiter);
    this.metrics.syncWaiting.set(this.all.size);
  }

  private remove(waiter: Waiter): void {
    for (const env of waiter.environmentIds) {
      const set = this.byEnvironment.get(env);
      set?.delete(waiter);
      if (set && set.size === 0) this.byEnvironment.delete(env);
    }
    if (this.all.delete(waiter)) this.metrics.syncWaiting.set(this.all.size);
  }
}
