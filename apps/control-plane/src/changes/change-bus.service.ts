import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { Observable, Subject } from 'rxjs';
import { ControlPlaneConfig } from '@app/config';

/** What Cloud Gates are told over `/internal/changes` (docs/internal-api.md). */
export type Change =
  | { event: 'environment'; data: { environmentIds: string[]; at: number } }
  | { event: 'revocation'; data: { jti: string; revokedAt: number } }
  | { event: 'keys'; data: { at: number } };

const CHANNEL = 'hybrid_cp_changes';
const RECONNECT_MS = 1000;

/**
 * Fan-out of changes across control-plane instances through PostgreSQL LISTEN/NOTIFY:
 * a change published on any instance reaches the gates connected to every instance.
 */
@Injectable()
export class ChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeBus.name);
  private readonly subject = new Subject<Change>();
  private listener?: Client;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ControlPlaneConfig,
  ) {}

  get changes(): Observable<Change> {
    return this.subject.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.subject.complete();
    await this.listener?.end().catch(() => undefined);
  }

  /** Committed changes only: call after the transaction that made the change. */
  async publish(change: Change): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
  }

  async environmentsChanged(environmentIds: string[]): Promise<void> {
    await this.publish({ event: 'environment', data: { environmentIds, at: Date.now() } });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        this.subject.next(JSON.parse(msg.payload) as Change);
      } catch (err) {
        this.logger.warn({ err }, 'ignored a malformed change notification');
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'change listener connection failed; reconnecting');
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private reconnectLater(dead: Client): void {
    if (this.closing || this.listener !== dead) return;
    this.listener = undefined;
    const retry = (): void => {
      if (this.closing) return;
      this.listen().catch((err: unknown) => {
        this.logger.warn({ err }, 'change listener reconnect failed');
        setTimeout(retry, RECONNECT_MS).unref();
      });
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }
}
