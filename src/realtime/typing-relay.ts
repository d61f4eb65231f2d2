import type { TemplatedApp } from 'uWebSockets.js';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { Subscription } from '../eventstore/port';
import { type TypingState, typingFrame } from './frames';
import { conversationTopic } from './socket-registry';

/** A typing indicator lapses this long after its last refresh. */
export const TYPING_EXPIRY_MS = 5000;

/**
 * Typing signals from the ephemeral channel (published by any node, over REST or a socket) become
 * typing frames on the conversation's topic. Each node expires indicators itself: 5 s after the last
 * start it sends the stop frame. Typing never touches the log.
 */
export class TypingRelay {
  private subscription: Subscription | undefined;
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly channel: EphemeralChannel,
    private readonly app: TemplatedApp,
    private readonly now: () => string,
  ) {}

  start(): void {
    this.subscription = this.channel.subscribe((signal) => {
      if (signal.type === 'typing') this.relay(signal.data as unknown as TypingState);
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
    await this.subscription?.close();
  }

  private relay(typing: TypingState): void {
    const key = `${typing.conversation_id}\u0000${typing.user_id}`;
    const pending = this.expiries.get(key);
    if (pending) clearTimeout(pending);
    this.expiries.delete(key);
    this.publish(typing);
    if (!typing.is_typing) return;
    const timer = setTimeout(() => {
      this.expiries.delete(key);
      this.publish({ ...typing, is_typing: false });
    }, TYPING_EXPIRY_MS);
    timer.unref();
    this.expiries.set(key, timer);
  }

  private publish(typing: TypingState): void {
    this.app.publish(
      conversationTopic(typing.conversation_id),
      JSON.stringify(typingFrame(typing, this.now())),
    );
  }
}
