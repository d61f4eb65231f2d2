import type { ReadModels } from '../readmodels/port';
import type { FrameCounter } from './frame-counter';
import type { Socket, SocketRegistry } from './socket-registry';

/** The participants of one conversation some socket of this node follows, shared by all those sockets. */
interface Followed {
  members: Set<string>;
  /** Sockets holding the entry: it is dropped when the last one lets go. */
  holders: number;
  /** Changes the log reported while the read model was being read, applied on top of what it said. */
  pending?: { userId: string; joined: boolean }[];
  ready: Promise<void>;
}

/**
 * Who sees whose presence on this node: a socket sees the presence of everyone who shares a
 * conversation with it (DESIGN decision 7: one frame per socket, however many conversations they
 * share). The participants of each conversation followed here are kept once per node, not once per
 * socket: read from the read model when its first socket opens, then kept in step with the log
 * (`joined`, `left`), dropped when its last socket closes. A presence frame is sent straight to the
 * sockets that follow a conversation of the user, so a socket costs no subscription per co-participant.
 */
export class PresenceFollowers {
  private readonly byConversation = new Map<string, Followed>();
  /** The followed conversations of each participant of one of them. */
  private readonly byUser = new Map<string, Set<string>>();

  constructor(
    private readonly registry: SocketRegistry,
    private readonly readModels: Pick<ReadModels, 'participants'>,
    private readonly frames: FrameCounter,
  ) {}

  /**
   * The socket holds these conversations' participants until it lets go of them (`release`); resolves
   * once they are known, so presence frames reach it from when it follows the conversations.
   */
  async hold(ws: Socket, conversations: string[]): Promise<void> {
    const data = ws.getUserData();
    const held: string[] = [];
    for (const id of conversations) {
      if (!data.open || data.presenceIn.includes(id)) continue;
      data.presenceIn.push(id);
      held.push(id);
    }
    const loads = await Promise.allSettled(held.map((id) => this.acquire(id).ready));
    // A conversation whose participants could not be read is no longer held (its entry is gone).
    const failed = held.filter((_, i) => loads[i]?.status === 'rejected');
    if (failed.length === 0) return;
    data.presenceIn = data.presenceIn.filter((id) => !failed.includes(id));
    throw (loads.find((load) => load.status === 'rejected') as PromiseRejectedResult).reason;
  }

  /** Lets go of one conversation (the socket stopped following it), or of all of them (it closed). */
  release(ws: Socket, conversationId?: string): void {
    const data = ws.getUserData();
    const released =
      conversationId === undefined ? data.presenceIn : data.presenceIn.filter((id) => id === conversationId);
    data.presenceIn =
      conversationId === undefined ? [] : data.presenceIn.filter((id) => id !== conversationId);
    for (const id of released) {
      const followed = this.byConversation.get(id);
      if (followed === undefined) continue;
      followed.holders--;
      if (followed.holders === 0) this.drop(id, followed);
    }
  }

  /** The log says a user joined a conversation: its sockets here see their presence from now on. */
  joined(conversationId: string, userId: string): void {
    const followed = this.byConversation.get(conversationId);
    if (followed?.pending) followed.pending.push({ userId, joined: true });
    else if (followed) this.add(conversationId, followed, userId);
  }

  /** The log says a user left a conversation: its sockets no longer see their presence through it. */
  left(conversationId: string, userId: string): void {
    const followed = this.byConversation.get(conversationId);
    if (followed?.pending) followed.pending.push({ userId, joined: false });
    else if (followed) this.remove(conversationId, followed, userId);
  }

  /**
   * One presence frame of `userId` to every socket sharing a conversation with them, once each, but
   * none to a viewer who blocks them (`hidden`).
   */
  deliver(userId: string, frame: string, hidden: (viewer: string) => boolean = () => false): void {
    const conversations = this.byUser.get(userId);
    if (!conversations) return;
    // Sharing several conversations with the user must not mean several frames.
    const sent = conversations.size > 1 ? new Set<Socket>() : undefined;
    let count = 0;
    for (const id of conversations) {
      for (const ws of this.registry.socketsIn(id)) {
        const viewer = ws.getUserData().caller.actor.user_id;
        if (viewer === userId || sent?.has(ws) || hidden(viewer)) continue;
        sent?.add(ws);
        ws.send(frame);
        count++;
      }
    }
    this.frames.count(frame, count);
  }

  private acquire(conversationId: string): Followed {
    const known = this.byConversation.get(conversationId);
    if (known) {
      known.holders++;
      return known;
    }
    const followed: Followed = { members: new Set(), holders: 1, pending: [], ready: Promise.resolve() };
    this.byConversation.set(conversationId, followed);
    followed.ready = this.load(conversationId, followed);
    return followed;
  }

  private async load(conversationId: string, followed: Followed): Promise<void> {
    try {
      for (const participant of await this.readModels.participants(conversationId)) {
        this.add(conversationId, followed, participant.user_id);
      }
    } catch (error) {
      // Not kept half-known: the next socket to open reads it again. Every holder is waiting in
      // `hold`, which lets go of it there.
      if (this.byConversation.get(conversationId) === followed) this.drop(conversationId, followed);
      throw error;
    }
    for (const change of followed.pending ?? []) {
      if (change.joined) this.add(conversationId, followed, change.userId);
      else this.remove(conversationId, followed, change.userId);
    }
    followed.pending = undefined;
  }

  private add(conversationId: string, followed: Followed, userId: string): void {
    if (this.byConversation.get(conversationId) !== followed) return;
    followed.members.add(userId);
    const conversations = this.byUser.get(userId) ?? new Set();
    this.byUser.set(userId, conversations);
    conversations.add(conversationId);
  }

  private remove(conversationId: string, followed: Followed, userId: string): void {
    followed.members.delete(userId);
    const conversations = this.byUser.get(userId);
    conversations?.delete(conversationId);
    if (conversations?.size === 0) this.byUser.delete(userId);
  }

  private drop(conversationId: string, followed: Followed): void {
    for (const userId of followed.members) this.remove(conversationId, followed, userId);
    this.byConversation.delete(conversationId);
  }
}
