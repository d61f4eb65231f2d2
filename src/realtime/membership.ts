import { CLOSE } from './close-codes';
import type { PresenceFollowers } from './presence-followers';
import type { Socket, SocketRegistry } from './socket-registry';

/**
 * Keeps the sockets' subscriptions in step with membership as the log reports it: a user who joins
 * a conversation gets it on their all-conversations sockets, one who leaves stops receiving it at once,
 * and every socket follows the presence of the people it shares a conversation with.
 */
export class Membership {
  constructor(
    private readonly registry: SocketRegistry,
    private readonly followers: PresenceFollowers,
  ) {}

  /** Resolves once the participants of the socket's conversations are known (shared with other sockets). */
  async followPresenceOf(ws: Socket, conversations: string[]): Promise<void> {
    await this.followers.hold(ws, conversations);
  }

  /** A participant joined: sockets that follow all of the user's conversations follow this one too. */
  joined(conversationId: string, userId: string): void {
    for (const ws of this.registry.socketsOf(userId)) {
      if (ws.getUserData().conversationId === null) {
        this.registry.follow(ws, conversationId);
        // A participant set read now may miss the join (read models lag the log): it is held first, so
        // the join below is applied on top of whatever the read gives. If the read fails, the socket
        // still gets the conversation's frames, only not its participants' presence until it reconnects.
        this.followers.hold(ws, [conversationId]).catch(() => {});
      }
    }
    this.followers.joined(conversationId, userId);
  }

  /** A participant left or was removed: their sockets stop receiving the conversation at once. */
  left(conversationId: string, userId: string): void {
    for (const ws of [...this.registry.socketsOf(userId)]) {
      const data = ws.getUserData();
      if (data.conversationId === conversationId) ws.end(CLOSE.REMOVED.code, CLOSE.REMOVED.reason);
      else {
        this.registry.unfollow(ws, conversationId);
        this.followers.release(ws, conversationId);
      }
    }
    this.followers.left(conversationId, userId);
  }
}
