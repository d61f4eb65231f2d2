import type { ReadModels } from '../readmodels/port';
import { CLOSE } from './close-codes';
import type { Socket, SocketRegistry } from './socket-registry';

/**
 * Keeps the sockets' subscriptions in step with membership as the log reports it: a user who joins
 * a conversation gets it on their all-conversations sockets, one who leaves stops receiving it at once,
 * and every socket follows the presence of the people it shares a conversation with.
 */
export class Membership {
  constructor(
    private readonly registry: SocketRegistry,
    private readonly readModels: Pick<ReadModels, 'participants'>,
  ) {}

  async followPresenceOf(ws: Socket, conversations: string[]): Promise<void> {
    const self = ws.getUserData().caller.actor.user_id;
    for (const id of conversations) {
      for (const participant of await this.readModels.participants(id)) {
        if (participant.user_id !== self) this.registry.followPresence(ws, participant.user_id);
      }
    }
  }

  /** A participant joined: sockets that follow all of the user's conversations follow this one too. */
  joined(conversationId: string, userId: string): void {
    for (const ws of this.registry.socketsOf(userId)) {
      if (ws.getUserData().conversationId === null) {
        this.registry.follow(ws, conversationId);
        void this.followPresenceOf(ws, [conversationId]);
      }
    }
    for (const ws of this.registry.socketsIn(conversationId)) {
      if (ws.getUserData().caller.actor.user_id !== userId) this.registry.followPresence(ws, userId);
    }
  }

  /** A participant left or was removed: their sockets stop receiving the conversation at once. */
  left(conversationId: string, userId: string): void {
    for (const ws of [...this.registry.socketsOf(userId)]) {
      const data = ws.getUserData();
      if (data.conversationId === conversationId) ws.end(CLOSE.REMOVED.code, CLOSE.REMOVED.reason);
      else this.registry.unfollow(ws, conversationId);
    }
  }
}
