/**
 * A bounded FIFO of reports waiting to be sent. When full, the oldest report is dropped to make room:
 * recent traffic is worth more than old, and memory stays bounded however long the gate is away.
 */
export class ReportBuffer<T> {
  private items: T[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Returns how many reports were dropped to make room (0 or 1). */
  push(item: T): number {
    let dropped = 0;
    if (this.size >= this.capacity) {
      this.head++;
      this.droppedCount++;
      dropped = 1;
    }
    this.items.push(item);
    this.compact();
    return dropped;
  }

  /** Removes and returns up to `max` of the oldest reports. */
  take(max: number): T[] {
    const batch = this.items.slice(this.head, this.head + max);
    this.head += batch.length;
    this.compact();
    return batch;
  }

  /** Puts an unsent batch back at the front, dropping (and counting) the oldest if that overflows. */
  requeue(batch: T[]): number {
    const room = Math.max(0, this.capacity - this.size);
    const kept = batch.slice(Math.max(0, batch.length - room));
    const dropped = batch.length - kept.length;
    this.items = [...kept, ...this.items.slice(this.head)];
    this.head = 0;
    this.droppedCount += dropped;
    return dropped;
  }

  // Array.shift is O(n); a moving head with occasional compaction keeps push/take cheap.
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
