import type { WebSocket } from 'uWebSockets.js';
import type { Caller } from '../auth/caller';

export interface SocketData {
  caller: Caller;
  /** The conversation of a single-conversation socket; null for a socket that follows all of them. */
  conversationId: string | null;
  since: string | null;
  conversations: Set<string>;
  /** Conversations whose participants' presence this socket sees (their sets are shared: PresenceFollowers). */
  presenceIn: string[];
  expiryTimer?: NodeJS.Timeout;
  open: boolean;
}

export type Socket = WebSocket<SocketData>;

export const conversationTopic = (id: string) => `conv/${id}`;

/** Which sockets of this node follow which conversations and belong to which users. */
export class SocketRegistry {
  private readonly byConversation = new Map<string, Set<Socket>>();
  private readonly byUser = new Map<string, Set<Socket>>();

  addSocket(ws: Socket): void {
    const user = ws.getUserData().caller.actor.user_id;
    const sockets = this.byUser.get(user) ?? new Set();
    this.byUser.set(user, sockets);
    sockets.add(ws);
  }

  removeSocket(ws: Socket): void {
    const data = ws.getUserData();
    data.open = false;
    for (const id of data.conversations) this.byConversation.get(id)?.delete(ws);
    const user = data.caller.actor.user_id;
    const sockets = this.byUser.get(user);
    sockets?.delete(ws);
    if (sockets?.size === 0) this.byUser.delete(user);
  }

  follow(ws: Socket, conversationId: string): void {
    const data = ws.getUserData();
    if (!data.open || data.conversations.has(conversationId)) return;
    data.conversations.add(conversationId);
    const sockets = this.byConversation.get(conversationId) ?? new Set();
    this.byConversation.set(conversationId, sockets);
    sockets.add(ws);
    ws.subscribe(conversationTopic(conversationId));
  }

  unfollow(ws: Socket, conversationId: string): void {
    const data = ws.getUserData();
    if (!data.conversations.delete(conversationId)) return;
    this.byConversation.get(conversationId)?.delete(ws);
    if (data.open) ws.unsubscribe(conversationTopic(conversationId));
  }

  socketsOf(userId: string): ReadonlySet<Socket> {
    return this.byUser.get(userId) ?? new Set();
  }

  socketsIn(conversationId: string): ReadonlySet<Socket> {
    return this.byConversation.get(conversationId) ?? new Set();
  }

  connectedUsers(): string[] {
    return [...this.byUser.keys()];
  }

  allSockets(): Socket[] {
    return [...this.byUser.values()].flatMap((sockets) => [...sockets]);
  }
}
