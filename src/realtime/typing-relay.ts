import type { TemplatedApp } from 'uWebSockets.js';
import type { EphemeralChannel } from '../eventstore/ephemeral';
import type { SupervisedLoop, Supervisor } from '../supervision/supervisor';
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
  private loop: SupervisedLoop | undefined;
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly channel: EphemeralChannel,
    private readonly app: TemplatedApp,
    private readonly now: () => string,
    /**
     * Delivers a frame itself when some sockets must not get it (their user blocks the typist) and
     * says so; otherwise the frame is published to the conversation's topic.
     */
    private readonly deliverFiltered: (typing: TypingState, frame: string) => boolean = () => false,
  ) {}

  /** Follows the channel for as long as the node runs: a failed subscription is made again. */
  start(supervisor: Supervisor): void {
    this.loop = supervisor.run('typing-relay', async (control) =>
      this.channel.subscribe((signal) => {
        if (signal.type === 'typing') this.relay(signal.data as unknown as TypingState);
        control.progressed();
      }, control.fail),
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
    await this.loop?.stop();
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
    const frame = JSON.stringify(typingFrame(typing, this.now()));
    if (this.deliverFiltered(typing, frame)) return;
    this.app.publish(conversationTopic(typing.conversation_id), frame);
  }
}
