import { z } from 'zod';
import type { TokenVerifier } from '../auth/token-verifier';
import type { CommandDeps } from '../commands/deps';
import { publishTyping } from '../commands/presence-handlers';
import { refuseWhenTimedOut } from '../domain/conversation/moderation';
import { LimitExceeded, type UserRateLimit } from '../limits/user-limits';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { commandOutcome, toProblem } from '../views/problem';
import type { FrameCounter } from './frame-counter';
import { errorFrame, type Frame, invalidFrameDetail } from './frames';
import type { Socket } from './socket-registry';
import { refreshToken } from './token-expiry';

const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({
    type: z.literal('typing'),
    is_typing: z.boolean(),
    conversation_id: z.union([z.string(), z.number().int().transform(String)]).optional(),
  }),
  z.object({ type: z.literal('auth'), token: z.string().max(8192) }),
]);

export interface ClientFrameDeps {
  commands: Pick<CommandDeps, 'ephemeral' | 'now'>;
  verifyToken: TokenVerifier;
  /** Typing frames count against this per-user limit, the same bucket as POST /typing. */
  typingLimit?: UserRateLimit | undefined;
  frames: FrameCounter;
  metrics: Metrics;
  log: Logger;
  /** When a participant's timeout in a conversation ends, if it is still to come at `now`. */
  timedOutUntil?: (conversationId: string, userId: string, now: string) => Promise<string | undefined>;
}

/** What a client sends on an open socket: ping, typing, and a token refresh. */
export class ClientFrames {
  constructor(private readonly deps: ClientFrameDeps) {}

  received(ws: Socket, text: string): void {
    const now = new Date().toISOString();
    let frame: z.infer<typeof ClientFrame>;
    try {
      frame = ClientFrame.parse(JSON.parse(text));
    } catch (error) {
      this.deps.frames.send(ws, errorFrame('invalid_frame', invalidFrameDetail(error), now));
      return;
    }
    switch (frame.type) {
      case 'ping':
        this.deps.frames.send(ws, { type: 'pong', timestamp: now });
        return;
      case 'typing':
        this.typed(ws, frame.conversation_id ?? ws.getUserData().conversationId, frame.is_typing, now);
        return;
      case 'auth':
        void refreshToken(ws, frame.token, this.deps);
        return;
    }
  }

  /**
   * Typing in a conversation the socket follows. The socket follows only its user's conversations, as
   * the log tells them (another node's removal included), so that is the permission: no store read.
   */
  private typed(ws: Socket, conversationId: string | null, isTyping: boolean, now: string): void {
    const data = ws.getUserData();
    if (conversationId === null || !data.conversations.has(conversationId)) {
      const detail = 'typing needs the conversation_id of one of your conversations';
      this.refused(ws, errorFrame('invalid_frame', detail, now));
      return;
    }
    try {
      this.deps.typingLimit?.admit(data.caller.actor.user_id);
    } catch (error) {
      if (!(error instanceof LimitExceeded)) throw error;
      this.deps.metrics.rateLimitRefusals.inc({ limit: error.limit });
      const refusal = errorFrame(error.code, error.message, now);
      this.refused(ws, { ...refusal, retry_after: error.retryAfterSeconds });
      return;
    }
    const userId = data.caller.actor.user_id;
    const timedOut = this.deps.timedOutUntil?.(conversationId, userId, now) ?? Promise.resolve(undefined);
    timedOut
      .then((until) => {
        // A timed-out participant types no more than they write: the same refusal as POST /typing.
        refuseWhenTimedOut(until === undefined ? undefined : { timedOutUntil: until }, now);
        return publishTyping(this.deps.commands, data.caller.actor, conversationId, isTyping);
      })
      .then(
        () => this.deps.metrics.commands.inc({ command: 'set_typing', outcome: 'ok' }),
        (error: unknown) => {
          const outcome = commandOutcome(error);
          this.deps.metrics.commands.inc({ command: 'set_typing', outcome });
          if (outcome === 'error')
            this.deps.log.error({ err: error, user_id: data.caller.actor.user_id }, 'typing frame failed');
          const problem = toProblem(error);
          // The publish awaited: the socket may have closed meanwhile.
          if (data.open)
            this.deps.frames.send(ws, {
              ...errorFrame(problem.code, problem.message, now),
              ...problem.extensions,
            });
        },
      );
  }

  private refused(ws: Socket, frame: Frame): void {
    this.deps.metrics.commands.inc({ command: 'set_typing', outcome: 'refused' });
    this.deps.frames.send(ws, frame);
  }
}
