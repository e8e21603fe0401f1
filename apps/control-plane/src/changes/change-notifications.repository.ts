import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { ControlPlaneConfig } from '@app/config';

const CHANNEL = 'hybrid_cp_changes';
const RECONNECT_MS = 1000;

/**
 * PostgreSQL LISTEN/NOTIFY on one channel: notifications go out on the pool, and one dedicated
 * connection listens, reconnecting after a failure until `stopListening`.
 */
@Injectable()
export class ChangeNotificationsRepository {
  private readonly logger = new Logger(ChangeNotificationsRepository.name);
  private listener?: Client;
  private onPayload?: (payload: string) => void;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ControlPlaneConfig,
  ) {}

  /** Every listening instance, this one included, receives the payload (once its transaction, if any, commits). */
  async notify(payload: string): Promise<void> {
    await this.dataSource.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  /** Resolves once the listening connection is up; later reconnects happen in the background. */
  async listen(onPayload: (payload: string) => void): Promise<void> {
    this.onPayload = onPayload;
    await this.connect();
  }

  async stopListening(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      this.onPayload?.(msg.payload);
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
      this.connect().catch((err: unknown) => {
        this.logger.warn({ err }, 'change listener reconnect failed');
        setTimeout(retry, RECONNECT_MS).unref();
      });
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }
}
