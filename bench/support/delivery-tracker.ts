import { performance } from 'node:perf_hooks';

/** Which subscribers have seen which tags: one bit per (subscriber, tag). */
class SeenBits {
  private bits = new Uint8Array(1024);

  /** Marks the tag seen; false when it was seen already. */
  mark(tag: number): boolean {
    const byte = tag >> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (tag & 7);
    if ((this.bits[byte] as number) & mask) return false;
    this.bits[byte] = (this.bits[byte] as number) | mask;
    return true;
  }
}

export interface DeliveryCounts {
  sent: number;
  acknowledged: number;
  /** Acknowledged (2xx) but missing on at least one subscriber of its conversation. */
  lost: number;
  /** Frames a subscriber received a second time. */
  duplicates: number;
  deliveries: number;
}

/**
 * Follows every tagged message from the start of its POST to its arrival on each subscriber of its
 * group (conversation): end-to-end latencies per phase, and what was acknowledged but never arrived.
 */
export class DeliveryTracker {
  private readonly startedAt: number[] = [];
  private readonly groupOf: number[] = [];
  private readonly phaseOf: number[] = [];
  private readonly acked: boolean[] = [];
  private readonly received: number[] = [];
  private readonly seen: SeenBits[] = [];
  private readonly groupSize: number[] = [];
  private readonly phases: string[] = [];
  private readonly samples: number[][] = [];
  private currentPhase = -1;
  private readonly completion = new Map<number, () => void>();
  duplicates = 0;
  deliveries = 0;

  /** Registers a subscriber of `group`; returns its index for `receive`. */
  addSubscriber(group: number): number {
    this.seen.push(new SeenBits());
    this.groupSize[group] = (this.groupSize[group] ?? 0) + 1;
    return this.seen.length - 1;
  }

  /** Latencies of messages started from now on are kept under this name. */
  beginPhase(name: string): void {
    this.phases.push(name);
    this.samples.push([]);
    this.currentPhase = this.phases.length - 1;
  }

  /** A message is about to be POSTed: its tag. */
  start(group: number): number {
    const tag = this.startedAt.length;
    this.startedAt.push(performance.now());
    this.groupOf.push(group);
    this.phaseOf.push(this.currentPhase);
    this.acked.push(false);
    this.received.push(0);
    return tag;
  }

  ack(tag: number): void {
    this.acked[tag] = true;
  }

  receive(subscriber: number, tag: number): void {
    const at = performance.now();
    const startedAt = this.startedAt[tag];
    const seen = this.seen[subscriber];
    if (startedAt === undefined || !seen) return;
    if (!seen.mark(tag)) {
      this.duplicates++;
      return;
    }
    const received = (this.received[tag] ?? 0) + 1;
    this.received[tag] = received;
    if (received === this.groupSize[this.groupOf[tag] as number]) {
      this.completion.get(tag)?.();
      this.completion.delete(tag);
    }
    this.deliveries++;
    const phase = this.phaseOf[tag] as number;
    if (phase >= 0) this.samples[phase]?.push(at - startedAt);
  }

  /** Resolves once every subscriber of the tag's group has it, or after `timeoutMs` (false then). */
  whenDelivered(tag: number, timeoutMs: number): Promise<boolean> {
    if ((this.received[tag] ?? 0) >= (this.groupSize[this.groupOf[tag] as number] ?? 0)) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.completion.delete(tag);
        resolve(false);
      }, timeoutMs);
      this.completion.set(tag, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  latencies(phase: string): number[] {
    const index = this.phases.indexOf(phase);
    return index === -1 ? [] : (this.samples[index] ?? []);
  }

  counts(): DeliveryCounts {
    let acknowledged = 0;
    let lost = 0;
    for (let tag = 0; tag < this.startedAt.length; tag++) {
      if (!this.acked[tag]) continue;
      acknowledged++;
      if ((this.received[tag] as number) < (this.groupSize[this.groupOf[tag] as number] ?? 0)) lost++;
    }
    return {
      sent: this.startedAt.length,
      acknowledged,
      lost,
      duplicates: this.duplicates,
      deliveries: this.deliveries,
    };
  }
}
