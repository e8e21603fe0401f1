/** A slice of a partition handed to `CommitLine.add`, to be reported `done` or `failed`. */
export interface SliceTicket {
  readonly generation: number;
  readonly last: bigint;
  state: 'writing' | 'done' | 'failed';
}

/**
 * What of one partition may be committed. Slices are added in the order they were fetched and
 * finish in any order; the commit point is just after the longest run of finished slices from the
 * start, so nothing after an unfinished or failed slice is ever committed.
 *
 * A slice that does not come after the last one added means the partition is being read again from
 * an earlier offset (after a rebalance, or a seek back to a failed slice): the line starts anew and
 * what was added before is forgotten, so its slices finishing late commit nothing.
 */
export class CommitLine {
  private generation = 0;
  private pending: SliceTicket[] = [];
  private lastAdded?: bigint;

  add(first: string, last: string): SliceTicket {
    if (this.lastAdded !== undefined && BigInt(first) <= this.lastAdded) this.reset();
    const ticket: SliceTicket = { generation: this.generation, last: BigInt(last), state: 'writing' };
    this.pending.push(ticket);
    this.lastAdded = ticket.last;
    return ticket;
  }

  /** Marks the slice written; returns the offset to commit when the commit point moved (the next offset to read). */
  done(ticket: SliceTicket): string | undefined {
    if (ticket.generation !== this.generation) return undefined;
    ticket.state = 'done';
    let through: bigint | undefined;
    while (this.pending.length > 0 && this.pending[0].state === 'done') through = this.pending.shift()!.last;
    return through === undefined ? undefined : (through + 1n).toString();
  }

  /** The slice will not be written here: nothing from it on is committed until the line starts anew. */
  failed(ticket: SliceTicket): void {
    if (ticket.generation === this.generation) ticket.state = 'failed';
  }

  /** Forgets every slice added so far (the partition was taken away, or is read again). */
  reset(): void {
    this.generation += 1;
    this.pending = [];
    this.lastAdded = undefined;
  }
}
