import { ForwardingEventStore } from '../../eventstore/forwarding-event-store';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../../eventstore/port';

/**
 * Passes appends on to the store in an order announced beforehand (by first event id), whatever order
 * they arrive in: a decorator in front of it may take longer over one append than over the next (a
 * data key looked up, or found in its cache), and a copy of a log must keep the log's order while it
 * keeps many appends in flight, so that the store's writer commits them in groups.
 */
export class OrderedAppends extends ForwardingEventStore {
  private readonly order: string[] = [];
  private readonly announced = new Set<string>();
  private next = 0;
  private readonly arrived = new Map<string, () => void>();

  /** The append whose first event has this id goes after every one announced before it. */
  announce(eventId: string): void {
    this.order.push(eventId);
    this.announced.add(eventId);
  }

  override append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const first = events[0]?.id;
    if (first === undefined || !this.announced.delete(first)) {
      return Promise.reject(new Error(`an append that was not announced (stream ${streamId})`));
    }
    return new Promise((resolve, reject) => {
      this.arrived.set(first, () => this.inner.append(streamId, events, expected).then(resolve, reject));
      this.release();
    });
  }

  /** Hands the store every append whose turn has come, in order, synchronously. */
  private release(): void {
    for (;;) {
      const id = this.order[this.next];
      const go = id === undefined ? undefined : this.arrived.get(id);
      if (id === undefined || !go) break;
      this.arrived.delete(id);
      this.next++;
      go();
    }
    if (this.next > 4096) {
      this.order.splice(0, this.next);
      this.next = 0;
    }
  }
}
