import type { SocketRegistry } from './socket-registry';

/**
 * The cap on one user's open sockets on this node. Upgrades past the check and not yet open count
 * against it too, so concurrent upgrades of one user cannot all pass before any of them opens.
 */
export class SocketCap {
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly registry: SocketRegistry,
    readonly maxPerUser: number,
  ) {}

  /** Admits one more upgrade of `userId` (pending until `settled`), or refuses it with false. */
  admit(userId: string): boolean {
    const pending = this.pending.get(userId) ?? 0;
    if (this.registry.socketsOf(userId).size + pending >= this.maxPerUser) return false;
    this.pending.set(userId, pending + 1);
    return true;
  }

  /** An admitted upgrade opened (the registry counts it now) or failed. */
  settled(userId: string): void {
    const pending = (this.pending.get(userId) ?? 1) - 1;
    if (pending > 0) this.pending.set(userId, pending);
    else this.pending.delete(userId);
  }
}
