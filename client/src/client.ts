import { Listeners } from './emitter.js';
import type { FrameOf, FrameType, ServerFrame } from './frames.js';
import type { HttpOptions } from './http.js';
import {
  type ConnectionState,
  RealtimeConnection,
  type RealtimeOptions,
  type ResyncNotice,
  type WebSocketConstructor,
} from './realtime.js';
import { ChatApi } from './rest.js';
import { jwtClaims } from './token-expiry.js';
import type { Presence, Typing } from './types.js';
import { TypingNotifier, TypingTracker } from './typing.js';

export interface ChatClientOptions extends HttpOptions {
  /** The WebSocket class: the browser's by default; pass `ws`'s in Node. */
  WebSocket?: WebSocketConstructor;
  /** A WebSocket base URL, when the WebSocket port is reached apart from the REST one. */
  wsUrl?: string;
  /** Resume the first connection after this position (e.g. the `position` of a history page). */
  since?: string | null;
  backoff?: RealtimeOptions['backoff'];
  /** Options of the typing helper. */
  typing?: { throttleMs?: number; idleMs?: number };
}

type FrameListeners = { [T in FrameType]: FrameOf<T> };
export interface ChatEvents extends FrameListeners {
  state: ConnectionState;
  /** The server could not replay what was missed: reload the history of every open conversation. */
  resync: ResyncNotice;
  /** The users typing in a conversation changed. */
  typing_changed: { conversation_id: string; users: Typing[] };
  /** A user's presence changed. */
  presence_changed: Presence;
}

/**
 * The REST methods of `ChatApi`, plus one resuming WebSocket for all of the user's conversations,
 * typing (sending and tracking) and presence.
 */
export class ChatClient extends ChatApi {
  readonly realtime: RealtimeConnection;
  private readonly tracker: TypingTracker;
  private readonly notifiers = new Map<string, TypingNotifier>();
  private readonly presenceByUser = new Map<string, Presence>();
  private readonly listeners = new Listeners<ChatEvents>();
  private readonly clientOptions: ChatClientOptions;
  private readonly seen: { sub: string | null };

  constructor(options: ChatClientOptions) {
    // The user id is the `sub` of the tokens in use: remember it from each token a function gives.
    const seen = { sub: typeof options.token === 'string' ? (jwtClaims(options.token)?.sub ?? null) : null };
    const source = options.token;
    const token =
      typeof source === 'string'
        ? source
        : async () => {
            const fresh = await source();
            seen.sub = jwtClaims(fresh)?.sub ?? seen.sub;
            return fresh;
          };
    super({ ...options, token });
    this.seen = seen;
    const clientOptions = { ...options, token };
    this.clientOptions = clientOptions;
    this.realtime = new RealtimeConnection({
      baseUrl: clientOptions.baseUrl,
      token,
      ...(clientOptions.wsUrl !== undefined && { wsUrl: clientOptions.wsUrl }),
      ...(clientOptions.WebSocket && { WebSocket: clientOptions.WebSocket }),
      ...(clientOptions.since !== undefined && { since: clientOptions.since }),
      ...(clientOptions.backoff && { backoff: clientOptions.backoff }),
      ...(clientOptions.random && { random: clientOptions.random }),
    });
    this.tracker = new TypingTracker((conversationId) =>
      this.emit('typing_changed', {
        conversation_id: conversationId,
        users: this.tracker.typingIn(conversationId),
      }),
    );
    this.realtime.on('frame', (frame) => this.dispatch(frame));
    this.realtime.on('state', (state) => {
      // Typing frames are never replayed: what we knew is stale after a lost connection.
      if (state !== 'open') this.tracker.clear();
      this.emit('state', state);
    });
    this.realtime.on('resync', (notice) => this.emit('resync', notice));
  }

  /** The signed-in user's id (the token's `sub`); null until a token function has given one. */
  get userId(): string | null {
    return this.seen.sub;
  }

  get state(): ConnectionState {
    return this.realtime.state;
  }

  connect(): this {
    this.realtime.connect();
    return this;
  }

  close(): void {
    for (const notifier of this.notifiers.values()) notifier.stop();
    this.realtime.close();
    this.tracker.clear();
  }

  on<K extends keyof ChatEvents>(type: K, listener: (value: ChatEvents[K]) => void): () => void {
    return this.listeners.on(type, listener);
  }

  /** The typing helper of a conversation: `keystroke()` on input, `stop()` when sent or cleared. */
  typing(conversationId: string): TypingNotifier {
    let notifier = this.notifiers.get(conversationId);
    if (!notifier) {
      notifier = new TypingNotifier({
        ...this.clientOptions.typing,
        send: (isTyping) => {
          const frame = { type: 'typing' as const, conversation_id: conversationId, is_typing: isTyping };
          if (!this.realtime.send(frame)) void this.setTyping(conversationId, isTyping).catch(() => {});
        },
      });
      this.notifiers.set(conversationId, notifier);
    }
    return notifier;
  }

  /** Others typing in a conversation now (your own echo left out when the user id is known). */
  typingUsers(conversationId: string): Typing[] {
    return this.tracker.typingIn(conversationId);
  }

  /** The last presence seen of a user over this connection, or undefined. */
  presenceOf(userId: string): Presence | undefined {
    return this.presenceByUser.get(userId);
  }

  private dispatch(frame: ServerFrame): void {
    if (frame.type === 'typing') {
      const self = this.userId;
      if (frame.typing.user_id !== self) this.tracker.apply(frame.typing);
    }
    if (frame.type === 'presence') {
      this.presenceByUser.set(frame.presence.user_id, frame.presence);
      this.emit('presence_changed', frame.presence);
    }
    this.emit(frame.type, frame as never);
  }

  private emit<K extends keyof ChatEvents>(type: K, value: ChatEvents[K]): void {
    this.listeners.emit(type, value);
  }
}
