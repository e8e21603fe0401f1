import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { ControlPlaneClient } from './control-plane.client';

export interface Revocation {
  jti: string;
  revokedAt: number;
}

export interface EnvironmentChange {
  environmentIds: string[];
  at: number;
}

export interface ChangeListener {
  /**
   * `complete`: the list is every revoked, unexpired token as of `asOf` (local time the fetch began);
   * revocations heard after `asOf` may be missing from it.
   */
  onRevocations?(revocations: Revocation[], complete: boolean, asOf?: number): void;
  onEnvironmentChange?(change: EnvironmentChange): void;
  onKeysChanged?(): void;
  /** The stream is back after an outage: changes made meanwhile were not seen one by one. */
  onStreamRestored?(): void;
}

interface RevocationsAnswer {
  now: number;
  revoked: Revocation[];
}

/** Revocations fetched on reconnect reach back this far before the last answer, against clock drift between instances. */
const SINCE_MARGIN_MS = 5000;
/** Pings come every 15 s; three missed ones mean the stream is dead even if TCP has not noticed. */
const IDLE_TIMEOUT_MS = 45_000;

/**
 * One SSE connection per gate to the control plane's `/internal/changes`. On every (re)connect it
 * first opens the stream, then fetches the revocations since the last answer, so a revocation made
 * while it was away is never missed. Reconnects back off up to CHANGE_STREAM_RECONNECT_MAX_MS.
 */
@Injectable()
export class ChangeStreamService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeStreamService.name);
  private readonly listeners: ChangeListener[] = [];
  private readonly abort = new AbortController();
  private since: number | undefined;
  private connected = false;
  private wasConnected = false;
  private running?: Promise<void>;
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: CloudGateConfig,
    private readonly controlPlane: ControlPlaneClient,
    private readonly metrics: GateMetrics,
  ) {}

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  onApplicationBootstrap(): void {
    this.running = this.run();
    this.refreshTimer = setInterval(() => void this.refreshRevocations(), this.config.REVOCATIONS_REFRESH_MS);
    this.refreshTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refreshTimer);
    this.abort.abort();
    await this.running;
  }

  /** The complete list again, while the stream stays up; listeners keep what they heard after `asOf`. */
  private async refreshRevocations(): Promise<void> {
    if (!this.connected) return; // a reconnect fetches what it needs
    const asOf = Date.now();
    try {
      const answer = await this.controlPlane.internalJson<RevocationsAnswer>('/internal/revocations');
      const revoked = Array.isArray(answer.revoked) ? answer.revoked.filter(isRevocation) : [];
      for (const l of this.listeners) l.onRevocations?.(revoked, true, asOf);
    } catch (err) {
      this.logger.warn({ msg: 'revocation refresh failed; keeping the current list', reason: err instanceof Error ? err.message : String(err) });
    }
  }

  private async run(): Promise<void> {
    let delay = 100;
    while (!this.abort.signal.aborted) {
      try {
        await this.connectOnce(() => (delay = 100));
      } catch (err) {
        if (this.abort.signal.aborted) break;
        this.logger.warn({ msg: 'change stream lost', reason: err instanceof Error ? err.message : String(err), retryInMs: delay });
      }
      this.setConnected(false);
      if (this.abort.signal.aborted) break;
      await sleep(delay, this.abort.signal);
      delay = Math.min(delay * 2, this.config.CHANGE_STREAM_RECONNECT_MAX_MS);
    }
  }

  private async connectOnce(onConnected: () => void): Promise<void> {
    const response = await this.controlPlane.stream('/internal/changes', IDLE_TIMEOUT_MS, this.abort.signal);
    if (response.statusCode !== 200) {
      response.body.resume();
      throw new Error(`control plane answered ${response.statusCode} on /internal/changes`);
    }
    // Stream first, catch-up second: events arriving meanwhile wait in the stream's buffer.
    await this.catchUpRevocations();
    const restored = this.wasConnected;
    this.setConnected(true);
    this.wasConnected = true;
    onConnected();
    if (restored) for (const l of this.listeners) l.onStreamRestored?.();
    const parser = new SseParser((event, data) => this.dispatch(event, data));
    response.body.setEncoding('utf8');
    for await (const chunk of response.body) parser.push(chunk as string);
    throw new Error('control plane closed the change stream');
  }

  private async catchUpRevocations(): Promise<void> {
    const complete = this.since === undefined;
    const query = complete ? '' : `?since=${Math.max(0, this.since! - SINCE_MARGIN_MS)}`;
    const answer = await this.controlPlane.internalJson<RevocationsAnswer>(`/internal/revocations${query}`);
    const revoked = Array.isArray(answer.revoked) ? answer.revoked.filter(isRevocation) : [];
    this.since = typeof answer.now === 'number' ? answer.now : Date.now();
    for (const l of this.listeners) l.onRevocations?.(revoked, complete);
  }

  private dispatch(event: string, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      this.logger.warn({ msg: 'unparseable change event ignored', event });
      return;
    }
    if (event === 'revocation' && isRevocation(parsed)) {
      this.since = Math.max(this.since ?? 0, parsed.revokedAt);
      for (const l of this.listeners) l.onRevocations?.([parsed], false);
    } else if (event === 'environment' && isEnvironmentChange(parsed)) {
      for (const l of this.listeners) l.onEnvironmentChange?.(parsed);
    } else if (event === 'keys') {
      for (const l of this.listeners) l.onKeysChanged?.();
    }
  }

  private setConnected(connected: boolean): void {
    if (connected !== this.connected) this.logger.log({ msg: connected ? 'change stream connected' : 'change stream disconnected' });
    this.connected = connected;
    this.metrics.changeStreamConnected.set(connected ? 1 : 0);
  }
}

/** Minimal text/event-stream parser: `event:`/`data:` fields, blank line dispatches, `:` lines are comments. */
export class SseParser {
  private buffer = '';
  private event = 'message';
  private data: string[] = [];

  constructor(private readonly emit: (event: string, data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.emit(this.event, this.data.join('\n'));
      this.event = 'message';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

function isRevocation(value: unknown): value is Revocation {
  const v = value as Revocation;
  return typeof v === 'object' && v !== null && typeof v.jti === 'string' && typeof v.revokedAt === 'number';
}

function isEnvironmentChange(value: unknown): value is EnvironmentChange {
  const v = value as EnvironmentChange;
  return typeof v === 'object' && v !== null && Array.isArray(v.environmentIds) && v.environmentIds.every((e) => typeof e === 'string');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
