import type { UserEvent } from '../domain/user/events';

interface Held {
  /** Whom the user blocks. */
  blocked: Set<string>;
  /** Sockets of the user on this node: the entry is dropped when the last one closes. */
  holders: number;
  /** Changes the log reported while the user's stream was being read, applied on top of it. */
  pending?: { userId: string; blocked: boolean }[];
}

/**
 * Whom the users connected to this node block, so that their sockets get no typing and no presence
 * frames from those users. Read from each user's own stream when their first socket opens (the same
 * aggregate the write side decides on, no read model), then kept in step with the log's UserBlocked
 * and UserUnblocked, dropped when their last socket closes.
 */
export class BlockList {
  private readonly byUser = new Map<string, Held>();
  /** How many connected users block each user: the common case (none) costs one lookup. */
  private readonly blockerCount = new Map<string, number>();

  constructor(private readonly blockedBy: (userId: string) => Promise<Iterable<string>>) {}

  /** A socket of `userId` opened: resolves once whom they block is known. */
  async hold(userId: string): Promise<void> {
    const known = this.byUser.get(userId);
    if (known) {
      known.holders++;
      return;
    }
    const held: Held = { blocked: new Set(), holders: 1, pending: [] };
    this.byUser.set(userId, held);
    try {
      const blocked = await this.blockedBy(userId);
      // The user's sockets may all have closed meanwhile: a dropped entry counts for nothing.
      if (this.byUser.get(userId) === held) for (const id of blocked) this.set(held, id, true);
    } finally {
      const pending = held.pending ?? [];
      held.pending = undefined;
      if (this.byUser.get(userId) === held)
        for (const change of pending) this.set(held, change.userId, change.blocked);
    }
  }

  /** A socket of `userId` closed. */
  release(userId: string): void {
    const held = this.byUser.get(userId);
    if (!held) return;
    held.holders--;
    if (held.holders > 0) return;
    for (const id of held.blocked) this.set(held, id, false);
    this.byUser.delete(userId);
  }

  /** A fact of a user's stream, from the log: blocks of connected users are followed. */
  userChanged(event: UserEvent): void {
    if (event.type !== 'UserBlocked' && event.type !== 'UserUnblocked') return;
    const held = this.byUser.get(event.data.user_id);
    if (!held) return;
    const change = { userId: event.data.blocked_user_id, blocked: event.type === 'UserBlocked' };
    if (held.pending) held.pending.push(change);
    else this.set(held, change.userId, change.blocked);
  }

  /** Whether `viewer` (connected here) blocks `userId`. */
  blocks(viewer: string, userId: string): boolean {
    return this.byUser.get(viewer)?.blocked.has(userId) ?? false;
  }

  /** Whether some user connected here blocks `userId`. */
  isBlockedByAnyone(userId: string): boolean {
    return this.blockerCount.has(userId);
  }

  private set(held: Held, userId: string, blocked: boolean): void {
    if (held.blocked.has(userId) === blocked) return;
    const count = (this.blockerCount.get(userId) ?? 0) + (blocked ? 1 : -1);
    if (blocked) held.blocked.add(userId);
    else held.blocked.delete(userId);
    if (count > 0) this.blockerCount.set(userId, count);
    else this.blockerCount.delete(userId);
  }
}
