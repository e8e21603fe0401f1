import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { GatewayConfig } from '@app/config';
import { BridgeEvent, EventCriteria, EventType } from '@app/contracts';
import { MetricsService } from '@app/observability';
import { CloudGateClient, CloudGateError } from '../cloud-gate/cloud-gate.client';
import { ServedConfiguration } from '../proxy/served-configuration';
import { GatewayContext } from '../startup/gateway-context';
import { ApiChange, GatewayState, applyApiEvents, emptyState, replaceApis, upsertKeys, upsertSubscriptions } from './gateway-state';
import { StateStore } from './state.store';
import { SyncState, SyncStatus } from './sync-status';

const API_EVENT_TYPES: EventType[] = ['PUBLISH_API', 'UNPUBLISH_API', 'START_API', 'STOP_API'];
const PAGE_SIZE = 100;
/** Incremental windows overlap by this much, so an event committed late (or a clock a little behind) is not missed. */
const WINDOW_OVERLAP_MS = 5000;
const MAX_RETRY_DELAY_MS = 5000;

/**
 * Keeps the served configuration in step with the Cloud Gate: a full sync at start (and after an
 * outage), then incremental syncs on `updatedAt` windows. The last synced configuration is kept on
 * disk and served whenever the gate cannot be had.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);
  private state: GatewayState = emptyState();
  private syncedUntil = 0;
  private needFullSync = true;
  private failures = 0;
  private current: SyncStatus = { state: 'starting', servingFrom: 'nothing' };
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private longPoll = true;
  private currentWait?: AbortController;
  /** The gate's clock of its last long-poll answer; before one, the start of the last sync. */
  private changesSince?: number;
  private readonly rounds: Counter<'result'>;
  private readonly deployed: Gauge;

  constructor(
    private readonly config: GatewayConfig,
    private readonly context: GatewayContext,
    private readonly cloudGate: CloudGateClient,
    private readonly store: StateStore,
    private readonly served: ServedConfiguration,
    metrics: MetricsService,
  ) {
    this.rounds = metrics.counter('gateway_sync_rounds_total', 'Sync rounds with the Cloud Gate, by result', ['result']);
    this.deployed = new Gauge({ name: 'gateway_apis_deployed', help: 'APIs currently served', registers: [metrics.registry] });
  }

  get status(): SyncStatus {
    return { ...this.current };
  }

  /** The first sync (or the copy on disk) is in place before the gateway takes traffic. */
  async start(): Promise<void> {
    if (!(await this.syncOnce())) await this.restoreFromDisk();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /**
   * After a successful sync the gateway waits on the gate's long-poll (`GATEWAY_SYNC_WAIT_MS`) and
   * syncs as soon as it answers, so a deploy is served well within a second; a gate without the
   * long-poll is polled every `GATEWAY_SYNC_INTERVAL_MS`. Failed rounds are retried with backoff.
   */
  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        if (this.failures > 0) await sleep(Math.min(MAX_RETRY_DELAY_MS, this.config.GATEWAY_SYNC_INTERVAL_MS * 2 ** this.failures), undefined, { signal: this.abort.signal });
        else await this.waitForChange();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.markFailed(err);
        continue;
      }
      await this.syncOnce();
    }
  }

  /**
   * Ends the current wait so a sync round runs now: another call to the gate (a heartbeat, a report
   * batch) was refused with 401, and the long-poll may otherwise hold that news back for its whole wait.
   */
  checkNow(reason: string): void {
    if (!this.currentWait || this.currentWait.signal.aborted) return;
    this.logger.warn(`${reason}: checking the sync now`);
    this.currentWait.abort();
  }

  private async waitForChange(): Promise<void> {
    const wait = new AbortController();
    this.currentWait = wait;
    const signal = AbortSignal.any([this.abort.signal, wait.signal]);
    try {
      if (!this.longPoll || this.config.GATEWAY_SYNC_WAIT_MS === 0) {
        await sleep(this.config.GATEWAY_SYNC_INTERVAL_MS, undefined, { signal });
        return;
      }
      const answer = await this.cloudGate.waitForChange(this.changesSince, this.config.GATEWAY_SYNC_WAIT_MS, signal);
      this.changesSince = answer.now;
    } catch (err) {
      if (wait.signal.aborted && !this.abort.signal.aborted) return;
      if (!(err instanceof CloudGateError && (err.status === 404 || err.status === 405))) throw err;
      this.longPoll = false;
      this.logger.warn('the Cloud Gate offers no change notification; polling instead');
    }
  }

  private async syncOnce(): Promise<boolean> {
    const to = Date.now();
    try {
      const full = this.needFullSync;
      const changes = full ? await this.fullSync(to) : await this.incrementalSync(this.syncedUntil - WINDOW_OVERLAP_MS, to);
      this.syncedUntil = to;
      this.needFullSync = false;
      // Until the gate has answered once, a change made since this sync began must still wake the first wait.
      this.changesSince ??= to - 1000;
      const replaced = full || changes > 0;
      if (replaced) {
        this.served.replace(structuredClone(this.state));
        this.deployed.set(Object.keys(this.state.apis).length);
      }
      // Synced as soon as the new configuration is served (the health says so), not once it is also on disk.
      this.markSynced(to);
      if (replaced) await this.store.save(this.state, to).catch((err: Error) => this.logger.warn(`could not keep the synced configuration on disk: ${err.message}`));
      return true;
    } catch (err) {
      this.markFailed(err);
      return false;
    }
  }

  private async fullSync(to: number): Promise<number> {
    const events = await this.latestApiEvents({ to });
    const { environmentIds: environments } = this.scope;
    const [keys, subscriptions] = await Promise.all([
      this.cloudGate.findKeys({ environments, includeRevoked: false, to }),
      this.cloudGate.searchSubscriptions({ environments, to }),
    ]);
    const next = emptyState();
    next.apis = this.state.apis;
    this.logChanges(replaceApis(next, events));
    upsertKeys(next, keys);
    upsertSubscriptions(next, subscriptions);
    this.state = next;
    return 1;
  }

  private async incrementalSync(from: number, to: number): Promise<number> {
    const events = await this.latestApiEvents({ from, to });
    const { environmentIds: environments } = this.scope;
    const [keys, subscriptions] = await Promise.all([
      this.cloudGate.findKeys({ environments, includeRevoked: true, from, to }),
      this.cloudGate.searchSubscriptions({ environments, from, to }),
    ]);
    const changes = applyApiEvents(this.state, events);
    this.logChanges(changes);
    return changes.length + upsertKeys(this.state, keys) + upsertSubscriptions(this.state, subscriptions);
  }

  private async latestApiEvents(window: Pick<EventCriteria, 'from' | 'to'>): Promise<BridgeEvent[]> {
    const criteria: EventCriteria = {
      types: API_EVENT_TYPES,
      environments: this.scope.environmentIds,
      organizations: [this.scope.organizationId],
      ...window,
    };
    const events: BridgeEvent[] = [];
    for (let page = 0; ; page++) {
      const answer = await this.cloudGate.latestEvents('API_ID', criteria, page, PAGE_SIZE);
      events.push(...answer.content);
      if (answer.content.length < PAGE_SIZE || events.length >= answer.totalElements) return events;
    }
  }

  private async restoreFromDisk(): Promise<void> {
    const saved = await this.store.load();
    if (!saved) {
      this.logger.warn('no synced configuration on disk: serving nothing until the Cloud Gate answers');
      return;
    }
    this.state = saved.state;
    this.served.replace(structuredClone(saved.state));
    this.deployed.set(Object.keys(saved.state.apis).length);
    this.current = { ...this.current, servingFrom: 'disk', lastSyncAt: saved.syncedUntil };
    this.logger.warn(
      `serving the configuration synced at ${new Date(saved.syncedUntil).toISOString()} from disk (${Object.keys(saved.state.apis).length} APIs) until the Cloud Gate answers`,
    );
  }

  private markSynced(at: number): void {
    if (this.current.state !== 'synced') this.logger.log(`synced with the Cloud Gate ${this.cloudGate.baseUrl} (${Object.keys(this.state.apis).length} APIs)`);
    this.failures = 0;
    this.rounds.inc({ result: 'ok' });
    this.current = { state: 'synced', servingFrom: 'cloud-gate', lastSyncAt: at };
  }

  private markFailed(err: unknown): void {
    const gateError = err instanceof CloudGateError ? err : undefined;
    const state: SyncState = gateError?.failure === 'unauthorized' ? 'unauthorized' : gateError?.failure === 'network' ? 'unreachable' : 'failing';
    const message = err instanceof Error ? err.message : String(err);
    this.failures++;
    this.rounds.inc({ result: state });
    // An outage is only recovered from by a full sync: undeploys during it must not be missed.
    if (state !== 'unauthorized') this.needFullSync = true;
    const changed = this.current.state !== state || this.current.code !== gateError?.code;
    this.current = {
      state,
      servingFrom: this.current.servingFrom,
      lastSyncAt: this.current.lastSyncAt,
      status: gateError?.status,
      code: gateError?.code,
      message,
      since: changed ? Date.now() : this.current.since,
    };
    if (!changed) return;
    const keeping = `still serving the last synced configuration (${Object.keys(this.state.apis).length} APIs)`;
    if (state === 'unauthorized') this.logger.error(`sync refused: the Cloud Gate does not accept this gateway's Cloud Token (${message}); ${keeping}`);
    else this.logger.warn(`sync failed: ${message}; ${keeping}; retrying`);
  }

  private logChanges(changes: ApiChange[]): void {
    for (const change of changes) {
      if (change.kind === 'invalid') this.logger.warn(`API ${change.apiId} not deployed: ${change.reason}`);
      else this.logger.log(`API ${change.kind}: ${change.kind === 'deployed' ? `${change.name} ` : ''}(${change.apiId})`);
    }
  }

  private get scope() {
    return { organizationId: this.context.claims.org, environmentIds: this.context.claims.envs };
  }
}
