import type { Typing } from './types.js';

export interface TypingNotifierOptions {
  /** Sends one typing update (socket first, REST otherwise). */
  send(isTyping: boolean): void;
  /** Repeat "typing" at most this often while keys keep coming (the server forgets after 5 s). */
  throttleMs?: number;
  /** Say "stopped" this long after the last keystroke. */
  idleMs?: number;
}

/**
 * The typing helper for one conversation: call `keystroke()` on every input event. It sends
 * "typing" at most once per `throttleMs`, and "stopped" after `idleMs` without keys or on `stop()`.
 */
export class TypingNotifier {
  private typing = false;
  private lastSent = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: TypingNotifierOptions) {}

  keystroke(now = Date.now()): void {
    const throttle = this.options.throttleMs ?? 3000;
    if (!this.typing || now - this.lastSent >= throttle) {
      this.typing = true;
      this.lastSent = now;
      this.options.send(true);
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleMs ?? 4000);
  }

  /** Stopped typing (a message was sent, the field was cleared): says so once. */
  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.typing) return;
    this.typing = false;
    this.options.send(false);
  }
}

/**
 * Who is typing where, from typing frames. An entry expires by itself when its stop frame never
 * comes (a lost connection), a little after the server's own 5 s stop.
 */
export class TypingTracker {
  private readonly byConversation = new Map<string, Map<string, { typing: Typing; timer: unknown }>>();

  constructor(
    private readonly changed: (conversationId: string) => void,
    private readonly expireMs = 6000,
  ) {}

  apply(typing: Typing): void {
    let users = this.byConversation.get(typing.conversation_id);
    if (!users) {
      users = new Map();
      this.byConversation.set(typing.conversation_id, users);
    }
    const previous = users.get(typing.user_id);
    if (previous) clearTimeout(previous.timer as ReturnType<typeof setTimeout>);
    if (typing.is_typing) {
      const timer = setTimeout(() => this.apply({ ...typing, is_typing: false }), this.expireMs);
      users.set(typing.user_id, { typing, timer });
    } else if (previous) {
      users.delete(typing.user_id);
    } else {
      return;
    }
    this.changed(typing.conversation_id);
  }

  /** Users typing in a conversation now, in the order they started. */
  typingIn(conversationId: string): Typing[] {
    return [...(this.byConversation.get(conversationId)?.values() ?? [])].map((entry) => entry.typing);
  }

  /** Forgets everyone (a lost connection: no stop frame will come), telling each conversation. */
  clear(): void {
    const had = [...this.byConversation].filter(([, users]) => users.size > 0).map(([id]) => id);
    for (const users of this.byConversation.values()) {
      for (const { timer } of users.values()) clearTimeout(timer as ReturnType<typeof setTimeout>);
    }
    this.byConversation.clear();
    for (const conversationId of had) this.changed(conversationId);
  }
}
