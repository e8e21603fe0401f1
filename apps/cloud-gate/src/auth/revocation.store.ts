import { Injectable } from '@nestjs/common';
import { ChangeStreamService, Revocation } from '../control-plane/change-stream.service';
import { GateMetrics } from '../metrics/gate-metrics.service';

/** Token ids revoked at the control plane, kept in memory from the change stream. */
@Injectable()
export class RevocationStore {
  private revoked = new Set<string>();

  constructor(
    changes: ChangeStreamService,
    private readonly metrics: GateMetrics,
  ) {
    changes.subscribe({ onRevocations: (r, complete) => this.onRevocations(r, complete) });
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /** A complete list (first connect) replaces the set, which also forgets tokens that have since expired. */
  onRevocations(revocations: Revocation[], complete: boolean): void {
    if (complete) this.revoked = new Set(revocations.map((r) => r.jti));
    else for (const r of revocations) this.revoked.add(r.jti);
    this.metrics.revokedTokens.set(this.revoked.size);
  }
}
