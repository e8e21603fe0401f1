import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { ChangeNotificationsRepository } from './change-notifications.repository';

/** What Cloud Gates are told over `/internal/changes` (docs/internal-api.md). */
export type Change =
  | { event: 'environment'; data: { environmentIds: string[]; at: number } }
  | { event: 'revocation'; data: { jti: string; revokedAt: number } }
  | { event: 'keys'; data: { at: number } };

/**
 * Fan-out of changes across control-plane instances through PostgreSQL LISTEN/NOTIFY:
 * a change published on any instance reaches the gates connected to every instance.
 */
@Injectable()
export class ChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeBus.name);
  private readonly subject = new Subject<Change>();

  constructor(private readonly notifications: ChangeNotificationsRepository) {}

  get changes(): Observable<Change> {
    return this.subject.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.notifications.listen((payload) => {
      try {
        this.subject.next(JSON.parse(payload) as Change);
      } catch (err) {
        this.logger.warn({ err }, 'ignored a malformed change notification');
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.subject.complete();
    await this.notifications.stopListening();
  }

  /** Committed changes only: call after the transaction that made the change. */
  async publish(change: Change): Promise<void> {
    await this.notifications.notify(JSON.stringify(change));
  }

  async environmentsChanged(environmentIds: string[]): Promise<void> {
    await this.publish({ event: 'environment', data: { environmentIds, at: Date.now() } });
  }
}
