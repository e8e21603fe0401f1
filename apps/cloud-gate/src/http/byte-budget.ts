import { CloudGateError } from '../cloud-gate.errors';

/**
 * Bytes of request bodies held at once, across requests. Each request takes what it reads through
 * its own `ByteReservation` and gives it all back when it is done.
 */
export class ByteBudget {
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly onChange: (inUse: number) => void = () => undefined,
  ) {}

  get inUse(): number {
    return this.used;
  }

  reserve(): ByteReservation {
    return new ByteReservation(this);
  }

  /** Takes `bytes` when they fit, or when the taker holds everything in use (one body may always be read). */
  take(bytes: number, heldByTaker: number): boolean {
    if (this.used + bytes > this.limit && this.used > heldByTaker) return false;
    this.used += bytes;
    this.onChange(this.used);
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    this.onChange(this.used);
  }
}

export class ByteReservation {
  private held = 0;

  constructor(private readonly budget: ByteBudget) {}

  /** Takes `bytes` more or throws GATE_BUSY: the gate holds as much as it may. */
  take(bytes: number): void {
    if (!this.budget.take(bytes, this.held)) {
      throw new CloudGateError('GATE_BUSY', 'the gate is holding as many reports as it may right now; retry shortly', { limitBytes: this.budget.limit });
    }
    this.held += bytes;
  }

  release(): void {
    this.budget.give(this.held);
    this.held = 0;
  }
}
