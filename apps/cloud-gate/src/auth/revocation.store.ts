import { Injectable } from '@nestjs/common';
import { ChangeStreamService, Revocation } from '../control-plane/change-stream.service';
import { GateMetrics } from '../metrics/gate-metrics.service';

/** Token ids revoked at the control plane, kept in memory from the change stream. */
@Injectable()
export class RevocationStore {
  /** jti → local time it was heard of. */
  private revoked = new Map<string, number>();

  constructor(
    changes: ChangeStreamService,
    private readonly metrics: GateMetrics,
  ) {
    changes.subscribe({ onRevocations: (r, complete, asOf) => this.onRevocations(r, complete, asOf) });
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /**
   * A complete list replaces the set, which forgets tokens that have expired since; revocations heard
   * after the list was asked for (`asOf`) are kept, as the list may predate them.
   */
  onRevocations(revocations: Revocation[], complete: boolean, asOf?: number, now: number = Date.now()): void {
    if (complete) {
      const next = new Map(revocations.map((r) => [r.jti, now] as const));
      if (asOf !== undefined) for (const [jti, heardAt] of this.revoked) if (heardAt >= asOf) next.set(jti, heardAt);
      this.revoked = next;
    } else {
      for (const r of revocations) this.revoked.set(r.jti, now);
    }
    this.metrics.revokedTokens.set(this.revoked.size);
  }
}
